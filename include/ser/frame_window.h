/* ser/frame_window.h - statistics over a sliding window of feature rows
 * (for the live analyser: a 2 s window every 0.5 s reuses the frames that
 * ser_frame_stream has already computed instead of recomputing them).
 *
 * The window keeps the last `capacity` rows pushed (row_dim floats each).
 * Each row is stored twice in a mirrored ring (2 x capacity rows), so the
 * last k rows are always contiguous, oldest first, and the statistics are
 * those of ser_aggregate_row over exactly those frames: the same two-pass
 * double-precision sums, hence the same bits as aggregating the frames of
 * the whole-buffer call (ser/aggregate.h definitions, var with ddof 0).
 * A query costs two passes over k rows (k x row_dim x 2 additions; for a
 * 63-frame 2 s window of seed rows, ~20 K operations, below the cost of one
 * frame's FFT); a push copies one row twice.  Exact recomputation is
 * preferred to running sums, whose sum-of-squares variance cancels badly
 * for the large mel powers.
 *
 * Memory: 2 x capacity x row_dim floats + capacity doubles (percentile
 * scratch); push and the statistics never allocate. */
#ifndef SER_FRAME_WINDOW_H
#define SER_FRAME_WINDOW_H

#include <stddef.h>

#include "ser/aggregate.h"
#include "ser/frame_stream.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_frame_window ser_frame_window;

/* SER_ERR_ARG for row_dim or capacity 0, SER_ERR_NOMEM / SER_ERR_OVERFLOW. */
ser_frame_window *ser_frame_window_create(size_t row_dim, size_t capacity, ser_status *err);
void ser_frame_window_destroy(ser_frame_window *w);
/* Forget every row. */
void ser_frame_window_reset(ser_frame_window *w);

/* Append one row (row_dim values); the oldest is dropped when full. */
void ser_frame_window_push(ser_frame_window *w, const float *row);
/* A ser_frame_fn pushing into the window passed as `user`:
 * ser_frame_stream_push(fs, x, n, ser_frame_window_sink, w). */
void ser_frame_window_sink(void *user, size_t t, const float *row, size_t row_dim);

size_t ser_frame_window_row_dim(const ser_frame_window *w);
size_t ser_frame_window_capacity(const ser_frame_window *w);
/* Rows held now (<= capacity) and rows pushed since the reset. */
size_t ser_frame_window_count(const ser_frame_window *w);
size_t ser_frame_window_total(const ser_frame_window *w);
/* The last k rows held (k <= count), row-major (k, row_dim), oldest
 * first; NULL when k > count. */
const float *ser_frame_window_last(const ser_frame_window *w, size_t k);

/* Statistics of every column over the last k rows (k = 0: all rows held):
 * out[c * n_stats + s] = statistic s of column c (frame_rate in frames
 * per second for slopes).  SER_ERR_ARG when k > count, SER_ERR_EMPTY when
 * the window is empty. */
ser_status ser_frame_window_stats(const ser_frame_window *w, size_t k, const ser_stat *stats, size_t n_stats,
                                  double frame_rate, double *out);
/* mean[c] and var[c] (ddof 0) over the last k rows (k = 0: all). */
ser_status ser_frame_window_mean_var(const ser_frame_window *w, size_t k, double *mean, double *var);

/* The 320-dim seed vector (ser/seed.h layout) of the last k rows (k = 0:
 * all) of a window fed by `fs`, which must compute the seed blocks with
 * 13 MFCC, 128 mels and 7 contrast rows (else SER_ERR_ARG).  Equals
 * ser_extractor_compute of the set `seed` in streaming mode over the same
 * frames. */
ser_status ser_frame_window_seed_vector(const ser_frame_window *w, const ser_frame_stream *fs, size_t k,
                                        double *out);

#ifdef __cplusplus
}
#endif
#endif
