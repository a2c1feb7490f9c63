/* ser_model_predict (and the scaler / SVM / tree predictors under it)
 * never allocate: counted by interposing malloc & co. for the duration of
 * the predictions.  Skipped under AddressSanitizer, which owns malloc. */
#include "testutil.h"

#include "model_fixture.h"


static void test_predict_does_not_allocate(void **state)
{
    (void)state;
#if !TU_ALLOC_COUNTING_SUPPORTED
    skip();
#else
    blobs b = fix_data(1);
    const ser_model_kind kinds[3] = {SER_MODEL_SVM, SER_MODEL_FOREST, SER_MODEL_BOOST};
    for (int kk = 0; kk < 3; kk++) {
        ser_model *m = fix_model(kinds[kk], &b, 1);
        assert_non_null(m);
        ser_model_ctx *ctx;
        assert_int_equal(ser_model_ctx_create(m, &ctx), SER_OK);
        float f[FIX_D];
        double p[FIX_K];
        int label;
        size_t ok = 0;
        tu_alloc_count = 0;
        tu_alloc_counting = 1;
        for (size_t i = 0; i < b.n; i++) {
            for (size_t j = 0; j < FIX_D; j++)
                f[j] = (float)b.x[i * FIX_D + j];
            ok += ser_model_predict(m, ctx, f, FIX_D, p, FIX_K, &label) == SER_OK;
        }
        tu_alloc_counting = 0;
        assert_int_equal(ok, b.n);
        if (tu_alloc_count != 0)
            fail_msg("%s: %zu allocations in %zu predictions", ser_model_kind_name(kinds[kk]), (size_t)tu_alloc_count,
                     b.n);
        /* the counter works: an allocation while counting is seen */
        tu_alloc_counting = 1;
        void *volatile q = malloc(16); /* volatile: the compiler may not elide it */
        tu_alloc_counting = 0;
        free(q);
        assert_int_equal(tu_alloc_count, 1);
        ser_model_ctx_destroy(ctx);
        ser_model_destroy(m);
    }
    blobs_free(&b);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_predict_does_not_allocate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
