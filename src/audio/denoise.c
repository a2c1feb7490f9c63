/* Spectral-gating denoiser object: buffers, chunking and the per-chunk
 * pipeline (STFT, mask, smoothing, inverse STFT).  See ser/denoise.h. */
#include "ser/denoise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audio/denoise_internal.h"
#include "ser/util.h"

void ser_denoise_destroy(ser_denoise *dn)
{
    if (!dn)
        return;
    ser_fft_destroy(dn->fft);
    ser_istft_destroy(dn->istft);
    free(dn->window);
    free(dn->short_window);
    free(dn->frame);
    free(dn->bins);
    free(dn->per_bin);
    free(dn->threshold);
    free(dn->kernel_freq);
    free(dn->kernel_time);
    free(dn->ring);
    free(dn->row);
    free(dn->chunk);
    free(dn->spec);
    free(dn->mask);
    free(dn);
}

/* Chunk length (input samples plus padding on both sides) the buffers
 * must hold; false on overflow. */
static bool chunk_capacity(const ser_denoise_config *c, size_t *out)
{
    size_t body = c->chunk_size;
    if (c->chunk_size == 0 || (c->max_input_samples > 0 && c->max_input_samples < c->chunk_size))
        body = c->max_input_samples;
    size_t pad2;
    return ser_size_mul(c->padding, 2, &pad2) && ser_size_add(body, pad2, out);
}

static ser_denoise *create_failed(ser_denoise *dn, ser_status status, ser_status *err)
{
    ser_denoise_destroy(dn);
    if (err)
        *err = status;
    return NULL;
}

ser_denoise *ser_denoise_create(const ser_denoise_config *cfg, ser_status *err, ser_error *detail)
{
    ser_denoise_config c;
    size_t nf, nt;
    ser_status s = ser__denoise_resolve(cfg, &c, &nf, &nt, detail);
    if (s != SER_OK)
        return create_failed(NULL, s, err);
    ser_denoise *dn = calloc(1, sizeof *dn);
    if (!dn)
        return create_failed(NULL, SER_ERR_NOMEM, err);
    dn->cfg = c;
    dn->n_bins = c.n_fft / 2 + 1;
    const size_t n_bins = dn->n_bins;

    size_t max_chunk;
    if (!chunk_capacity(&c, &max_chunk)) {
        ser_error_set(detail, SER_ERR_OVERFLOW, "denoise: chunk_size + 2*padding overflows");
        return create_failed(dn, SER_ERR_OVERFLOW, err);
    }
    dn->max_chunk = max_chunk;
    ser__dn_framing fr = {c.win_length, c.hop_length, c.win_length / 2, NULL, 0.0f};
    dn->max_frames = ser__dn_frame_count(&fr, max_chunk);

    dn->fft = ser_fft_create(c.n_fft, &s);
    if (!dn->fft)
        return create_failed(dn, s, err);
    ser_istft_config ic = ser_istft_config_scipy(c.win_length, c.win_length - c.hop_length, c.n_fft);
    dn->istft = ser_istft_create(&ic, &s);
    if (!dn->istft)
        return create_failed(dn, s, err);

    dn->window = ser_alloc_array(c.win_length, sizeof *dn->window);
    dn->short_window = ser_alloc_array(c.win_length, sizeof *dn->short_window);
    dn->frame = ser_alloc_array(c.n_fft, sizeof *dn->frame);
    dn->bins = ser_alloc_array(2 * n_bins, sizeof *dn->bins);
    dn->per_bin = ser_alloc_array(3 * n_bins, sizeof *dn->per_bin);
    dn->threshold = ser_alloc_array(n_bins, sizeof *dn->threshold);
    dn->chunk = ser_alloc_array(max_chunk, sizeof *dn->chunk);
    size_t cells = 0;
    bool sizes_ok = ser_size_mul(dn->max_frames, n_bins, &cells);
    dn->spec = sizes_ok ? ser_alloc_array(cells, 2 * sizeof *dn->spec) : NULL;
    dn->mask = sizes_ok ? ser_alloc_array(cells, sizeof *dn->mask) : NULL;
    if (!dn->window || !dn->short_window || !dn->frame || !dn->bins || !dn->per_bin || !dn->threshold ||
        !dn->chunk || !dn->spec || !dn->mask) {
        ser_error_set(detail, SER_ERR_NOMEM, "denoise: cannot allocate buffers for %zu-sample chunks", max_chunk);
        return create_failed(dn, SER_ERR_NOMEM, err);
    }
    ser_window_fill(SER_WINDOW_HANN, dn->window, c.win_length, true);

    dn->smooth = nf > 0 && nt > 0;
    if (dn->smooth) {
        dn->n_grad_freq = nf;
        dn->n_grad_time = nt;
        dn->kernel_freq = ser_alloc_array(2 * nf + 1, sizeof *dn->kernel_freq);
        dn->kernel_time = ser_alloc_array(2 * nt + 1, sizeof *dn->kernel_time);
        dn->ring = ser_alloc_array((2 * nt + 1) * n_bins, sizeof *dn->ring);
        dn->row = ser_calloc_array(2 * n_bins + 3 * nf, sizeof *dn->row);
        if (!dn->kernel_freq || !dn->kernel_time || !dn->ring || !dn->row)
            return create_failed(dn, SER_ERR_NOMEM, err);
        ser__dn_triangle(nf, dn->kernel_freq);
        ser__dn_triangle(nt, dn->kernel_time);
        double sum = 0.0;
        for (size_t i = 0; i < 2 * nf + 1; i++)
            for (size_t j = 0; j < 2 * nt + 1; j++)
                sum += dn->kernel_freq[i] * dn->kernel_time[j];
        dn->kernel_sum = sum;
    }
    if (err)
        *err = SER_OK;
    return dn;
}

