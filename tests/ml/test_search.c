/* test_search.c - inner-CV hyper-parameter search: grid size, selection,
 * determinism across thread counts, errors on bad class counts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blobs.h"
#include "ser/search.h"
#include "testutil.h"

static void search_ok(const blobs *b, const ser_search_config *cfg, ser_search_result *res)
{
    ser_error err = {0};
    ser_status st = ser_search_run(b->x, b->n, b->d, b->y, b->k, cfg, res, &err);
    if (st)
        fail_msg("search failed: %s", err.message);
}

static void test_svm_grid_default(void **state)
{
    (void)state;
    blobs b = blobs_make(20, 3, 4, 3.0, 1);
    ser_search_config cfg;
    ser_search_config_default(&cfg, SER_MODEL_SVM);
    cfg.svm.probability = false;
    ser_search_result res;
    search_ok(&b, &cfg, &res);
    assert_int_equal(res.n_points, 16); /* 4 C x 4 gamma */
    assert_int_equal(res.cv_folds, 5);
    for (size_t p = 0; p < res.n_points; p++) {
        assert_true(res.points[p].mean <= res.points[res.best].mean);
        assert_true(res.points[p].std >= 0 && res.points[p].std <= 0.5);
    }
    assert_true(res.points[res.best].mean > 0.9); /* well separated blobs */
    assert_non_null(res.svm);
    assert_null(res.trees);
    assert_non_null(res.scaler);
    char text[64];
    ser_search_point_format(SER_MODEL_SVM, &res.points[0], text, sizeof text);
    assert_string_equal(text, "C=0.1 gamma=scale");
    ser_search_result_free(&res);
    free(b.x);
    free(b.y);
}

/* Same table and same refitted model for -j 1 and -j 3. */
static void check_threads(ser_model_kind kind, ser_search_method method)
{
    blobs b = blobs_make(15, 3, 5, 1.5, 7);
    ser_search_config cfg;
    ser_search_config_default(&cfg, kind);
    cfg.method = method;
    cfg.cv_folds = 3;
    cfg.seed = 42;
    cfg.n_iter = 3;
    cfg.svm.probability = false;
    static const size_t depth[] = {0, 2}, trees[] = {5, 10};
    static const double c[] = {0.5, 5}, gamma[] = {0, 0.05};
    cfg.depth_values = depth, cfg.n_depth = 2;
    cfg.trees_values = trees, cfg.n_trees = 2;
    cfg.c_values = c, cfg.n_c = 2;
    cfg.gamma_values = gamma, cfg.n_gamma = 2;
    ser_search_result r1, r3;
    cfg.threads = 1;
    search_ok(&b, &cfg, &r1);
    cfg.threads = 3;
    search_ok(&b, &cfg, &r3);
    assert_int_equal(r1.n_points, r3.n_points);
    assert_int_equal(r1.n_points, method == SER_SEARCH_RANDOM ? 3 : 4);
    assert_int_equal(r1.best, r3.best);
    assert_memory_equal(r1.points, r3.points, r1.n_points * sizeof *r1.points);
    double p1[3], p3[3], row[5];
    for (size_t i = 0; i < b.n; i++) {
        int l1 = -1, l3 = -2;
        memcpy(row, b.x + i * 5, sizeof row);
        ser_scaler_transform(r1.scaler, row, 1);
        if (r1.trees) {
            ser_trees_predict(r1.trees, row, &l1, p1);
            ser_trees_predict(r3.trees, row, &l3, p3);
            assert_memory_equal(p1, p3, sizeof p1);
        } else {
            double scratch[4096];
            assert_true(ser_svm_scratch_size(r1.svm) <= 4096);
            assert_int_equal(ser_svm_predict(r1.svm, row, &l1, NULL, scratch), SER_OK);
            assert_int_equal(ser_svm_predict(r3.svm, row, &l3, NULL, scratch), SER_OK);
        }
        assert_int_equal(l1, l3);
    }
    ser_search_result_free(&r1);
    ser_search_result_free(&r3);
    free(b.x);
    free(b.y);
}

static void test_threads_svm(void **state)
{
    (void)state;
    check_threads(SER_MODEL_SVM, SER_SEARCH_GRID);
}

static void test_threads_forest_random(void **state)
{
    (void)state;
    check_threads(SER_MODEL_FOREST, SER_SEARCH_RANDOM);
}

static void test_threads_boost(void **state)
{
    (void)state;
    check_threads(SER_MODEL_BOOST, SER_SEARCH_RANDOM);
}

/* Each inner fit trains on a strict subset; the refit on every row. */
typedef struct fit_log {
    size_t n_fits, n_full, max_rows;
} fit_log;

static void observe(void *user, const size_t *rows, size_t n)
{
    fit_log *log = user;
    log->n_fits++;
    if (n > log->max_rows)
        log->max_rows = n;
    bool full = true;
    for (size_t i = 0; i < n; i++)
        if (rows[i] != i)
            full = false;
    if (full && n == 60)
        log->n_full++;
}

static void test_observer(void **state)
{
    (void)state;
    blobs b = blobs_make(20, 3, 3, 3.0, 3);
    ser_search_config cfg;
    ser_search_config_default(&cfg, SER_MODEL_SVM);
    cfg.svm.probability = false;
    cfg.threads = 2;
    fit_log log = {0};
    cfg.observe_fit = observe;
    cfg.observe_user = &log;
    ser_search_result res;
    search_ok(&b, &cfg, &res);
    assert_int_equal(log.n_fits, 16 * 5 + 1);
    assert_int_equal(log.n_full, 1); /* only the refit sees every row */
    ser_search_result_free(&res);
    free(b.x);
    free(b.y);
}

static void test_bad_classes(void **state)
{
    (void)state;
    blobs b = blobs_make(10, 3, 3, 3.0, 5);
    ser_search_config cfg;
    ser_search_config_default(&cfg, SER_MODEL_SVM);
    ser_search_result res;
    ser_error err = {0};
    /* class 2 keeps only 3 rows: fewer than 5 folds */
    int kept = 0;
    for (size_t i = 0; i < b.n; i++)
        if (b.y[i] == 2 && kept++ >= 3)
            b.y[i] = 1;
    assert_int_equal(ser_search_run(b.x, b.n, b.d, b.y, 3, &cfg, &res, &err), SER_ERR_LABEL);
    assert_non_null(strstr(err.message, "fewer than the 5"));
    for (size_t i = 0; i < b.n; i++)
        b.y[i] = 0;
    assert_int_equal(ser_search_run(b.x, b.n, b.d, b.y, 1, &cfg, &res, &err), SER_ERR_LABEL);
    assert_int_equal(ser_search_run(b.x, b.n, b.d, b.y, 2, &cfg, &res, &err), SER_ERR_LABEL);
    assert_null(res.points);
    free(b.x);
    free(b.y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svm_grid_default),   cmocka_unit_test(test_threads_svm),
        cmocka_unit_test(test_threads_forest_random), cmocka_unit_test(test_threads_boost),
        cmocka_unit_test(test_observer),           cmocka_unit_test(test_bad_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
