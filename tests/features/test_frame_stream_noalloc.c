/* ser_frame_stream push / flush / reset / compute and the frame window
 * never allocate: counted by interposing malloc & co. while they run.
 * Skipped under AddressSanitizer, which owns malloc. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#include "ser/frame_stream.h"
#include "ser/frame_window.h"
#include "ser/rng.h"

#define N 24000
#define SR 16000.0

#if TU_ALLOC_COUNTING_SUPPORTED
static void sink(void *user, size_t t, const float *row, size_t dim)
{
    (void)t;
    double *acc = user;
    for (size_t i = 0; i < dim; i++)
        *acc += row[i];
}
#endif

static void test_frame_stream_does_not_allocate(void **state)
{
    (void)state;
#if !TU_ALLOC_COUNTING_SUPPORTED
    skip();
#else
    float *x = malloc(N * sizeof *x);
    ser_rng rng;
    ser_rng_seed(&rng, 9);
    for (size_t i = 0; i < N; i++)
        x[i] = (float)(0.3 * sin(2 * M_PI * 180 * (double)i / SR) + 0.05 * ser_rng_normal(&rng));
    ser_frame_stream_config c = ser_frame_stream_config_default();
    c.features = SER_FRAME_ALL;
    ser_frame_stream *fs = ser_frame_stream_create(&c, NULL);
    assert_non_null(fs);
    size_t dim = ser_frame_stream_row_dim(fs), T = ser_frame_stream_n_frames(fs, N);
    ser_frame_window *w = ser_frame_window_create(dim, 63, NULL);
    float *m = malloc(T * dim * sizeof *m);
    double *stats_out = malloc(dim * 3 * sizeof *stats_out), seedv[320], acc = 0;
    static const ser_stat stats[3] = {{SER_STAT_MEAN, 0}, {SER_STAT_PERCENTILE, 90}, {SER_STAT_SLOPE, 0}};
    assert_true(w && m && stats_out);

    tu_alloc_count = 0;
    tu_alloc_counting = 1;
    for (size_t pos = 0; pos < N;) {
        size_t k = 1 + (size_t)ser_rng_below(&rng, 700);
        if (k > N - pos)
            k = N - pos;
        assert_int_equal(ser_frame_stream_push(fs, x + pos, k, ser_frame_window_sink, w), SER_OK);
        pos += k;
    }
    assert_int_equal(ser_frame_stream_flush(fs, sink, &acc), SER_OK);
    assert_int_equal(ser_frame_window_stats(w, 0, stats, 3, 31.25, stats_out), SER_OK);
    assert_int_equal(ser_frame_window_mean_var(w, 20, stats_out, stats_out + dim), SER_OK);
    assert_int_equal(ser_frame_window_seed_vector(w, fs, 0, seedv), SER_OK);
    ser_frame_window_reset(w);
    ser_frame_stream_reset(fs);
    assert_int_equal(ser_frame_stream_compute(fs, x, N, m, T), SER_OK);
    tu_alloc_counting = 0;
    assert_int_equal(tu_alloc_count, 0);
    /* the counter works: a constructor allocates */
    tu_alloc_counting = 1;
    ser_frame_stream *again = ser_frame_stream_create(&c, NULL);
    tu_alloc_counting = 0;
    assert_true(tu_alloc_count > 0);
    ser_frame_stream_destroy(again);

    free(m);
    free(stats_out);
    free(x);
    ser_frame_window_destroy(w);
    ser_frame_stream_destroy(fs);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_stream_does_not_allocate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