ser_status ser_denoise_set_noise(ser_denoise *dn, const float *noise, size_t n, ser_error *err)
{
    if (!dn)
        return ser_error_set(err, SER_ERR_ARG, "denoise: no denoiser");
    if (dn->cfg.mode != SER_DENOISE_STATIONARY)
        return ser_error_set(err, SER_ERR_STATE, "denoise: a noise clip is only used in stationary mode");
    if (!noise) {
        if (n != 0)
            return ser_error_set(err, SER_ERR_ARG, "denoise: NULL noise clip of %zu samples", n);
        dn->noise_set = false;
        return SER_OK;
    }
    if (n == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "denoise: empty noise clip");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(noise[i]))
            return ser_error_set(err, SER_ERR_NONFINITE, "denoise: noise clip sample %zu is not finite", i);
    if (dn->cfg.clip_noise_stationary && dn->cfg.chunk_size > 0 && n > dn->cfg.chunk_size)
        n = dn->cfg.chunk_size;
    dn->noise_set = false;
    ser_status s = ser__dn_noise_threshold(dn, noise, n, err);
    dn->noise_set = s == SER_OK;
    return s;
}

/* Filter the chunk in dn->chunk[0..len) and write its samples
 * [first, first + n_out) to dst. */
static ser_status filter_chunk(ser_denoise *dn, size_t len, size_t first, size_t n_out, float *dst, ser_error *err)
{
    const size_t n_bins = dn->n_bins, win = dn->cfg.win_length, hop = dn->cfg.hop_length;
    ser__dn_framing fr = ser__dn_chunk_framing(dn);
    if (len < win)
        return ser_error_set(err, SER_ERR_ARG,
                             "denoise: %zu samples with padding is shorter than win_length %zu (noisereduce "
                             "fails here too); raise padding",
                             len, win);
    size_t n_frames = ser__dn_frame_count(&fr, len);
    for (size_t k = 0; k < n_frames; k++)
        ser__dn_frame_spectrum(dn, &fr, dn->chunk, len, k, dn->spec + 2 * k * n_bins);

    /* frames whose window reaches output samples [first, first + n_out):
     * frame k covers overlap-add positions [k*hop, k*hop + win), and output
     * sample p sits at position p + win/2 */
    size_t qa = first + fr.half, qb = first + n_out - 1 + fr.half;
    size_t k_lo = qa >= win ? (qa - win) / hop + 1 : 0;
    size_t k_hi = qb / hop;
    if (k_hi >= n_frames)
        k_hi = n_frames - 1;
    size_t nt = dn->smooth ? dn->n_grad_time : 0;
    size_t r_lo = k_lo > nt ? k_lo - nt : 0;
    size_t r_hi = k_hi + nt < n_frames ? k_hi + nt : n_frames - 1;

    if (dn->cfg.mode == SER_DENOISE_STATIONARY)
        ser__dn_stationary_mask(dn, n_frames, r_lo, r_hi);
    else
        ser__dn_nonstationary_mask(dn, n_frames, r_lo, r_hi);
    if (dn->smooth)
        ser__dn_smooth_mask(dn, r_lo, r_hi, k_lo, k_hi);

    const double prop = dn->cfg.prop_decrease;
    const bool scale_after = dn->cfg.mode == SER_DENOISE_NONSTATIONARY;
    for (size_t k = k_lo; k <= k_hi; k++) {
        float *bins = dn->spec + 2 * k * n_bins;
        const double *mask = dn->mask + k * n_bins;
        for (size_t f = 0; f < n_bins; f++) {
            double m = scale_after ? mask[f] * prop + (1.0 - prop) : mask[f];
            bins[2 * f] = (float)(bins[2 * f] * m);
            bins[2 * f + 1] = (float)(bins[2 * f + 1] * m);
        }
    }
    /* scipy's istft output ends at its natural length; noisereduce leaves
     * the rest of the chunk 0 */
    size_t natural = ser_istft_length(dn->istft, n_frames);
    size_t n_valid = natural > first ? natural - first : 0;
    if (n_valid > n_out)
        n_valid = n_out;
    memset(dst + n_valid, 0, (n_out - n_valid) * sizeof *dst);
    return ser_istft_process_range(dn->istft, dn->spec, n_frames, first, dst, n_valid);
}

