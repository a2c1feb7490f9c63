/* ser/trees.h - tree ensembles: xgboost trains, libser predicts.
 *
 * Two modes of xgboost's gbtree booster (objective multi:softprob), on
 * row-major double features (converted to float, as xgboost stores them):
 *
 *  - SER_TREES_FOREST, a random forest in the seed notebook's vocabulary
 *    (n_estimators, max_depth): one boosting round of n_estimators
 *    parallel trees per class (num_parallel_tree), eta 1, each tree on a
 *    row subsample drawn without replacement (default 0.632, the share of
 *    distinct rows in a bootstrap sample) and each split choosing among
 *    floor(sqrt(d)) features (colsample_bynode, as scikit-learn's
 *    max_features='sqrt').  max_depth 0 means unlimited.  Each tree's
 *    leaves are one Newton step of the softmax loss (shrunk by
 *    reg_lambda, at least min_child_weight of hessian per leaf), averaged
 *    over the forest: probabilities are softmax(margins), not
 *    scikit-learn's averaged leaf class frequencies.  More than 100
 *    trees per class are grown in chunks of 100 (the last one smaller),
 *    chunk i by its own booster seeded from (seed, i) -- chunk 0 with the
 *    seed itself -- and averaged (each chunk's leaves times its share of
 *    the trees), so that the first chunks of a forest are the forest of
 *    that many trees (the search reads smaller forests off larger ones;
 *    ser/search.h).  Up to 100 trees it is exactly xgboost's forest.
 *  - SER_TREES_BOOST, gradient-boosted trees: n_estimators rounds of one
 *    tree per class with learning_rate, max_depth, subsample, colsample.
 *
 * Tree method: "exact" (default) scans the sorted values of only the
 * features sampled at each node, which for a forest (sqrt(d) of d
 * features) is several times faster than "hist" on corpus-sized data
 * (768 x 320 Gaussian blobs, 4 classes, 300 trees, 1 thread: 3.2 s vs
 * 23.6 s); "hist" bins every feature into max_bin histograms.  xgboost's exact method needs a depth limit, so
 * "unlimited" is max_depth 1000 there (never reached: a tree that deep
 * needs thousands of maximally unbalanced splits); with hist, unlimited
 * depth is grow_policy=lossguide with max_depth 0 and max_leaves 0, the
 * only way xgboost accepts depth 0.  A depth limit grows depthwise.
 *
 * nthread and seed are always set explicitly; with the same data, config
 * and seed the model is identical.  The trained trees are copied into a
 * ser_trees and prediction is libser's own allocation-free traversal:
 * margin = base_score + the sum of the class's leaves (accumulated in
 * float, in tree order, as xgboost), probabilities = softmax(margins),
 * label = argmax.  Tested against XGBoosterPredict.  A ser_trees is
 * immutable and safe to share across threads. */
#ifndef SER_TREES_H
#define SER_TREES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ser/class_weight.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_trees_mode {
    SER_TREES_FOREST = 0, /* random forest */
    SER_TREES_BOOST = 1   /* gradient-boosted trees */
} ser_trees_mode;

typedef enum ser_trees_method {
    SER_TREES_EXACT = 0, /* exact greedy splits */
    SER_TREES_HIST = 1   /* histogram splits (max_bin bins per feature) */
} ser_trees_method;

/* Depth used for "unlimited" (max_depth 0) with SER_TREES_EXACT. */
#define SER_TREES_EXACT_UNLIMITED_DEPTH 1000

typedef struct ser_trees_config {
    ser_trees_mode mode;
    size_t n_estimators;     /* forest: trees per class (100); boost: rounds (100) */
    size_t max_depth;        /* forest: 0 = unlimited; boost: 6 */
    double learning_rate;    /* boost: eta (0.3); forest: ignored, 1 */
    double subsample;        /* fraction of rows per tree, without replacement (forest 0.632, boost 1) */
    double colsample_bynode; /* fraction of features per split; 0 = floor(sqrt(d)) features (forest 0, boost 1) */
    double colsample_bytree; /* fraction of features per tree (1) */
    double min_child_weight; /* minimum hessian sum in a leaf (1) */
    double reg_lambda;       /* L2 penalty on leaf values (1) */
    double min_split_loss;   /* xgboost gamma: minimum loss reduction to split (0) */
    ser_trees_method method; /* SER_TREES_EXACT */
    size_t max_bin;          /* SER_TREES_HIST: bins per feature (256) */
    ser_class_weight_mode class_weight; /* SER_CLASS_WEIGHT_NONE; else sample weight = class weight */
    const double *class_weights;        /* SER_CLASS_WEIGHT_CUSTOM: n_classes values */
    int nthread;             /* xgboost threads (1); another count may sum histograms in another order */
    uint64_t seed;           /* 0 */
} ser_trees_config;

typedef struct ser_trees ser_trees;

/* Defaults of the mode (see the fields above). */
void ser_trees_config_default(ser_trees_config *cfg, ser_trees_mode mode);

/* Train on x (n_rows x n_features, finite) with labels y (0..n_classes-1,
 * n_classes >= 2).  Errors as ser_svm_train; SER_ERR_EXTERNAL carries
 * xgboost's message. */
ser_status ser_trees_train(const double *x, size_t n_rows, size_t n_features, const int *y, size_t n_classes,
                           const ser_trees_config *cfg, ser_trees **out, ser_error *err);

void ser_trees_destroy(ser_trees *trees);

size_t ser_trees_n_classes(const ser_trees *trees);
size_t ser_trees_n_features(const ser_trees *trees);
size_t ser_trees_n_trees(const ser_trees *trees); /* all classes */
size_t ser_trees_n_nodes(const ser_trees *trees); /* all trees */
/* The configuration it was trained with (class_weights points into the
 * model: resolved per-class weights; colsample_bynode resolved). */
void ser_trees_config_of(const ser_trees *trees, ser_trees_config *cfg);

/* Raw scores (xgboost's output_margin) of one row into margins
 * (n_classes values).  Never allocates. */
void ser_trees_margins(const ser_trees *trees, const double *x, double *margins);

/* Softmax probabilities (probs: n_classes values, required) and, when
 * label is not NULL, the label (argmax, lowest index on ties) of one row.
 * Never allocates. */
void ser_trees_predict(const ser_trees *trees, const double *x, int *label, double *probs);

/* Serialised form, as ser_svm_encode / ser_svm_decode. */
ser_status ser_trees_encode(const ser_trees *trees, unsigned char **data, size_t *len, ser_error *err);
ser_status ser_trees_decode(const unsigned char *data, size_t len, ser_trees **out, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
