/* search_internal.h (private) - pieces of the hyper-parameter search. */
#ifndef SER_ML_SEARCH_INTERNAL_H
#define SER_ML_SEARCH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ser/search.h"

/* The points to evaluate (malloc'd into *points): the whole grid, or for
 * random search n_iter of them drawn with the seed. */
ser_status ser__search_points(const ser_search_config *cfg, ser_search_point **points, size_t *n_points,
                              ser_error *err);

/* The seed of every fit of point p (independent of threads and order). */
uint64_t ser__search_point_seed(uint64_t seed, size_t p);

/* Fit scaler + classifier of point p on rows[0..n_rows) of x.  svm_probability
 * overrides the base config's probability flag; threads grow a forest's
 * chunks in parallel (same model for any count).  Either *svm or *trees is set. */
ser_status ser__search_fit(const double *x, size_t n_features, const int *y, size_t n_classes, const size_t *rows,
                           size_t n_rows, const ser_search_config *cfg, const ser_search_point *p, uint64_t seed,
                           bool svm_probability, int threads, ser_scaler **scaler, ser_svm **svm, ser_trees **trees,
                           ser_error *err);

/* rows[0..n) of x gathered into a new matrix (*xo, n x d), transformed by
 * scaler unless NULL; their labels into *yo.  SER_ERR_NOMEM. */
ser_status ser__search_gather(const double *x, size_t d, const int *y, const size_t *rows, size_t n,
                              const ser_scaler *scaler, double **xo, int **yo, ser_error *err);

/* Accuracy and UAR of a fitted scaler + classifier on rows[0..n_rows). */
ser_status ser__search_score(const double *x, size_t n_features, const int *y, size_t n_classes, const size_t *rows,
                             size_t n_rows, const ser_scaler *scaler, const ser_svm *svm, const ser_trees *trees,
                             double *accuracy, double *uar, ser_error *err);

/* The SVM config of point p: cfg->svm with the point's C and gamma
 * (gamma 0 = 'scale'), the probability flag and seed given. */
void ser__search_svm_config(const ser_search_config *cfg, const ser_search_point *p, uint64_t seed,
                            bool probability, ser_svm_config *sc);

/* One inner fold of an SVM search on precomputed kernels (search_gram.c):
 * training rows scaled by the fold's own scaler (fitted on them only),
 * validation labels, and the base matrices of ser__svm_gram_base
 * (training x training, validation x training). */
typedef struct ser__gram_fold {
    size_t n_train, n_test, d;
    double *x_train;    /* n_train x d, scaled */
    int *y_train;       /* n_train */
    int *y_test;        /* n_test */
    double *base_train; /* n_train x n_train */
    double *base_test;  /* n_test x n_train */
} ser__gram_fold;

ser_status ser__search_gram_fold_prepare(const double *x, size_t d, const int *y, const size_t *train_rows,
                                         size_t n_train, const size_t *test_rows, size_t n_test,
                                         ser_svm_kernel kernel, ser__gram_fold *f, ser_error *err);
void ser__search_gram_fold_free(ser__gram_fold *f);

/* *base (malloc'd, n x n) = ser__svm_gram_base of xs (n x d) with itself. */
ser_status ser__search_gram_base(ser_svm_kernel kernel, const double *xs, size_t n, size_t d, double **base,
                                 ser_error *err);

/* Fit point p (no calibration) on fold f and score its validation rows. */
ser_status ser__search_gram_task(const ser__gram_fold *f, size_t n_classes, const ser_search_config *cfg,
                                 const ser_search_point *p, uint64_t seed, double *accuracy, double *uar,
                                 ser_error *err);

/* Forest search from one forest per (tree count, inner fold)
 * (search_forest.c): used for kind forest with the exact tree method. */
bool ser__search_forest_shared(const ser_search_config *cfg);

