/* ser_chroma_process_frames (frames in pairs) gives exactly the bits of
 * ser_chroma_process frame by frame, for every kernel this CPU runs, an
 * odd frame count (the unpaired last frame), and a non-12 chroma count. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "ser/chroma.h"
#include "ser/rng.h"

#define N_FRAMES 7

static void check(ser_kernel kernel, size_t n_chroma)
{
    ser_chroma_config cfg = ser_chroma_config_default();
    cfg.kernel = kernel;
    cfg.n_chroma = n_chroma;
    ser_status st;
    ser_chroma *ch = ser_chroma_create(&cfg, &st);
    assert_non_null(ch);
    assert_int_equal(ser_chroma_set_tuning(ch, -0.13), SER_OK);
    size_t nb = ser_chroma_n_bins(ch);
    float *p = malloc(N_FRAMES * nb * sizeof *p);
    float one[N_FRAMES * 24], many[N_FRAMES * 24];
    assert_non_null(p);
    ser_rng rng;
    ser_rng_seed(&rng, 42 + n_chroma);
    for (size_t i = 0; i < N_FRAMES * nb; i++) {
        double u = ser_rng_uniform(&rng);
        p[i] = (float)(u * u * 100.0);
    }
    for (size_t t = 0; t < N_FRAMES; t++)
        ser_chroma_process(ch, p + t * nb, one + t * n_chroma);
    ser_chroma_process_frames(ch, p, N_FRAMES, many);
    assert_memory_equal(one, many, N_FRAMES * n_chroma * sizeof *one);
    free(p);
    ser_chroma_destroy(ch);
}

static void test_frames_match_single(void **state)
{
    (void)state;
    const ser_kernel kernels[] = {SER_KERNEL_PLAIN, SER_KERNEL_AVX2};
    for (size_t k = 0; k < 2; k++) {
        if (!ser_kernel_available(kernels[k]))
            continue;
        check(kernels[k], 12);
        check(kernels[k], 24);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_frames_match_single)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
