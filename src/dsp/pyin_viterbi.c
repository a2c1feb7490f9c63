/* Viterbi decoding for pYIN on the banded transition (see pyin_internal.h).
 *
 * librosa.sequence._viterbi computes, for every destination j,
 *   ptr = argmax_k value[k] + log_trans[k, j],  value'[j] = log_obs[j] + max
 * over all 2 n_bins sources.  Outside the band every log_trans entry is
 * the same constant log(DBL_MIN), so the maximum over those sources is the
 * running prefix / suffix maximum of value plus that constant; the band is
 * scanned directly.  Sources are visited in index order with a strict '>'
 * so ties resolve to the first index, as np.argmax does.  A band whose
 * bound (its largest value + the largest transition into the destination)
 * is below a candidate already known (the same bin of either block) cannot
 * hold the maximum and is skipped; floating-point addition is monotonic,
 * so the skip is exact.  (Two sources
 * outside the band whose values differ by less than the rounding of
 * value + log(DBL_MIN) could in principle tie in librosa and not here.) */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/pyin_internal.h"
#include "ser/util.h"

void ser__pyin_viterbi_free(ser__pyin_viterbi *v)
{
    if (!v)
        return;
    free(v->value);
    free(v->next);
    free(v->prefix_max);
    free(v->prefix_arg);
    free(v->suffix_max);
    free(v->suffix_arg);
    free(v->window_max);
    free(v->block_up);
    free(v->block_down);
    free(v->ptr);
    memset(v, 0, sizeof *v);
}

ser_status ser__pyin_viterbi_init(ser__pyin_viterbi *v, const ser__pyin_transition *tr,
                                  size_t max_frames)
{
    if (!v || !tr || max_frames == 0 || 2 * tr->n_bins > 65536)
        return SER_ERR_ARG;
    memset(v, 0, sizeof *v);
    v->tr = tr;
    v->n_states = 2 * tr->n_bins;
    v->max_frames = max_frames;
    size_t cells;
    if (!ser_size_mul(max_frames, v->n_states, &cells))
        return SER_ERR_OVERFLOW;
    v->value = ser_alloc_array(v->n_states, sizeof(double));
    v->next = ser_alloc_array(v->n_states, sizeof(double));
    v->prefix_max = ser_alloc_array(v->n_states, sizeof(double));
    v->prefix_arg = ser_alloc_array(v->n_states, sizeof(size_t));
    v->suffix_max = ser_alloc_array(v->n_states, sizeof(double));
    v->suffix_arg = ser_alloc_array(v->n_states, sizeof(size_t));
    v->window_max = ser_alloc_array(v->n_states, sizeof(double));
    v->block_up = ser_alloc_array(v->n_states, sizeof(double));
    v->block_down = ser_alloc_array(v->n_states, sizeof(double));
    v->ptr = ser_alloc_array(cells, sizeof(uint16_t));
    if (!v->value || !v->next || !v->prefix_max || !v->prefix_arg || !v->suffix_max ||
        !v->suffix_arg || !v->window_max || !v->block_up || !v->block_down || !v->ptr) {
        ser__pyin_viterbi_free(v);
        return SER_ERR_NOMEM;
    }
    return SER_OK;
}

/* prefix_max[b*n + p] = max(value[b*n + 0 .. p-1]) (first argmax), p >= 1;
 * suffix_max[b*n + p] = max(value[b*n + p .. n-1]) (first argmax). */
static void running_extrema(ser__pyin_viterbi *v)
{
    const size_t n = v->tr->n_bins;
    for (size_t b = 0; b < 2; b++) {
        const double *val = v->value + b * n;
        double *pm = v->prefix_max + b * n, *sm = v->suffix_max + b * n;
        size_t *pa = v->prefix_arg + b * n, *sa = v->suffix_arg + b * n;
        pm[0] = -INFINITY;
        pa[0] = 0;
        for (size_t p = 1; p < n; p++) {
            bool better = val[p - 1] > pm[p - 1];
            pm[p] = better ? val[p - 1] : pm[p - 1];
            pa[p] = better ? p - 1 : pa[p - 1];
        }
        sm[n - 1] = val[n - 1];
        sa[n - 1] = n - 1;
        for (size_t p = n - 1; p-- > 0;) {
            bool better = val[p] >= sm[p + 1]; /* >=: keep the first index */
            sm[p] = better ? val[p] : sm[p + 1];
            sa[p] = better ? p : sa[p + 1];
        }
    }
}

/* window_max[b*n + q] = max(value[b*n + p]) over the band p in
 * [q - half, q + half] clipped to [0, n): van Herk / Gil-Werman with
 * blocks of `band` bins (a band spans at most two adjacent blocks; a band
 * inside one block starts at its first bin or ends at its last). */
