/* Quick timing of the seed 320-vector (not a test, no assertion).
 *
 *   make build   # or: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build
 *   cc -O2 -Iinclude -Ibuild/include bench/seed_clip_time.c build/libser.a \
 *       $(pkg-config --libs sndfile soxr kissfft-float libcjson) -lm -o build/seed_clip_time
 *   build/seed_clip_time [-r ROUNDS] [-k plain|avx2] FILE...
 *
 * Decodes every FILE once (libsndfile, channels averaged; all files must
 * share one sample rate), then times ROUNDS passes of ser_seed_compute
 * over all of them (CPU time of this thread; every file differs, so the
 * per-file tuning estimate and chroma filterbank rebuild are included),
 * and prints the time per clip and the real-time factor. */
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ser/seed.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    int rounds = 20, first = 1;
    ser_kernel kernel = SER_KERNEL_AUTO;
    while (first + 1 < argc && argv[first][0] == '-') {
        if (strcmp(argv[first], "-r") == 0)
            rounds = atoi(argv[first + 1]);
        else if (strcmp(argv[first], "-k") == 0)
            kernel = strcmp(argv[first + 1], "plain") == 0 ? SER_KERNEL_PLAIN : SER_KERNEL_AVX2;
        first += 2;
    }
    int nfiles = argc - first;
    if (nfiles < 1 || rounds < 1) {
        fprintf(stderr, "usage: %s [-r ROUNDS] [-k plain|avx2] FILE...\n", argv[0]);
        return 2;
    }
    float **x = calloc((size_t)nfiles, sizeof *x);
    size_t *n = calloc((size_t)nfiles, sizeof *n);
    int sr = 0;
    double audio = 0;
    for (int i = 0; i < nfiles; i++) {
        SF_INFO info = {0};
        SNDFILE *f = sf_open(argv[first + i], SFM_READ, &info);
        if (!f || (sr && info.samplerate != sr)) {
            fprintf(stderr, "%s: cannot use (%s)\n", argv[first + i], f ? "sample rate differs" : sf_strerror(NULL));
            return 1;
        }
        sr = info.samplerate;
        size_t frames = (size_t)info.frames, ch = (size_t)info.channels;
        float *inter = malloc(frames * ch * sizeof *inter);
        x[i] = malloc(frames * sizeof **x);
        sf_readf_float(f, inter, (sf_count_t)frames);
        sf_close(f);
        for (size_t t = 0; t < frames; t++) {
            float acc = 0;
            for (size_t c = 0; c < ch; c++)
                acc += inter[t * ch + c];
            x[i][t] = acc / (float)ch;
        }
        free(inter);
        n[i] = frames;
        audio += (double)frames / sr;
    }
    ser_seed_config cfg = ser_seed_config_default();
    cfg.sample_rate = sr;
    cfg.kernel = kernel;
    ser_status st;
    ser_seed *seed = ser_seed_create(&cfg, &st);
    if (!seed) {
        fprintf(stderr, "ser_seed_create: %s\n", ser_strerror(st));
        return 1;
    }
    double v[SER_SEED_DIM], check = 0;
    for (int i = 0; i < nfiles; i++) /* warm-up: buffers sized */
        ser_seed_compute(seed, x[i], n[i], v, NULL);
    double t0 = cpu_now();
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < nfiles; i++) {
            ser_seed_compute(seed, x[i], n[i], v, NULL);
            check += v[0];
        }
    double cpu = cpu_now() - t0;
    double clips = (double)rounds * nfiles;
    printf("%d files, %.1f s of audio at %d Hz (%.2f s per clip), %d rounds, kernel %s: %.3f ms per clip, "
           "RTF %.6f (check %.3f)\n",
           nfiles, audio, sr, audio / nfiles, rounds, ser_kernel_name(ser_kernel_resolve(kernel)), 1e3 * cpu / clips,
           cpu / (audio * rounds), check / clips);
    ser_seed_destroy(seed);
    for (int i = 0; i < nfiles; i++)
        free(x[i]);
    free(x);
    free(n);
    return 0;
}
