/* ser_yin_process and ser_pyin_observe do not allocate: malloc, calloc
 * and realloc are wrapped by a counting allocator (glibc's __libc_*
 * underneath).  Skipped under AddressSanitizer, which owns malloc. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#include "ser/pitch.h"


static void test_process_does_not_allocate(void **state)
{
    (void)state;
#if TU_ALLOC_COUNTING_SUPPORTED
    ser_pyin_config cfg = ser_pyin_config_default();
    cfg.yin.sample_rate = 16000;
    ser_status st;
    ser_yin *yin = ser_yin_create(&cfg.yin, &st);
    ser_pyin *pyin = ser_pyin_create(&cfg, &st);
    assert_non_null(yin);
    assert_non_null(pyin);
    float frame[2048];
    for (size_t i = 0; i < 2048; i++)
        frame[i] = (float)(0.4 * sin(2 * M_PI * 140.0 * (double)i / 16000.0));
    double *obs = malloc(2 * ser_pyin_n_bins(pyin) * sizeof *obs);
    ser_yin_frame r;
    double vp;
    tu_alloc_count = 0;
    tu_alloc_counting = 1;
    for (int k = 0; k < 5; k++) {
        ser_yin_process(yin, frame, &r);
        ser_pyin_observe(pyin, frame, obs, &vp);
    }
    tu_alloc_counting = 0;
    assert_int_equal(tu_alloc_count, 0);
    assert_true(r.trough && fabs(r.f0 - 140.0) < 0.5 && vp > 0.5);
    /* the counter works */
    tu_alloc_counting = 1;
    ser_yin *other = ser_yin_create(&cfg.yin, &st);
    tu_alloc_counting = 0;
    assert_true(tu_alloc_count > 0);
    ser_yin_destroy(other);
    free(obs);
    ser_pyin_destroy(pyin);
    ser_yin_destroy(yin);
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_process_does_not_allocate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