static void window_maxima(ser__pyin_viterbi *v)
{
    const size_t n = v->tr->n_bins, half = v->tr->half, w = v->tr->band;
    for (size_t b = 0; b < 2; b++) {
        const double *val = v->value + b * n;
        double *up = v->block_up + b * n, *down = v->block_down + b * n;
        double *wm = v->window_max + b * n;
        for (size_t i = 0; i < n; i++)
            up[i] = (i % w == 0 || val[i] > up[i - 1]) ? val[i] : up[i - 1];
        for (size_t i = n; i-- > 0;)
            down[i] = (i + 1 == n || (i + 1) % w == 0 || val[i] > down[i + 1]) ? val[i]
                                                                               : down[i + 1];
        for (size_t q = 0; q < n; q++) {
            size_t l = q > half ? q - half : 0, r = q + half < n - 1 ? q + half : n - 1;
            if (l / w != r / w)
                wm[q] = down[l] > up[r] ? down[l] : up[r];
            else
                wm[q] = l % w == 0 ? up[r] : down[l];
        }
    }
}

ser_status ser__pyin_viterbi_step(ser__pyin_viterbi *v, const double *log_obs,
                                  const double *log_p_init)
{
    if (!v || !log_obs || v->n_frames >= v->max_frames)
        return SER_ERR_ARG;
    const size_t S = v->n_states;
    if (v->n_frames == 0) {
        if (!log_p_init)
            return SER_ERR_ARG;
        for (size_t j = 0; j < S; j++)
            v->value[j] = log_obs[j] + log_p_init[j];
        memset(v->ptr, 0, S * sizeof *v->ptr);
        v->n_frames = 1;
        return SER_OK;
    }
    const ser__pyin_transition *tr = v->tr;
    const size_t n = tr->n_bins, half = tr->half, band = tr->band;
    const double C = tr->log_zero;
    running_extrema(v);
    window_maxima(v);
    uint16_t *ptr = v->ptr + v->n_frames * S;
    for (size_t dst_block = 0; dst_block < 2; dst_block++) {
        for (size_t q = 0; q < n; q++) {
            size_t lo = q > half ? q - half : 0;
            size_t hi = q + half < n - 1 ? q + half : n - 1;
            double best = -INFINITY;
            size_t arg = 0;
            /* A candidate known to exist: bin q of either block. */
            double known = v->value[dst_block * n + q] + tr->stay[q * band + half];
            double other = v->value[(1 - dst_block) * n + q] + tr->change[q * band + half];
            known = other > known ? other : known;
            for (size_t src_block = 0; src_block < 2; src_block++) {
                const double *val = v->value + src_block * n;
                bool same = src_block == dst_block;
                const double *lt = (same ? tr->stay : tr->change) + q * band;
                size_t base = src_block * n;
                double bound = v->window_max[base + q] + (same ? tr->stay_max : tr->change_max)[q];
                if (lo > 0) {
                    double c = v->prefix_max[base + lo] + C;
                    if (c > best) {
                        best = c;
                        arg = base + v->prefix_arg[base + lo];
                    }
                }
                /* Band maximum first (branch-free), then its first index. */
                const double *k = lt + half - q;
                double m = -INFINITY;
                if (!(bound < known))
                    for (size_t p = lo; p <= hi; p++) {
                        double c = val[p] + k[p];
                        m = c > m ? c : m;
                    }
                if (m > best) {
                    size_t p = lo;
                    while (val[p] + k[p] != m)
                        p++;
                    best = m;
                    arg = base + p;
                }
                if (hi + 1 < n) {
                    double c = v->suffix_max[base + hi + 1] + C;
                    if (c > best) {
                        best = c;
                        arg = base + v->suffix_arg[base + hi + 1];
                    }
                }
            }
            size_t j = dst_block * n + q;
            ptr[j] = (uint16_t)arg;
            v->next[j] = log_obs[j] + best;
        }
    }
    double *tmp = v->value;
    v->value = v->next;
    v->next = tmp;
    v->n_frames++;
    return SER_OK;
}

ser_status ser__pyin_viterbi_decode(const ser__pyin_viterbi *v, size_t *states)
{
    if (!v || !states || v->n_frames == 0)
        return SER_ERR_ARG;
    const size_t S = v->n_states, T = v->n_frames;
    size_t best = 0;
    for (size_t j = 1; j < S; j++)
        if (v->value[j] > v->value[best])
            best = j;
    states[T - 1] = best;
    for (size_t t = T - 1; t-- > 0;)
        states[t] = v->ptr[(t + 1) * S + states[t + 1]];
    return SER_OK;
}
