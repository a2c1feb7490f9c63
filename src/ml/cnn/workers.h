/* workers.h - a small fixed pool of threads owned by one network
 * (private): a task over [0, n) is split into one contiguous range per
 * thread, the calling thread runs the first, and the call returns when
 * every range is done.  Results that depend only on the range and not on
 * the thread that ran it keep the network deterministic for a given
 * thread count. */
#ifndef SER_ML_CNN_WORKERS_H
#define SER_ML_CNN_WORKERS_H

#include <stddef.h>

typedef void (*ser__cnn_task)(void *ctx, size_t lo, size_t hi, size_t tid);

typedef struct ser__cnn_workers ser__cnn_workers;

/* n_threads >= 2 (NULL on failure: out of memory or no thread). */
ser__cnn_workers *ser__cnn_workers_create(size_t n_threads);
void ser__cnn_workers_destroy(ser__cnn_workers *w);
/* Run fn on the n_threads ranges of [0, n) (thread t: [t n / T, (t+1) n / T)).
 * w == NULL runs fn(ctx, 0, n, 0) here. */
void ser__cnn_workers_run(ser__cnn_workers *w, ser__cnn_task fn, void *ctx, size_t n);

#endif
