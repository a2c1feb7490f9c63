/* Denoiser configuration: noisereduce 3.0.3 defaults and validation. */
#include <math.h>

#include "audio/denoise_internal.h"

/* Widest smoothing accepted, in bins or frames on each side: far beyond
 * any useful setting, and it bounds the smoothing buffers. */
#define SER_DN_MAX_GRAD 4096

ser_denoise_config ser_denoise_config_default(void)
{
    ser_denoise_config c;
    c.sample_rate = 16000.0;
    c.mode = SER_DENOISE_NONSTATIONARY;
    c.prop_decrease = 1.0;
    c.time_constant_s = 2.0;
    c.freq_mask_smooth_hz = 500.0;
    c.time_mask_smooth_ms = 50.0;
    c.thresh_n_mult_nonstationary = 2.0;
    c.sigmoid_slope_nonstationary = 10.0;
    c.n_std_thresh_stationary = 1.5;
    c.clip_noise_stationary = true;
    c.chunk_size = 600000;
    c.padding = 30000;
    c.n_fft = 1024;
    c.win_length = 0;
    c.hop_length = 0;
    c.max_input_samples = 0;
    return c;
}

/* Half-width of a smoothing triangle: int(width / unit) as noisereduce
 * computes it; 0 for "not given" (width 0). */
static ser_status grad_width(double width, double unit, const char *name, const char *what, size_t *out,
                             ser_error *err)
{
    if (!isfinite(width) || width < 0.0)
        return ser_error_set(err, SER_ERR_ARG, "denoise: %s must be finite and >= 0 (0 = no smoothing), got %g",
                             name, width);
    if (width == 0.0) {
        *out = 0;
        return SER_OK;
    }
    double n = width / unit;
    if (n < 1.0)
        return ser_error_set(err, SER_ERR_ARG, "denoise: %s needs to be at least %d%s (one %s), got %g", name,
                             (int)unit, what[0] == 'b' ? "Hz" : "ms", what, width);
    if (n >= SER_DN_MAX_GRAD + 1.0)
        return ser_error_set(err, SER_ERR_ARG, "denoise: %s = %g spans more than %d %ss", name, width,
                             SER_DN_MAX_GRAD, what);
    *out = (size_t)n;
    return SER_OK;
}

ser_status ser__denoise_resolve(const ser_denoise_config *cfg, ser_denoise_config *out, size_t *n_grad_freq,
                                size_t *n_grad_time, ser_error *err)
{
    if (!cfg)
        return ser_error_set(err, SER_ERR_ARG, "denoise: no config");
    ser_denoise_config c = *cfg;
    if (!isfinite(c.sample_rate) || c.sample_rate <= 0.0)
        return ser_error_set(err, SER_ERR_ARG, "denoise: sample_rate must be > 0 Hz, got %g", c.sample_rate);
    if (c.mode != SER_DENOISE_NONSTATIONARY && c.mode != SER_DENOISE_STATIONARY)
        return ser_error_set(err, SER_ERR_ARG, "denoise: unknown mode %d", (int)c.mode);
    if (c.n_fft < 2 || c.n_fft % 2 != 0 || c.n_fft > (1u << 24))
        return ser_error_set(err, SER_ERR_ARG, "denoise: n_fft must be even and in [2, 2^24], got %zu", c.n_fft);
    if (c.win_length == 0)
        c.win_length = c.n_fft;
    if (c.win_length > c.n_fft)
        return ser_error_set(err, SER_ERR_ARG, "denoise: win_length %zu exceeds n_fft %zu", c.win_length, c.n_fft);
    if (c.hop_length == 0)
        c.hop_length = c.win_length / 4;
    if (c.hop_length == 0 || c.hop_length > c.win_length)
        return ser_error_set(err, SER_ERR_ARG, "denoise: hop_length must be in [1, win_length = %zu], got %zu",
                             c.win_length, c.hop_length);
    if (!isfinite(c.prop_decrease) || c.prop_decrease < 0.0 || c.prop_decrease > 1.0)
        return ser_error_set(err, SER_ERR_ARG, "denoise: prop_decrease must be in [0, 1], got %g", c.prop_decrease);
    if (!isfinite(c.time_constant_s) || c.time_constant_s <= 0.0)
        return ser_error_set(err, SER_ERR_ARG, "denoise: time_constant_s must be > 0 s, got %g", c.time_constant_s);
    if (!isfinite(c.thresh_n_mult_nonstationary) || !isfinite(c.sigmoid_slope_nonstationary) ||
        !isfinite(c.n_std_thresh_stationary))
        return ser_error_set(err, SER_ERR_ARG,
                             "denoise: thresh_n_mult_nonstationary, sigmoid_slope_nonstationary and "
                             "n_std_thresh_stationary must be finite");
    if (c.chunk_size == 0 && c.max_input_samples == 0)
        return ser_error_set(err, SER_ERR_ARG,
                             "denoise: chunk_size 0 (whole input at once) needs max_input_samples > 0");

    size_t nf = 0, nt = 0;
    /* noisereduce: int(freq_mask_smooth_hz / (sr / (n_fft / 2))) and
     * int(time_mask_smooth_ms / ((hop / sr) * 1000)) */
    ser_status s = grad_width(c.freq_mask_smooth_hz, c.sample_rate / ((double)c.n_fft / 2.0), "freq_mask_smooth_hz",
                              "bin", &nf, err);
    if (s != SER_OK)
        return s;
    s = grad_width(c.time_mask_smooth_ms, ((double)c.hop_length / c.sample_rate) * 1000.0, "time_mask_smooth_ms",
                   "frame", &nt, err);
    if (s != SER_OK)
        return s;
    /* One axis not given smooths with half-width 1 along it; neither given,
     * or both 1, means no smoothing. */
    if (nf == 0 && nt == 0) {
        nf = nt = 0;
    } else {
        nf = nf ? nf : 1;
        nt = nt ? nt : 1;
        if (nf == 1 && nt == 1)
            nf = nt = 0;
    }
    if (out)
        *out = c;
    if (n_grad_freq)
        *n_grad_freq = nf;
    if (n_grad_time)
        *n_grad_time = nt;
    return SER_OK;
}

ser_status ser_denoise_config_check(const ser_denoise_config *cfg, ser_error *err)
{
    return ser__denoise_resolve(cfg, NULL, NULL, NULL, err);
}
