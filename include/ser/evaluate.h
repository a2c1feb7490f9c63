/* ser/evaluate.h - honest evaluation: for each outer split, search and
 * refit on its training rows only (ser/search.h), then test once on its
 * test rows; per-split metrics, their mean and population std, the
 * confusion summed over splits, and the out-of-split predictions.
 *
 * Outer splits are given as fold assignments (ser/split.h): split s of a
 * fold array trains on {i : fold[i] != s} and tests on {i : fold[i] ==
 * s}.  Repeated train/test splits (ravdess4-random: seeds 0-4) are five
 * fold arrays with split 0 each; k-fold / leave-one-speaker-out is one
 * fold array with splits 0..k-1.
 *
 * With speaker_norm, every row is first standardised with its own
 * speaker's statistics (ser/speaker_norm.h; no labels involved, so test
 * speakers are normalised with their own unlabelled clips).  The standard
 * scaler is always fitted on training rows only (inside each inner fold,
 * then on the outer training part). */
#ifndef SER_EVALUATE_H
#define SER_EVALUATE_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/metrics.h"
#include "ser/search.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_outer_split {
    const int *fold;  /* n_rows fold numbers */
    int split;        /* the split of `fold` tested here */
    const char *name; /* e.g. "seed0", "ravdess:01-04" (copied, truncated to 63 bytes) */
} ser_outer_split;

/* Bits of ser_evaluate_config.row_use: whether a row may be trained on
 * (when its fold is not the tested one) and tested (when it is).  An
 * augmented copy is train-only; with test-time conversion the original is
 * train-only and its converted copy test-only. */
enum { SER_ROW_TRAIN = 1, SER_ROW_TEST = 2 };

typedef void (*ser_evaluate_progress)(void *user, size_t split, size_t n_splits, size_t task, size_t n_tasks);

typedef struct ser_evaluate_config {
    ser_search_config search;     /* inner search; its groups, observe_fit and progress are set per split */
    const int *speakers;          /* n_rows speaker ids (-1 unknown), or NULL */
    const unsigned char *row_use; /* n_rows SER_ROW_TRAIN | SER_ROW_TEST, or NULL: every row both */
    bool group_inner;             /* inner folds grouped by speaker (needs speakers) */
    bool speaker_norm;            /* per-speaker standardisation (needs speakers) */
    const int *norm_groups;       /* n_rows: the groups speaker_norm standardises (e.g. speaker x
                                   * channel, a call's own statistics), or NULL: speakers */
    ser_fit_observer observe_fit; /* every fit's training rows, as indices into the full x */
    void *observe_user;
    ser_evaluate_progress progress;
    void *progress_user;
} ser_evaluate_config;

void ser_evaluate_config_default(ser_evaluate_config *cfg, ser_model_kind kind);

typedef struct ser_fold_result {
    char name[64];
    size_t n_train, n_test;
    ser_metrics metrics;     /* on the test rows */
    double auc_macro;        /* one-vs-rest ROC AUC, mean over classes (NaN when undefined) */
    ser_search_point best;   /* selected point with its inner-CV score */
    ser_search_point *points; /* n_points: every point of the inner search, in its order (NULL when the
                               * caller filled the split without one, e.g. the CNN) */
    size_t n_points;
    size_t best_point;        /* index of `best` in points */
    size_t *test_rows;       /* n_test row indices */
    int *pred;               /* n_test predicted classes */
    double *probs;           /* n_test x n_classes probabilities */
} ser_fold_result;

typedef struct ser_evaluation {
    size_t n_classes, n_folds;
    ser_fold_result *folds;
    double accuracy, accuracy_std; /* mean and population std over folds */
    double uar, uar_std;
    double f1_macro, f1_macro_std;
    double auc_macro;              /* mean over folds where defined; NaN when none */
    size_t *confusion;             /* summed over folds, n_classes^2, rows = true */
    ser_class_metrics *per_class;  /* from the summed confusion */
} ser_evaluation;

/* x (n_rows x n_features) is not modified (speaker_norm works on a copy).
 * Errors: SER_ERR_ARG (no splits, empty train or test part, speaker_norm /
 * group_inner without speakers), the search's errors naming the split. */
ser_status ser_evaluate_run(const double *x, size_t n_rows, size_t n_features, const int *y, size_t n_classes,
                            const ser_outer_split *splits, size_t n_splits, const ser_evaluate_config *cfg,
                            ser_evaluation *out, ser_error *err);

void ser_evaluation_free(ser_evaluation *ev);

#ifdef __cplusplus
}
#endif
#endif
