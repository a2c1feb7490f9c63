/* Syllable nuclei and speaking rate after de Jong & Wempe (2009):
 *  1. intensity I(k) = 10 log10(max(sum w x^2 / sum w, 1e-10)) dB re full
 *     scale over Hann windows of intensity_window_s seconds centred every
 *     intensity_hop_s seconds (their Praat intensity uses ~64 ms windows;
 *     the 2048-sample RMS frames of the energy features, 128 ms at 16 kHz,
 *     would smear syllables, hence this finer contour);
 *  2. silence threshold = 99th percentile of I + silence_db (-25 dB), but
 *     not below min(I);
 *  3. peaks: local maxima of I above the threshold (first frame of a
 *     plateau);
 *  4. a peak is a nucleus when I falls by more than min_dip_db (2 dB)
 *     between it and the next peak (for the last peak: before the end;
 *     de Jong & Wempe's script skips the last peak instead) and the pitch
 *     frame nearest to it is voiced;
 *  5. speaking time = from the first to the last sounding frame (I >=
 *     threshold), minus interior silent stretches of at least min_pause_s
 *     seconds (pauses); speaking_rate = nuclei / speaking time, i.e. their
 *     "articulation rate" (syllables per second of phonation). */
#include <math.h>
#include <stdlib.h>

#include "features/prosody_internal.h"
#include "ser/aggregate.h"
#include "ser/fft.h"
#include "ser/util.h"

ser_status ser__prosody_nuclei(const float *x, size_t n, double sr, const bool *voiced,
                               size_t n_pitch_frames, size_t pitch_hop, size_t centre,
                               const ser_prosody_config *cfg, ser__nuclei *out)
{
    out->n_frames = out->n_peaks = out->n_nuclei = 0;
    out->threshold_db = 0.0;
    out->speaking_time = 0.0;
    double hop_d = nearbyint(cfg->intensity_hop_s * sr);
    double win_d = nearbyint(cfg->intensity_window_s * sr);
    if (!(hop_d >= 1.0) || !(win_d >= 2.0) || win_d > 1e8 || hop_d > 1e8)
        return SER_ERR_ARG;
    if (n == 0 || n_pitch_frames == 0)
        return SER_OK;
    size_t hop = (size_t)hop_d, W = (size_t)win_d;
    size_t K = 1 + n / hop;
    float *w = ser_alloc_array(W, sizeof(float));
    double *I = ser_alloc_array(K, sizeof(double));
    double *sorted = ser_alloc_array(K, sizeof(double));
    if (!w || !I || !sorted) {
        free(w);
        free(I);
        free(sorted);
        return SER_ERR_NOMEM;
    }
    ser_window_fill(SER_WINDOW_HANN, w, W, false);
    double wsum = 0.0;
    for (size_t j = 0; j < W; j++)
        wsum += w[j];
    double lo_db = INFINITY;
    for (size_t k = 0; k < K; k++) {
        long long start = (long long)(k * hop) - (long long)(W / 2);
        double acc = 0.0;
        for (size_t j = 0; j < W; j++) {
            long long s = start + (long long)j;
            if (s >= 0 && s < (long long)n)
                acc += (double)w[j] * (double)x[s] * (double)x[s];
        }
        double ms = acc / wsum;
        I[k] = 10.0 * log10(ms > 1e-10 ? ms : 1e-10);
        if (I[k] < lo_db)
            lo_db = I[k];
    }
    const ser_stat p99 = {SER_STAT_PERCENTILE, 99.0};
    double q99;
    ser_aggregate_row_f64(I, K, 1, 1.0, &p99, 1, sorted, &q99);
    double thr = q99 + cfg->silence_db;
    if (thr < lo_db)
        thr = lo_db;
    out->n_frames = K;
    out->threshold_db = thr;

    /* Peaks above the threshold, then the dip test against the next one. */
    size_t *peaks = (size_t *)sorted; /* sorted is free again: K entries */
    size_t np = 0;
    for (size_t k = 1; k + 1 < K; k++)
        if (I[k] > thr && I[k] > I[k - 1] && I[k] >= I[k + 1])
            peaks[np++] = k;
    out->n_peaks = np;
    for (size_t i = 0; i < np; i++) {
        size_t k = peaks[i], stop = i + 1 < np ? peaks[i + 1] : K - 1;
        double dip = I[k];
        for (size_t u = k; u <= stop; u++)
            if (I[u] < dip)
                dip = I[u];
        if (!(I[k] - dip > cfg->min_dip_db))
            continue;
        size_t s = k * hop + pitch_hop / 2;
        size_t f = s >= centre ? (s - centre) / pitch_hop : 0;
        if (f >= n_pitch_frames)
            f = n_pitch_frames - 1;
        if (voiced[f])
            out->n_nuclei++;
    }

    /* Speaking time: sounding span minus pauses. */
    size_t first = K, last = 0;
    for (size_t k = 0; k < K; k++)
        if (I[k] >= thr) {
            if (first == K)
                first = k;
            last = k;
        }
    if (first < K) {
        size_t speaking = last - first + 1;
        double min_pause = cfg->min_pause_s * sr / (double)hop; /* frames */
        size_t k = first;
        while (k <= last) {
            if (I[k] >= thr) {
                k++;
                continue;
            }
            size_t u = k;
            while (u <= last && I[u] < thr)
                u++;
            if ((double)(u - k) >= min_pause)
                speaking -= u - k;
            k = u;
        }
        out->speaking_time = (double)speaking * (double)hop / sr;
    }
    free(w);
    free(I);
    free(sorted);
    return SER_OK;
}
