/* workers.c - see workers.h: threads wait on a condition variable for a
 * new generation of work, run their range, and count down. */
#include "ml/cnn/workers.h"

#include <pthread.h>
#include <stdlib.h>

struct ser__cnn_workers {
    size_t n;              /* threads including the caller */
    pthread_t *tid;        /* n - 1 started threads */
    size_t started;
    pthread_mutex_t lock;
    pthread_cond_t go, done;
    unsigned long gen;     /* bumped per task */
    size_t pending;        /* ranges not yet finished */
    int quit;
    ser__cnn_task fn;
    void *ctx;
    size_t count;
};

typedef struct worker_arg {
    ser__cnn_workers *w;
    size_t t;
} worker_arg;

static void range(size_t n, size_t t, size_t T, size_t *lo, size_t *hi)
{
    *lo = t * n / T;
    *hi = (t + 1) * n / T;
}

static void *worker(void *p)
{
    worker_arg *a = p;
    ser__cnn_workers *w = a->w;
    const size_t t = a->t;
    free(a);
    unsigned long seen = 0;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->quit && w->gen == seen)
            pthread_cond_wait(&w->go, &w->lock);
        if (w->quit)
            break;
        seen = w->gen;
        ser__cnn_task fn = w->fn;
        void *ctx = w->ctx;
        size_t lo, hi;
        range(w->count, t, w->n, &lo, &hi);
        pthread_mutex_unlock(&w->lock);
        if (lo < hi)
            fn(ctx, lo, hi, t);
        pthread_mutex_lock(&w->lock);
        if (--w->pending == 0)
            pthread_cond_signal(&w->done);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

ser__cnn_workers *ser__cnn_workers_create(size_t n_threads)
{
    if (n_threads < 2)
        return NULL;
    ser__cnn_workers *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->n = n_threads;
    if (pthread_mutex_init(&w->lock, NULL) != 0) {
        free(w);
        return NULL;
    }
    pthread_cond_init(&w->go, NULL);
    pthread_cond_init(&w->done, NULL);
    w->tid = calloc(n_threads - 1, sizeof *w->tid);
    if (!w->tid) {
        ser__cnn_workers_destroy(w);
        return NULL;
    }
    for (size_t t = 1; t < n_threads; t++) {
        worker_arg *a = malloc(sizeof *a);
        if (!a)
            break;
        a->w = w;
        a->t = t;
        if (pthread_create(&w->tid[t - 1], NULL, worker, a) != 0) {
            free(a);
            break;
        }
        w->started++;
    }
    if (w->started != n_threads - 1) {
        ser__cnn_workers_destroy(w);
        return NULL;
    }
    return w;
}

void ser__cnn_workers_destroy(ser__cnn_workers *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->quit = 1;
    pthread_cond_broadcast(&w->go);
    pthread_mutex_unlock(&w->lock);
    for (size_t t = 0; t < w->started; t++)
        pthread_join(w->tid[t], NULL);
    pthread_cond_destroy(&w->go);
    pthread_cond_destroy(&w->done);
    pthread_mutex_destroy(&w->lock);
    free(w->tid);
    free(w);
}

void ser__cnn_workers_run(ser__cnn_workers *w, ser__cnn_task fn, void *ctx, size_t n)
{
    if (!w) {
        if (n)
            fn(ctx, 0, n, 0);
        return;
    }
    pthread_mutex_lock(&w->lock);
    w->fn = fn;
    w->ctx = ctx;
    w->count = n;
    w->pending = w->n - 1;
    w->gen++;
    pthread_cond_broadcast(&w->go);
    pthread_mutex_unlock(&w->lock);
    size_t lo, hi;
    range(n, 0, w->n, &lo, &hi);
    if (lo < hi)
        fn(ctx, lo, hi, 0);
    pthread_mutex_lock(&w->lock);
    while (w->pending)
        pthread_cond_wait(&w->done, &w->lock);
    pthread_mutex_unlock(&w->lock);
}