/* Read count samples, from position `from` on, of the signal in[0..n)
 * preceded by lead_zeros zeros and followed by zeros: dst[j] is
 * in[from + j - lead_zeros] where that index lies in [0, n), else 0. */
static void read_padded(const float *in, size_t n, size_t from, size_t count, size_t lead_zeros, float *dst)
{
    for (size_t j = 0; j < count; j++) {
        size_t pos = from + j;
        dst[j] = (pos >= lead_zeros && pos - lead_zeros < n) ? in[pos - lead_zeros] : 0.0f;
    }
}

ser_status ser_denoise_process(ser_denoise *dn, const float *in, size_t n, float *out, ser_error *err)
{
    if (!dn)
        return ser_error_set(err, SER_ERR_ARG, "denoise: no denoiser");
    if (n == 0)
        return SER_OK;
    if (!in || !out)
        return ser_error_set(err, SER_ERR_ARG, "denoise: NULL buffer");
    const ser_denoise_config *c = &dn->cfg;
    if (c->max_input_samples > 0 && n > c->max_input_samples &&
        (c->chunk_size == 0 || c->max_input_samples < c->chunk_size))
        return ser_error_set(err, SER_ERR_ARG, "denoise: %zu samples exceed max_input_samples %zu", n,
                             c->max_input_samples);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(in[i]))
            return ser_error_set(err, SER_ERR_NONFINITE, "denoise: input sample %zu is not finite", i);

    if (c->mode == SER_DENOISE_STATIONARY && !dn->noise_set) {
        size_t n_noise = n;
        if (c->clip_noise_stationary && c->chunk_size > 0 && n_noise > c->chunk_size)
            n_noise = c->chunk_size;
        ser_status s = ser__dn_noise_threshold(dn, in, n_noise, err);
        if (s != SER_OK)
            return s;
    }

    const size_t pad = c->padding;
    if (c->chunk_size == 0 || n <= c->chunk_size) {
        /* one chunk: zeros, the input, zeros */
        size_t len = n + 2 * pad;
        read_padded(in, n, 0, len, pad, dn->chunk);
        return filter_chunk(dn, len, pad, n, out, err);
    }
    /* chunks [i*cs, (i+1)*cs), each read with pad samples of context; the
     * last one is zero-filled past the input, as noisereduce reads it */
    const size_t cs = c->chunk_size, len = cs + 2 * pad;
    for (size_t start = 0; start < n; start += cs) {
        if (start == 0) {
            read_padded(in, n, 0, len, pad, dn->chunk);
        } else {
            /* the previous chunk's last 2*pad samples open this one: take
             * them from the buffer, so that out may equal in */
            memmove(dn->chunk, dn->chunk + cs, 2 * pad * sizeof *dn->chunk);
            read_padded(in, n, start + pad, len - 2 * pad, 0, dn->chunk + 2 * pad);
        }
        size_t n_out = n - start < cs ? n - start : cs;
        ser_status s = filter_chunk(dn, len, pad, n_out, out + start, err);
        if (s != SER_OK)
            return s;
    }
    return SER_OK;
}

ser_status ser_denoise_buffer(const ser_denoise_config *cfg, const float *in, size_t n, float *out, ser_error *err)
{
    if (!cfg)
        return ser_error_set(err, SER_ERR_ARG, "denoise: no config");
    ser_denoise_config c = *cfg;
    c.max_input_samples = n > 0 ? n : 1;
    ser_status s = SER_OK;
    ser_denoise *dn = ser_denoise_create(&c, &s, err);
    if (!dn)
        return s;
    s = ser_denoise_process(dn, in, n, out, err);
    ser_denoise_destroy(dn);
    return s;
}
