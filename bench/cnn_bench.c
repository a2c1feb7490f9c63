/* CNN training speed and accuracy on exported log-mel images (not a
 * test, no assertion); bench/cnn_vs_torch.sh runs it side by side with
 * bench/cnn_vs_torch.py on the same images.
 *
 *   build/ser train --kind cnn DATA --labels ... --images-out X.npy -o M
 *   cc -O2 -Iinclude -Ibuild/include bench/cnn_bench.c build/libser.a \
 *       $(pkg-config --libs openblas) -lpthread -lm -o build/cnn_bench
 *   build/cnn_bench [-e EPOCHS] [-t THREADS] [-s SEED] X.npy
 *
 * Images (n, mels, frames) float32 and X.labels.npy int32 (n).  Test set:
 * every 5th image (i % 5 == 4); the rest trains the network of
 * ser_cnn_config_default (batch 32, Adam 1e-3, 10 % validation, batch
 * norm recomputed after each epoch) for EPOCHS epochs without early
 * stopping.  Prints wall seconds per epoch (the machine is shared: noisy)
 * and CPU seconds (all threads) per epoch, and the test accuracy. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ser/cnn.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double t_last, c_last;

static void on_epoch(void *user, size_t e, double tl, double ta, double vl, double va)
{
    (void)user;
    const double t = now(), c = cpu();
    printf("ours epoch %zu: %.2f s (CPU %.2f s), train loss %.4f acc %.3f, val loss %.4f acc %.3f\n", e + 1,
           t - t_last, c - c_last, tl, ta, vl, va);
    fflush(stdout);
    t_last = t;
    c_last = c;
}

/* Data of a NumPy 1.0 file with a little-endian 4-byte dtype; shape
 * dims into dims (up to 3), count returned; NULL on error. */
static void *read_npy(const char *path, size_t dims[3], size_t *nd)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char pre[10];
    void *data = NULL;
    if (fread(pre, 1, 10, f) == 10 && memcmp(pre, "\x93NUMPY", 6) == 0) {
        const size_t hl = (size_t)pre[8] | (size_t)pre[9] << 8;
        char *h = calloc(hl + 1, 1);
        if (h && fread(h, 1, hl, f) == hl) {
            const char *s = strchr(h, '(');
            size_t count = 1;
            *nd = 0;
            while (s && *nd < 3) {
                char *end;
                const unsigned long v = strtoul(s + 1, &end, 10);
                if (end == s + 1)
                    break;
                dims[(*nd)++] = v;
                count *= v;
                s = strchr(end, ',');
            }
            data = malloc(count * 4);
            if (data && fread(data, 4, count, f) != count) {
                free(data);
                data = NULL;
            }
        }
        free(h);
    }
    fclose(f);
    return data;
}

int main(int argc, char **argv)
{
    size_t epochs = 3, threads = 1;
    unsigned long long seed = 0;
    int c;
    while ((c = getopt(argc, argv, "e:t:s:")) != -1) {
        if (c == 'e')
            epochs = (size_t)atol(optarg);
        else if (c == 't')
            threads = (size_t)atol(optarg);
        else if (c == 's')
            seed = strtoull(optarg, NULL, 10);
        else
            return 2;
    }
    if (optind >= argc)
        return fprintf(stderr, "usage: cnn_bench [-e EPOCHS] [-t THREADS] [-s SEED] X.npy\n"), 2;
    const char *path = argv[optind];
    char lpath[4096];
    snprintf(lpath, sizeof lpath, "%.*s.labels.npy", (int)(strlen(path) - 4), path);
    size_t d[3], nd = 0, dl[3], ndl = 0;
    float *x = read_npy(path, d, &nd);
    int *y = read_npy(lpath, dl, &ndl);
    if (!x || !y || nd != 3 || ndl != 1 || dl[0] != d[0])
        return fprintf(stderr, "cnn_bench: cannot read %s and %s\n", path, lpath), 1;
    const size_t n = d[0], img = d[1] * d[2];
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k = y[i] + 1 > k ? y[i] + 1 : k;
    float *xtr = malloc(n * img * sizeof *xtr), *xte = malloc(n * img * sizeof *xte);
    int *ytr = malloc(n * sizeof *ytr), *yte = malloc(n * sizeof *yte);
    size_t ntr = 0, nte = 0;
    for (size_t i = 0; i < n; i++) {
        if (i % 5 == 4) {
            memcpy(xte + nte * img, x + i * img, img * sizeof *x);
            yte[nte++] = y[i];
        } else {
            memcpy(xtr + ntr * img, x + i * img, img * sizeof *x);
            ytr[ntr++] = y[i];
        }
    }
    ser_cnn_config cfg;
    ser_cnn_config_default(&cfg);
    cfg.n_mels = d[1];
    cfg.n_frames = d[2];
    cfg.n_classes = (size_t)k;
    cfg.seed = seed;
    ser_status st;
    ser_error err;
    ser_cnn *net = ser_cnn_create(&cfg, &st, &err);
    if (!net)
        return fprintf(stderr, "%s\n", err.message), 1;
    if (threads > 1) {
        openblas_set_num_threads(1);
        if (ser_cnn_set_threads(net, threads, &err))
            return fprintf(stderr, "%s\n", err.message), 1;
    } else {
        openblas_set_num_threads(1);
    }
    ser_cnn_train_config tc;
    ser_cnn_train_config_default(&tc);
    tc.epochs = epochs;
    tc.patience = 0;
    tc.restore_best = 0;
    tc.seed = seed;
    tc.on_epoch = on_epoch;
    printf("ours: %zu train / %zu test images of %zu x %zu, %d classes, %zu threads\n", ntr, nte, d[1], d[2], k,
           threads);
    t_last = now();
    c_last = cpu();
    const double t0 = t_last, c0 = c_last;
    ser_cnn_curves cu;
    if (ser_cnn_train(net, xtr, ytr, ntr, &tc, &cu, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    const double per_epoch = (now() - t0) / (double)epochs, cpu_epoch = (cpu() - c0) / (double)epochs;
    float *pr = malloc(nte * (size_t)k * sizeof *pr);
    if (ser_cnn_predict(net, xte, nte, pr, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    size_t hits = 0;
    for (size_t i = 0; i < nte; i++) {
        int best = 0;
        for (int j = 1; j < k; j++)
            best = pr[i * (size_t)k + (size_t)j] > pr[i * (size_t)k + (size_t)best] ? j : best;
        hits += best == yte[i];
    }
    printf("ours: %.3f s per epoch (CPU %.3f s), test accuracy %.4f\n", per_epoch, cpu_epoch,
           (double)hits / (double)nte);
    ser_cnn_curves_free(&cu);
    ser_cnn_destroy(net);
    free(pr);
    free(x);
    free(y);
    free(xtr);
    free(xte);
    free(ytr);
    free(yte);
    return 0;
}