/* A forest of n_estimators trees per class, grown to max_depth (0 =
 * unlimited) in chunks as ser_trees_train grows it (trees_model.h), from
 * which the forests of smaller depths and of fewer chunks are read off.
 * Per chunk: its trees, every node's value as a leaf (a leaf's own; an
 * internal node's weight / (the chunk's trees)) and every node's depth. */
typedef struct ser__forest_chunk {
    ser_trees *trees;
    float *weight;   /* per node: value as a leaf */
    uint32_t *depth; /* per node */
} ser__forest_chunk;

typedef struct ser__forest_family {
    size_t n_estimators, n_classes, n_chunks;
    ser__forest_chunk *chunk;
} ser__forest_family;

/* Train the family on scaled rows xs (n_rows x d) with base's other
 * settings (forest mode, exact method, nthread 1, the given seed). */
ser_status ser__forest_family_train(const double *xs, size_t n_rows, size_t d, const int *y, size_t n_classes,
                                    const ser_trees_config *base, size_t max_depth, size_t n_estimators,
                                    uint64_t seed, ser__forest_family *f, ser_error *err);
void ser__forest_family_free(ser__forest_family *f);
/* Whether a family of family_trees trees holds the forest of n_trees:
 * the same count, or both multiples of the chunk size and n_trees <=
 * family_trees. */
bool ser__forest_family_covers(size_t family_trees, size_t n_trees);
/* Margins (n_classes) of row x by the family's forest of n_trees trees
 * (covered) cut at max_depth (0 = the family's own depth): the margins of
 * ser_trees_train's forest of (max_depth, n_trees) with the family's seed. */
void ser__forest_family_margins(const ser__forest_family *f, const double *x, size_t max_depth, size_t n_trees,
                                double *margins);

/* One chunk (i) of the family of n_estimators trees (the family's own
 * trees, leaf values and depths); the pieces ser__forest_family_train
 * loops over, for the search's (group, fold, chunk) tasks. */
ser_status ser__forest_chunk_train(const double *xs, size_t n_rows, size_t d, const int *y, size_t n_classes,
                                   const ser_trees_config *base, size_t max_depth, size_t n_estimators, size_t i,
                                   uint64_t seed, ser__forest_chunk *ch, ser_error *err);
void ser__forest_chunk_free(ser__forest_chunk *ch);

/* The forest search's plan: groups of tree counts (one family per group
 * and inner fold, grown to the group's largest count and depth), the
 * folds' scaled rows, and (group, fold, chunk) tasks. */
typedef struct ser__forest_fold_data {
    double *xs, *xt; /* scaled training / validation rows */
    int *ys, *yt;
    size_t n_train, n_test;
} ser__forest_fold_data;

typedef struct ser__forest_plan {
    size_t k, n_groups, n_tasks;
    size_t *group_trees, *group_depth; /* per group; depth 0 = unlimited */
    ser__forest_fold_data *fold;       /* k */
    ser__forest_family *fam;           /* n_groups x k, index g * k + f */
    struct { size_t g, f, i; } *task;  /* n_tasks */
} ser__forest_plan;

ser_status ser__forest_plan_build(const double *x, size_t d, const int *y, size_t n_classes, size_t k,
                                  size_t *const *train_rows, const size_t *n_train, size_t *const *test_rows,
                                  const size_t *n_test, const ser_search_point *points, size_t n_points,
                                  ser__forest_plan *pl, ser_error *err);
/* Task t: grow its chunk (threads may run different tasks at once). */
ser_status ser__forest_plan_task(ser__forest_plan *pl, size_t t, size_t d, size_t n_classes,
                                 const ser_search_config *cfg, uint64_t seed, ser_error *err);
/* After every task: accuracy / UAR of point p on fold f at p * k + f. */
ser_status ser__forest_plan_score(ser__forest_plan *pl, size_t d, size_t n_classes, const ser_search_point *points,
                                  size_t n_points, double *accuracy, double *uar, ser_error *err);
void ser__forest_plan_free(ser__forest_plan *pl);

#endif
