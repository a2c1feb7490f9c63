/* The pYIN transition matrix, built as librosa 0.10 builds it
 * (sequence.transition_local with a symmetric triangle window, no wrap;
 * sequence.transition_loop; np.kron), stored as logs on its band. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "core/pairwise_sum.h"
#include "dsp/pyin_internal.h"
#include "ser/util.h"

/* scipy.signal.windows.triang(m, sym=True). */
static void triangle(double *w, size_t m)
{
    if (m == 1) {
        w[0] = 1.0;
        return;
    }
    size_t h = (m + 1) / 2;
    for (size_t i = 1; i <= h; i++) {
        double v = m % 2 == 0 ? (2.0 * (double)i - 1.0) / (double)m
                              : 2.0 * (double)i / ((double)m + 1.0);
        w[i - 1] = v;
        w[m - i] = v;
    }
}

void ser__pyin_transition_free(ser__pyin_transition *tr)
{
    if (!tr)
        return;
    free(tr->stay);
    free(tr->change);
    free(tr->stay_max);
    free(tr->change_max);
    tr->stay = tr->change = tr->stay_max = tr->change_max = NULL;
}

ser_status ser__pyin_transition_init(ser__pyin_transition *tr, size_t n_bins, size_t width,
                                     double switch_prob)
{
    if (!tr || n_bins < 2 || width < 1 || width > n_bins)
        return SER_ERR_ARG;
    tr->n_bins = n_bins;
    tr->half = width / 2;
    tr->band = 2 * tr->half + 1;
    tr->log_zero = log(DBL_MIN);
    tr->stay = ser_alloc_array(n_bins, tr->band * sizeof(double));
    tr->change = ser_alloc_array(n_bins, tr->band * sizeof(double));
    tr->stay_max = ser_alloc_array(n_bins, sizeof(double));
    tr->change_max = ser_alloc_array(n_bins, sizeof(double));
    double *win = ser_alloc_array(width, sizeof(double));
    double *padded = ser_alloc_array(n_bins, sizeof(double));
    double *row = ser_alloc_array(n_bins, sizeof(double));
    if (!tr->stay || !tr->change || !tr->stay_max || !tr->change_max || !win || !padded || !row) {
        free(win);
        free(padded);
        free(row);
        ser__pyin_transition_free(tr);
        return SER_ERR_NOMEM;
    }
    /* transition_loop(2, 1 - switch_prob): diagonal p, off-diagonal (1 - p)/1. */
    double p_stay = 1.0 - switch_prob;
    double p_change = (1.0 - p_stay) / 1.0;

    triangle(win, width);
    size_t lpad = (n_bins - width) / 2; /* librosa.util.pad_center */
    for (size_t i = 0; i < n_bins; i++)
        padded[i] = (i >= lpad && i < lpad + width) ? win[i - lpad] : 0.0;
    for (size_t i = 0; i < n_bins * tr->band; i++)
        tr->stay[i] = tr->change[i] = tr->log_zero;

    for (size_t p = 0; p < n_bins; p++) {
        /* np.roll(padded, n//2 + p + 1), then knock out the off-band part. */
        size_t shift = (n_bins / 2 + p + 1) % n_bins;
        for (size_t i = 0; i < n_bins; i++)
            row[(i + shift) % n_bins] = padded[i];
        size_t keep_hi = p + width / 2 + 1 < n_bins ? p + width / 2 + 1 : n_bins;
        size_t keep_lo = p > width / 2 ? p - width / 2 : 0;
        for (size_t c = 0; c < n_bins; c++)
            if (c >= keep_hi || c < keep_lo)
                row[c] = 0.0;
        double sum = ser__pairwise_sum(row, n_bins);
        for (size_t q = keep_lo; q < keep_hi; q++) {
            double t = row[q] / sum;
            size_t slot = q * tr->band + (p + tr->half - q);
            tr->stay[slot] = log(p_stay * t + DBL_MIN);
            tr->change[slot] = log(p_change * t + DBL_MIN);
        }
    }
    for (size_t q = 0; q < n_bins; q++) {
        double ms = tr->log_zero, mc = tr->log_zero;
        for (size_t i = 0; i < tr->band; i++) {
            ms = tr->stay[q * tr->band + i] > ms ? tr->stay[q * tr->band + i] : ms;
            mc = tr->change[q * tr->band + i] > mc ? tr->change[q * tr->band + i] : mc;
        }
        tr->stay_max[q] = ms;
        tr->change_max[q] = mc;
    }
    free(win);
    free(padded);
    free(row);
    return SER_OK;
}
