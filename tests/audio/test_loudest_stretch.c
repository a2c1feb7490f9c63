/* ser_loudest_stretch against a brute-force search (every allowed start,
 * sums in double), on random signals with a loud burst, step < len and
 * step > len; and ser_load_config.window_s through ser_audio_load_memory:
 * a 4 s file with a loud second in the middle keeps 31744 samples (63
 * frames of hop 512 at 16 kHz) that contain that second; shorter input is
 * kept whole. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "ser/rng.h"

static size_t brute(const float *x, size_t n, size_t len, size_t step)
{
    size_t best = 0;
    double best_e = -1;
    for (size_t at = 0; at + len <= n; at += step) {
        double e = 0;
        for (size_t i = at; i < at + len; i++)
            e += (double)x[i] * x[i];
        if (e > best_e) {
            best_e = e;
            best = at;
        }
    }
    return best;
}

static void against_brute_force(void **state)
{
    (void)state;
    ser_rng rng;
    ser_rng_seed(&rng, 3);
    for (int trial = 0; trial < 50; trial++) {
        size_t n = 500 + ser_rng_below(&rng, 3000), len = 1 + ser_rng_below(&rng, n), step = 1 + ser_rng_below(&rng, 700);
        float *x = malloc(n * sizeof *x);
        for (size_t i = 0; i < n; i++)
            x[i] = (float)(0.1 * ser_rng_normal(&rng));
        size_t burst = ser_rng_below(&rng, n - 50);
        for (size_t i = burst; i < burst + 50; i++)
            x[i] *= 10.0f;
        assert_int_equal(ser_loudest_stretch(x, n, len, step), brute(x, n, len, step));
        free(x);
    }
    float y[4] = {1, 1, 1, 1};
    assert_int_equal(ser_loudest_stretch(y, 4, 4, 1), 0);
    assert_int_equal(ser_loudest_stretch(y, 4, 8, 1), 0);
}

static void window_on_load(void **state)
{
    (void)state;
    const size_t n = 64000;
    short *pcm = calloc(n, sizeof *pcm);
    for (size_t i = 0; i < n; i++) /* quiet tone, loud between 1.5 s and 2.5 s */
        pcm[i] = (short)((i % 40 < 20 ? 1 : -1) * (i >= 24000 && i < 40000 ? 8000 : 100));
    char buf[512];
    const char *path = tu_tmp_path(buf, sizeof buf, "loudest_stretch.wav"), *why = NULL;
    if (!fx_write_s16(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 1, pcm, n, &why))
        fail_msg("%s: %s", path, why);
    ser_load_config cfg = ser_load_config_default();
    cfg.window_s = 2.0;
    ser_audio a;
    ser_error err;
    assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
    assert_int_equal(a.n_samples, 31744);
    assert_true(a.trim_start <= 24000 && a.trim_end >= 40000);
    assert_int_equal(a.trim_start % 512, 0);
    ser_audio_free(&a);
    cfg.window_s = 5.0;
    assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
    assert_int_equal(a.n_samples, n);
    ser_audio_free(&a);
    free(pcm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(against_brute_force), cmocka_unit_test(window_on_load)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
