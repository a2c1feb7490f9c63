/* Stationary spectral gate: a per-frequency dB threshold from a noise clip
 * (mean + n_std * std over frames), and the 0/1 mask of a chunk against it.
 *
 * dB values are noisereduce's _amp_to_db: 20*log10(|X| + DBL_EPSILON),
 * floored at (maximum over the frames of that bin) - 80 dB. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "audio/denoise_internal.h"

#define SER_DN_TOP_DB 80.0

static double amp_to_db(double magnitude) { return 20.0 * log10(magnitude + DBL_EPSILON); }

ser_status ser__dn_noise_threshold(ser_denoise *dn, const float *noise, size_t n, ser_error *err)
{
    const size_t n_bins = dn->n_bins;
    const size_t win = dn->cfg.win_length, noverlap = win - dn->cfg.hop_length;
    /* scipy shortens the window to a clip shorter than it, keeping noverlap */
    ser__dn_framing fr = ser__dn_chunk_framing(dn);
    if (n < win) {
        if (n <= noverlap)
            return ser_error_set(err, SER_ERR_ARG,
                                 "denoise: stationary noise clip of %zu samples is too short: it needs more than "
                                 "win_length - hop_length = %zu samples",
                                 n, noverlap);
        fr.nperseg = n;
        fr.step = n - noverlap;
        fr.half = n / 2;
        ser_window_fill(SER_WINDOW_HANN, dn->short_window, n, true);
        double sum = 0.0;
        for (size_t j = 0; j < n; j++)
            sum += dn->short_window[j];
        fr.window = dn->short_window;
        fr.inv_window_sum = (float)(1.0 / sum);
    }
    size_t n_frames = ser__dn_frame_count(&fr, n);
    double *max_db = dn->per_bin, *sum = dn->per_bin + n_bins, *sum_sq = dn->per_bin + 2 * n_bins;
    /* The clip's dB spectrogram is kept in the mask buffer when it fits
     * (always so when the clip is the input); else pass 2 recomputes it. */
    const bool keep = n_frames <= dn->max_frames;

    /* pass 1: dB values and their per-bin maximum */
    for (size_t f = 0; f < n_bins; f++)
        max_db[f] = amp_to_db(0.0);
    for (size_t k = 0; k < n_frames; k++) {
        bool nonzero = ser__dn_frame_spectrum(dn, &fr, noise, n, k, dn->bins);
        double *db = keep ? dn->mask + k * n_bins : NULL;
        for (size_t f = 0; f < n_bins; f++) {
            double d = amp_to_db(nonzero ? ser__dn_magnitude(dn->bins, f) : 0.0);
            if (db)
                db[f] = d;
            if (d > max_db[f])
                max_db[f] = d;
        }
    }
    /* pass 2: sums of the floored dB values, taken relative to the bin's
     * maximum so that they lie in [-80, 0] and the variance keeps its
     * precision */
    for (size_t f = 0; f < n_bins; f++)
        sum[f] = sum_sq[f] = 0.0;
    for (size_t k = 0; k < n_frames; k++) {
        const double *db = keep ? dn->mask + k * n_bins : NULL;
        bool nonzero = true;
        if (!keep)
            nonzero = ser__dn_frame_spectrum(dn, &fr, noise, n, k, dn->bins);
        for (size_t f = 0; f < n_bins; f++) {
            double d = db ? db[f] : amp_to_db(nonzero ? ser__dn_magnitude(dn->bins, f) : 0.0);
            double rel = d - max_db[f];
            if (rel < -SER_DN_TOP_DB)
                rel = -SER_DN_TOP_DB;
            sum[f] += rel;
            sum_sq[f] += rel * rel;
        }
    }
    for (size_t f = 0; f < n_bins; f++) {
        double mean = sum[f] / (double)n_frames;
        double var = sum_sq[f] / (double)n_frames - mean * mean;
        double std = var > 0.0 ? sqrt(var) : 0.0;
        dn->threshold[f] = max_db[f] + mean + std * dn->cfg.n_std_thresh_stationary;
    }
    return SER_OK;
}

void ser__dn_stationary_mask(ser_denoise *dn, size_t n_frames, size_t r_lo, size_t r_hi)
{
    const size_t n_bins = dn->n_bins;
    /* per-bin maximum over the chunk, on squared magnitudes (monotonic) */
    double *floor_db = dn->per_bin;
    for (size_t f = 0; f < n_bins; f++)
        floor_db[f] = 0.0;
    for (size_t k = 0; k < n_frames; k++) {
        const float *bins = dn->spec + 2 * k * n_bins;
        for (size_t f = 0; f < n_bins; f++) {
            double re = bins[2 * f], im = bins[2 * f + 1], p = re * re + im * im;
            if (p > floor_db[f])
                floor_db[f] = p;
        }
    }
    for (size_t f = 0; f < n_bins; f++)
        floor_db[f] = amp_to_db(sqrt(floor_db[f])) - SER_DN_TOP_DB;

    /* max(db, floor) > threshold  <=>  floor > threshold or db > threshold,
     * and db = 20*log10(|X| + eps) > threshold  <=>  |X| > 10^(threshold/20) - eps:
     * compared on |X|^2, without a logarithm per bin */
    double *limit = dn->per_bin + n_bins;
    for (size_t f = 0; f < n_bins; f++) {
        double lin = pow(10.0, dn->threshold[f] / 20.0) - DBL_EPSILON;
        limit[f] = (floor_db[f] > dn->threshold[f] || lin < 0.0) ? -1.0 : lin * lin;
    }
    const double prop = dn->cfg.prop_decrease;
    const double on = 1.0 * prop + (1.0 - prop), off = 0.0 * prop + (1.0 - prop);
    for (size_t k = r_lo; k <= r_hi; k++) {
        const float *bins = dn->spec + 2 * k * n_bins;
        double *mask = dn->mask + k * n_bins;
        for (size_t f = 0; f < n_bins; f++) {
            double re = bins[2 * f], im = bins[2 * f + 1];
            mask[f] = re * re + im * im > limit[f] ? on : off;
        }
    }
}
