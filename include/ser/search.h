/* ser/search.h - hyper-parameter search by inner cross-validation, then a
 * refit on all the training rows it was given.
 *
 * Everything here sees only the rows the caller passes (the training part
 * of an outer split): the inner folds split those rows, the standard
 * scaler is fitted inside each inner fold on that fold's training part
 * only, and the final model is refitted (scaler + classifier) on all of
 * them.  A caller that holds out test rows never passes them here.
 *
 * Searches (scikit-learn GridSearchCV / RandomizedSearchCV semantics):
 *   grid    every point of the grid: SVM C x gamma (default C in
 *           {0.1, 1, 10, 100}, gamma in {scale, 0.001, 0.01, 0.1}); trees
 *           depth x n_estimators (x learning rate for boost).
 *   random  n_iter distinct points drawn (seeded) from the same grid
 *           (default: forest depth in {none, 10, 20, 30} x trees in
 *           {100, 200, 300, 500}; boost depth {3, 6, 10} x rounds {50,
 *           100, 200, 300} x learning rate {0.05, 0.1, 0.3}); all points
 *           when n_iter >= the grid size.
 *   none    the base configuration only (still cross-validated when
 *           cv_folds >= 2, for the reported score).
 * Inner folds: stratified k-fold (ser_split_stratified_kfold), or, with
 * groups, stratified group k-fold (speakers kept whole).  Score of a
 * point: mean over the folds of accuracy or UAR (select); ties go to the
 * earlier point.  std is the population standard deviation.
 *
 * Shared work (same results as fitting every point separately, faster):
 *   SVM     per inner fold the scaler, the scaled rows and their squared
 *           distances (dot products for the linear kernel) are computed
 *           once (BLAS); each (C, gamma) fit trains libsvm on the
 *           precomputed kernel exp(-gamma D) and scores the validation
 *           rows from their distances to the training rows; the refit and
 *           its calibration share one matrix.  Up to 2048 training rows
 *           (the matrix takes 16 (n + 2) bytes per row and fit); beyond,
 *           each fit computes its kernel itself.  The model holds the
 *           support vectors as usual.
 *   forest  (exact tree method) the points with the same number of trees
 *           are read off one forest per inner fold grown to their largest
 *           depth (a depth-D forest is the deeper forest cut at depth D);
 *           every point and the refit use the seed of point 0.
 * Parallelism: tasks -- (point, fold), or for the forest (tree count,
 * fold) -- on `threads` pthreads pulling from a shared counter.  Each
 * task's result is stored at its index and every random seed comes from
 * (seed, point index), never from the thread or the order of completion,
 * so results are identical for every thread count.  xgboost runs with
 * nthread 1 per fit.  observe_fit / progress are called once per task. */
#ifndef SER_SEARCH_H
#define SER_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ser/model.h"
#include "ser/scaler.h"
#include "ser/status.h"
#include "ser/svm.h"
#include "ser/trees.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_search_method {
    SER_SEARCH_GRID = 0,   /* "grid" */
    SER_SEARCH_RANDOM = 1, /* "random" */
    SER_SEARCH_NONE = 2    /* "none" */
} ser_search_method;

typedef enum ser_search_score {
    SER_SCORE_ACCURACY = 0, /* "accuracy" */
    SER_SCORE_UAR = 1       /* "uar" (balanced accuracy) */
} ser_search_score;

const char *ser_search_method_name(ser_search_method m); /* NULL if out of range */
ser_status ser_search_method_parse(const char *name, ser_search_method *m); /* SER_ERR_ARG */

/* Called for every fit with the row indices (into the x given to
 * ser_search_run) of its training rows.  From worker threads, serialised. */
typedef void (*ser_fit_observer)(void *user, const size_t *rows, size_t n_rows);
/* Called after each finished task (done of total), serialised. */
typedef void (*ser_search_progress)(void *user, size_t done, size_t total);

typedef struct ser_search_config {
    ser_model_kind kind;       /* SER_MODEL_SVM */
    ser_search_method method;  /* SER_SEARCH_GRID */
    ser_search_score score;    /* SER_SCORE_ACCURACY */
    size_t cv_folds;           /* 5; inner folds (>= 2), 0 or 1 = no inner CV (method none only) */
    const int *groups;         /* NULL: stratified k-fold; else n_rows speaker ids (>= 0): group folds */
    size_t n_iter;             /* 10; random search */
    uint64_t seed;             /* 0 */
    int threads;               /* 1 */
    ser_svm_config svm;        /* base SVM config (the grid overrides c / gamma) */
    ser_trees_config trees;    /* base trees config (the grid overrides depth / trees / rate) */
    /* Grids; NULL = the defaults above.  A gamma of 0 means sklearn 'scale'. */
    const double *c_values;      size_t n_c;
    const double *gamma_values;  size_t n_gamma;
    const size_t *depth_values;  size_t n_depth;   /* 0 = unlimited */
    const size_t *trees_values;  size_t n_trees;
    const double *rate_values;   size_t n_rate;    /* boost only */
    ser_fit_observer observe_fit; void *observe_user;
    ser_search_progress progress; void *progress_user;
} ser_search_config;

/* Defaults for a kind (svm / forest / boost). */
void ser_search_config_default(ser_search_config *cfg, ser_model_kind kind);

/* One point of the search and its inner-CV figures. */
typedef struct ser_search_point {
    double c, gamma;            /* SVM; gamma 0 = 'scale' */
    size_t depth, n_estimators; /* trees; depth 0 = unlimited */
    double learning_rate;       /* boost */
    double mean, std;           /* selection score over the inner folds */
    double accuracy, uar;       /* means over the inner folds */
} ser_search_point;

typedef struct ser_search_result {
    ser_model_kind kind;
    size_t n_points;
    ser_search_point *points; /* in grid order (random: in draw order) */
    size_t best;              /* index of the selected point */
    size_t cv_folds;          /* inner folds used (0 = none) */
    ser_scaler *scaler;       /* refitted on every row */
    ser_svm *svm;             /* kind svm (with probability calibration when the base config asks) */
    ser_trees *trees;         /* kind forest / boost */
} ser_search_result;

/* Search on x (n_rows x n_features, finite) with labels y in
 * [0, n_classes) and refit.  Errors: SER_ERR_LABEL (a class without rows,
 * fewer than two classes, a class with fewer rows than cv_folds -- named),
 * SER_ERR_ARG (bad config, too few groups), plus the fits' errors.
 * *out is zeroed on error. */
ser_status ser_search_run(const double *x, size_t n_rows, size_t n_features, const int *y, size_t n_classes,
                          const ser_search_config *cfg, ser_search_result *out, ser_error *err);

void ser_search_result_free(ser_search_result *res);

/* Text of a point's parameters: "C=10 gamma=scale", "depth=none trees=300". */
void ser_search_point_format(ser_model_kind kind, const ser_search_point *p, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
