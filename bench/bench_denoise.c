/* bench_denoise - real-time factor of the spectral-gating denoiser.
 *
 * RTF = single-thread CPU time / audio duration (DESIGN.md), per mode, for
 * one file: a denoiser is created once, then process() runs `repeats`
 * times; the one-call ser_denoise_buffer() (allocating per call) is timed
 * too.  noisereduce 3.0.3's figure is in ../shared/ANCHORS.md.
 *
 * Build and run (from the repository root, after `make build`):
 *   cc -O2 -Iinclude -Ibuild/include bench/bench_denoise.c build/libser.a \
 *      $(pkg-config --libs sndfile kissfft-float soxr libcjson) -lm -o build/bench_denoise
 *   build/bench_denoise ../shared/vectors/inputs/speech_noisy10dB_22050.wav 20
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sndfile.h>

#include "ser/denoise.h"

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE.wav [repeats]\n", argv[0]);
        return 2;
    }
    int repeats = argc > 2 ? atoi(argv[2]) : 20;
    if (repeats < 1)
        repeats = 1;
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(argv[1], SFM_READ, &info);
    if (!sf || info.channels != 1) {
        fprintf(stderr, "%s: cannot read as mono audio\n", argv[1]);
        return 1;
    }
    size_t n = (size_t)info.frames;
    float *in = malloc(n * sizeof *in), *out = malloc(n * sizeof *out);
    if (!in || !out || (size_t)sf_read_float(sf, in, (sf_count_t)n) != n) {
        fprintf(stderr, "%s: read failed\n", argv[1]);
        return 1;
    }
    sf_close(sf);
    double duration = (double)n / info.samplerate;
    printf("file %s: %zu samples, %d Hz, %.3f s; %d repeats\n", argv[1], n, info.samplerate, duration, repeats);

    const char *names[2] = {"nonstationary", "stationary"};
    for (int mode = 0; mode < 2; mode++) {
        ser_denoise_config cfg = ser_denoise_config_default();
        cfg.sample_rate = info.samplerate;
        cfg.mode = (ser_denoise_mode)mode;
        cfg.max_input_samples = n;
        ser_status st;
        ser_error err;
        ser_denoise *dn = ser_denoise_create(&cfg, &st, &err);
        if (!dn) {
            fprintf(stderr, "create: %s\n", ser_error_message(&err, st));
            return 1;
        }
        double t0 = cpu_seconds();
        for (int r = 0; r < repeats; r++)
            if (ser_denoise_process(dn, in, n, out, &err) != SER_OK) {
                fprintf(stderr, "process: %s\n", err.message);
                return 1;
            }
        double t_process = (cpu_seconds() - t0) / repeats;
        ser_denoise_destroy(dn);
        t0 = cpu_seconds();
        for (int r = 0; r < repeats; r++)
            if (ser_denoise_buffer(&cfg, in, n, out, &err) != SER_OK) {
                fprintf(stderr, "buffer: %s\n", err.message);
                return 1;
            }
        double t_buffer = (cpu_seconds() - t0) / repeats;
        printf("%-14s process: %.2f ms  RTF %.5f | one-call (allocating): %.2f ms  RTF %.5f\n", names[mode],
               1e3 * t_process, t_process / duration, 1e3 * t_buffer, t_buffer / duration);
    }
    free(in);
    free(out);
    return 0;
}
