/* Non-stationary spectral gate: each bin's magnitude is compared with its
 * own slowly varying level S, a forward-backward first-order IIR low-pass
 * over time (scipy.signal.filtfilt([b], [1, b - 1], |X|, padtype=None)),
 * and gated by a sigmoid of how many times above S it lies.
 *
 * filtfilt without padding: the forward pass starts from the steady state
 * of the first value (state zi * x[0], zi = lfilter_zi), the backward pass
 * from the steady state of the forward pass's last output. */
#include <math.h>

#include "audio/denoise_internal.h"

void ser__dn_nonstationary_mask(ser_denoise *dn, size_t n_frames, size_t r_lo, size_t r_hi)
{
    const size_t n_bins = dn->n_bins;
    /* noisereduce's get_time_smoothed_representation: b solves
     * b^2 + (1 - b)/t - 2 = 0 for t = time_constant_s * sr / hop frames */
    const double t = dn->cfg.time_constant_s * dn->cfg.sample_rate / (double)dn->cfg.hop_length;
    const double b = (sqrt(1.0 + 4.0 * t * t) - 1.0) / (2.0 * t * t);
    const double a1 = b - 1.0;
    /* scipy lfilter_zi for b = [b, 0], a = [1, a1]: (0 - a1*b) / (1 + a1) */
    const double zi = (0.0 - a1 * b) / (1.0 + a1);
    double *state = dn->per_bin;

    /* forward pass: y = z + b*x, z = 0*x - a1*y; outputs into dn->mask */
    for (size_t f = 0; f < n_bins; f++)
        state[f] = zi * ser__dn_magnitude(dn->spec, f);
    for (size_t k = 0; k < n_frames; k++) {
        const float *bins = dn->spec + 2 * k * n_bins;
        double *y = dn->mask + k * n_bins;
        for (size_t f = 0; f < n_bins; f++) {
            double out = state[f] + b * ser__dn_magnitude(bins, f);
            state[f] = -(a1 * out);
            y[f] = out;
        }
    }
    /* backward pass over the forward outputs, in place: dn->mask becomes S */
    const double *last = dn->mask + (n_frames - 1) * n_bins;
    for (size_t f = 0; f < n_bins; f++)
        state[f] = zi * last[f];
    for (size_t k = n_frames; k-- > 0;) {
        double *y = dn->mask + k * n_bins;
        for (size_t f = 0; f < n_bins; f++) {
            double out = state[f] + b * y[f];
            state[f] = -(a1 * out);
            y[f] = out;
        }
    }

    /* sigmoid(x, shift, mult) = 1 / (1 + exp(-(x + shift) * mult)) with
     * x = (|X| - S) / S, shift = -thresh_n_mult, mult = slope */
    const double shift = -dn->cfg.thresh_n_mult_nonstationary;
    const double mult = dn->cfg.sigmoid_slope_nonstationary;
    /* |X| == 0 with S > 0 gives x = -1 exactly: one value for all such bins */
    const double silent = 1.0 / (1.0 + exp(-(-1.0 + shift) * mult));
    for (size_t k = r_lo; k <= r_hi; k++) {
        const float *bins = dn->spec + 2 * k * n_bins;
        double *m = dn->mask + k * n_bins;
        for (size_t f = 0; f < n_bins; f++) {
            double s = m[f];
            double a = ser__dn_magnitude(bins, f);
            if (!(s > 0.0)) {
                m[f] = 0.0; /* no energy in this bin over the chunk: noisereduce gives NaN */
            } else if (a == 0.0) {
                m[f] = silent;
            } else {
                double x = (a - s) / s;
                m[f] = 1.0 / (1.0 + exp(-(x + shift) * mult));
            }
        }
    }
}
