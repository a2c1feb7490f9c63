/* Sliding window of feature rows (see include/ser/frame_window.h). */
#include "ser/frame_window.h"

#include <stdlib.h>
#include <string.h>

#include "ser/util.h"

struct ser_frame_window {
    size_t dim, cap;
    size_t head;  /* slot of the next row, in [0, cap) */
    size_t count; /* rows held */
    size_t total; /* rows pushed since reset */
    float *rows;  /* 2 * cap rows: slot i and i + cap hold the same row */
    double *scratch; /* cap doubles (percentiles) */
};

ser_frame_window *ser_frame_window_create(size_t row_dim, size_t capacity, ser_status *err)
{
    ser_status st = SER_ERR_ARG;
    ser_frame_window *w = NULL;
    size_t slots, values;
    if (row_dim == 0 || capacity == 0)
        goto fail;
    st = SER_ERR_OVERFLOW;
    if (!ser_size_mul(capacity, 2, &slots) || !ser_size_mul(slots, row_dim, &values))
        goto fail;
    st = SER_ERR_NOMEM;
    if (!(w = calloc(1, sizeof *w)) || !(w->rows = ser_alloc_array(values, sizeof(float)))
        || !(w->scratch = ser_alloc_array(capacity, sizeof(double))))
        goto fail;
    w->dim = row_dim;
    w->cap = capacity;
    if (err)
        *err = SER_OK;
    return w;
fail:
    ser_frame_window_destroy(w);
    if (err)
        *err = st;
    return NULL;
}

void ser_frame_window_destroy(ser_frame_window *w)
{
    if (!w)
        return;
    free(w->rows);
    free(w->scratch);
    free(w);
}

void ser_frame_window_reset(ser_frame_window *w) { w->head = w->count = w->total = 0; }

void ser_frame_window_push(ser_frame_window *w, const float *row)
{
    memcpy(w->rows + w->head * w->dim, row, w->dim * sizeof *row);
    memcpy(w->rows + (w->head + w->cap) * w->dim, row, w->dim * sizeof *row);
    w->head = w->head + 1 == w->cap ? 0 : w->head + 1;
    if (w->count < w->cap)
        w->count++;
    w->total++;
}

void ser_frame_window_sink(void *user, size_t t, const float *row, size_t row_dim)
{
    (void)t;
    ser_frame_window *w = user;
    if (row_dim == w->dim)
        ser_frame_window_push(w, row);
}

size_t ser_frame_window_row_dim(const ser_frame_window *w) { return w->dim; }
size_t ser_frame_window_capacity(const ser_frame_window *w) { return w->cap; }
size_t ser_frame_window_count(const ser_frame_window *w) { return w->count; }
size_t ser_frame_window_total(const ser_frame_window *w) { return w->total; }

const float *ser_frame_window_last(const ser_frame_window *w, size_t k)
{
    if (k > w->count)
        return NULL;
    /* the newest row is at slot head - 1 (+ cap): rows [head + cap - k, head + cap) */
    return w->rows + (w->head + w->cap - k) * w->dim;
}

ser_status ser_frame_window_stats(const ser_frame_window *w, size_t k, const ser_stat *stats, size_t n_stats,
                                  double frame_rate, double *out)
{
    if (!w || !out || (n_stats && !stats))
        return SER_ERR_ARG;
    if (k == 0)
        k = w->count;
    if (k == 0)
        return SER_ERR_EMPTY;
    const float *m = ser_frame_window_last(w, k);
    if (!m)
        return SER_ERR_ARG;
    for (size_t c = 0; c < w->dim; c++) {
        ser_status st = ser_aggregate_row(m + c, k, w->dim, frame_rate, stats, n_stats, w->scratch, out + c * n_stats);
        if (st != SER_OK)
            return st;
    }
    return SER_OK;
}

ser_status ser_frame_window_mean_var(const ser_frame_window *w, size_t k, double *mean, double *var)
{
    static const ser_stat mv[2] = {{SER_STAT_MEAN, 0.0}, {SER_STAT_VAR, 0.0}};
    if (!w || !mean || !var)
        return SER_ERR_ARG;
    if (k == 0)
        k = w->count;
    if (k == 0)
        return SER_ERR_EMPTY;
    const float *m = ser_frame_window_last(w, k);
    if (!m)
        return SER_ERR_ARG;
    for (size_t c = 0; c < w->dim; c++) {
        double v[2];
        ser_aggregate_row(m + c, k, w->dim, 1.0, mv, 2, NULL, v);
        mean[c] = v[0];
        var[c] = v[1];
    }
    return SER_OK;
}
