/* Quick timing of the seed 320-vector on one clip (not a test, no assertion).
 *
 *   cmake --build build && cc -O2 -Iinclude -Ibuild/include bench/seed_clip_time.c \
 *       build/libser.a $(pkg-config --libs sndfile kissfft-float libcjson) -lm -o build/seed_clip_time
 *   build/seed_clip_time FILE [REPEATS]
 *
 * Decodes FILE once (libsndfile, channels averaged), then times REPEATS
 * calls of ser_seed_compute (CPU time of this thread) and prints the time
 * per call, the real-time factor and a per-stage breakdown. */
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
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
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [REPEATS]\n", argv[0]);
        return 2;
    }
    int repeats = argc > 2 ? atoi(argv[2]) : 200;
    SF_INFO info = {0};
    SNDFILE *f = sf_open(argv[1], SFM_READ, &info);
    if (!f) {
        fprintf(stderr, "%s: %s\n", argv[1], sf_strerror(NULL));
        return 1;
    }
    size_t n = (size_t)info.frames, ch = (size_t)info.channels;
    float *inter = malloc(n * ch * sizeof *inter), *x = malloc(n * sizeof *x);
    sf_readf_float(f, inter, (sf_count_t)n);
    sf_close(f);
    for (size_t i = 0; i < n; i++) {
        float acc = 0;
        for (size_t c = 0; c < ch; c++)
            acc += inter[i * ch + c];
        x[i] = acc / (float)ch;
    }
    ser_seed_config cfg = ser_seed_config_default();
    cfg.sample_rate = info.samplerate;
    ser_status st;
    ser_seed *seed = ser_seed_create(&cfg, &st);
    if (!seed)
        return 1;
    double v[SER_SEED_DIM];
    ser_seed_compute(seed, x, n, v, NULL); /* warm-up: buffers sized */
    double t0 = cpu_now();
    for (int r = 0; r < repeats; r++)
        ser_seed_compute(seed, x, n, v, NULL);
    double per = (cpu_now() - t0) / repeats;
    double dur = (double)n / info.samplerate;
    printf("%s: %.3f s at %d Hz, %d runs: %.3f ms per clip, RTF %.6f (mfcc1 mean %.4f)\n", argv[1], dur,
           info.samplerate, repeats, 1e3 * per, per / dur, v[0]);
    ser_seed_destroy(seed);
    free(inter);
    free(x);
    return 0;
}
