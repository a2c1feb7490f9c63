/* The forest search reads every point of the search off one forest per
 * group of tree counts and inner fold (src/ml/search_forest.c): a forest
 * grown to depth D with M trees per class (ser_trees_train; more than 100
 * trees are grown in chunks of 100, trees_model.h) must equal the family
 * forest of N >= M trees (M, N multiples of 100, or M == N) grown deeper
 * and cut at depth D, with the same seed.  Checked on seeded blobs (3
 * classes, 30 dims, sqrt(d) features per split, 0.632 row subsample) for
 * unlimited and depth-limited families, one to two chunks and an odd
 * count: every margin within 1e-6 (abs + rel; the same float sums in the
 * same order, so measured identical -- the worst difference is printed)
 * of ser_trees_margins of the direct forest, and every label equal.  Also:
 * a forest search gives the same table and model for 1 and 2 threads, and
 * a chunked forest grown on 1 or 3 threads is the same model byte for byte. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "blobs.h"
#include "ml/search_internal.h"
#include "ml/trees_model.h"
#include "ser/trees.h"

static void test_family_matches_direct(void **state)
{
    (void)state;
    blobs tr = blobs_make(30, 3, 30, 0.5, 41), te = blobs_make(15, 3, 30, 0.5, 42);
    ser_trees_config base;
    ser_trees_config_default(&base, SER_TREES_FOREST);
    const uint64_t seed = 77;
    /* family depth, family trees, then (depth, trees) points read off it */
    static const struct {
        size_t fam_depth, fam_trees, n;
        size_t depth[4], trees[4];
    } cases[] = {
        {0, 200, 4, {0, 2, 0, 3}, {200, 200, 100, 100}},
        {3, 200, 2, {2, 3}, {100, 200}},
        {0, 130, 2, {0, 2}, {130, 130}},
    };
    double worst = 0.0;
    size_t cut_nodes = 0;
    for (size_t ci = 0; ci < sizeof cases / sizeof *cases; ci++) {
        ser__forest_family fam;
        ser_error err;
        if (ser__forest_family_train(tr.x, tr.n, tr.d, tr.y, tr.k, &base, cases[ci].fam_depth, cases[ci].fam_trees,
                                     seed, &fam, &err))
            fail_msg("family: %s", err.message);
        for (size_t p = 0; p < cases[ci].n; p++) {
            ser_trees_config c = base;
            c.max_depth = cases[ci].depth[p];
            c.n_estimators = cases[ci].trees[p];
            c.seed = seed;
            assert_true(ser__forest_family_covers(cases[ci].fam_trees, c.n_estimators));
            ser_trees *direct = NULL;
            if (ser_trees_train(tr.x, tr.n, tr.d, tr.y, tr.k, &c, &direct, &err))
                fail_msg("direct: %s", err.message);
            if (c.max_depth && c.max_depth < 3)
                cut_nodes += ser_trees_n_nodes(direct);
            double m1[3], m2[3];
            for (size_t i = 0; i < te.n; i++) {
                const double *x = te.x + i * te.d;
                ser__forest_family_margins(&fam, x, c.max_depth, c.n_estimators, m1);
                ser_trees_margins(direct, x, m2);
                size_t b1 = 0, b2 = 0;
                for (size_t k = 0; k < tr.k; k++) {
                    worst = fmax(worst, fabs(m1[k] - m2[k]));
                    if (!tu_close(m1[k], m2[k], 1e-6, 1e-6))
                        fail_msg("case %zu depth %zu trees %zu row %zu class %zu: derived %.9g vs direct %.9g", ci,
                                 c.max_depth, c.n_estimators, i, k, m1[k], m2[k]);
                    b1 = m1[k] > m1[b1] ? k : b1;
                    b2 = m2[k] > m2[b2] ? k : b2;
                }
                assert_int_equal(b1, b2);
            }
            ser_trees_destroy(direct);
        }
        ser__forest_family_free(&fam);
    }
    assert_true(cut_nodes > 0);
    assert_false(ser__forest_family_covers(200, 150));
    assert_false(ser__forest_family_covers(130, 100));
    printf("# derived vs direct forests: max |margin diff| = %.3g\n", worst);
    blobs_free(&tr);
    blobs_free(&te);
}

static void test_search_threads(void **state)
{
    (void)state;
    blobs b = blobs_make(15, 3, 9, 0.8, 5);
    ser_search_config cfg;
    ser_search_config_default(&cfg, SER_MODEL_FOREST);
    static const size_t depth[] = {0, 2, 4}, trees[] = {3, 8};
    cfg.depth_values = depth, cfg.n_depth = 3;
    cfg.trees_values = trees, cfg.n_trees = 2;
    cfg.n_iter = 4;
    cfg.cv_folds = 3;
    cfg.seed = 3;
    ser_search_result r1, r2;
    ser_error err;
    assert_int_equal(ser_search_run(b.x, b.n, b.d, b.y, b.k, &cfg, &r1, &err), SER_OK);
    cfg.threads = 2;
    assert_int_equal(ser_search_run(b.x, b.n, b.d, b.y, b.k, &cfg, &r2, &err), SER_OK);
    assert_int_equal(r1.n_points, 4);
    assert_int_equal(r1.best, r2.best);
    for (size_t p = 0; p < r1.n_points; p++) {
        assert_true(r1.points[p].accuracy == r2.points[p].accuracy);
        assert_true(r1.points[p].uar == r2.points[p].uar);
    }
    unsigned char *e1, *e2;
    size_t l1, l2;
    assert_int_equal(ser_trees_encode(r1.trees, &e1, &l1, &err), SER_OK);
    assert_int_equal(ser_trees_encode(r2.trees, &e2, &l2, &err), SER_OK);
    assert_int_equal(l1, l2);
    assert_memory_equal(e1, e2, l1);
    free(e1);
    free(e2);
    ser_search_result_free(&r1);
    ser_search_result_free(&r2);
    blobs_free(&b);
}

static void test_chunk_threads(void **state)
{
    (void)state;
    blobs b = blobs_make(20, 3, 10, 0.8, 9);
    ser_trees_config cfg;
    ser_trees_config_default(&cfg, SER_TREES_FOREST);
    cfg.n_estimators = 250;
    cfg.seed = 12;
    ser_trees *t1, *t3;
    ser_error err;
    assert_int_equal(ser__trees_train_threads(b.x, b.n, b.d, b.y, b.k, &cfg, 1, &t1, &err), SER_OK);
    assert_int_equal(ser__trees_train_threads(b.x, b.n, b.d, b.y, b.k, &cfg, 3, &t3, &err), SER_OK);
    assert_int_equal(ser_trees_n_trees(t1), 250 * 3);
    unsigned char *e1, *e3;
    size_t l1, l3;
    assert_int_equal(ser_trees_encode(t1, &e1, &l1, &err), SER_OK);
    assert_int_equal(ser_trees_encode(t3, &e3, &l3, &err), SER_OK);
    assert_int_equal(l1, l3);
    assert_memory_equal(e1, e3, l1);
    free(e1);
    free(e3);
    ser_trees_destroy(t1);
    ser_trees_destroy(t3);
    blobs_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_family_matches_direct),
        cmocka_unit_test(test_search_threads),
        cmocka_unit_test(test_chunk_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
