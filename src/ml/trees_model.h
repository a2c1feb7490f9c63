/* trees_model.h - the ser_trees struct and xgboost glue (private).
 *
 * Nodes of all trees sit in one array; tree t's nodes are
 * nodes[root[t] .. root[t] + size[t]), child indices are relative to the
 * tree's first node and always greater than the parent's (checked when
 * importing or decoding), so every walk ends within size[t] steps. */
#ifndef SER_ML_TREES_MODEL_H
#define SER_ML_TREES_MODEL_H

#include <xgboost/c_api.h>

#include "ser/trees.h"

typedef struct ser__tree_node {
    int32_t left;         /* -1 for a leaf */
    int32_t right;
    uint32_t feature;     /* split feature (internal nodes) */
    float value;          /* split threshold: go left when x < value; leaf: the leaf's score */
    uint8_t default_left; /* NaN goes left */
} ser__tree_node;

struct ser_trees {
    ser_trees_config cfg; /* as trained; class_weights -> weights */
    double *weights;      /* n_classes */
    size_t n_classes, n_features, n_trees, n_nodes;
    float base_score;     /* initial margin of every class */
    uint32_t *tree_class; /* n_trees: the class whose margin tree t adds to */
    size_t *root;         /* n_trees */
    size_t *size;         /* n_trees */
    ser__tree_node *nodes;
};

ser_trees *ser__trees_alloc(size_t n_classes, size_t n_features, size_t n_trees, size_t n_nodes);

/* xgboost's process-wide logging -> silent, once (pthread_once). */
void ser__xgb_quiet(void);

/* Train an xgboost booster as ser_trees_train does (validates config,
 * data and labels; weights gets the n_classes resolved class weights).
 * The caller frees *booster with XGBoosterFree.  For the tests, which
 * compare XGBoosterPredict with libser's traversal. */
ser_status ser__trees_train_booster(const double *x, size_t n_rows, size_t n_features, const int *y,
                                    size_t n_classes, const ser_trees_config *cfg, double *weights,
                                    BoosterHandle *booster, ser_error *err);

/* Copy the trees of a trained multi:softprob gbtree booster (via its JSON
 * model) into a new ser_trees; cfg and weights are stored with it. */
ser_status ser__trees_from_booster(BoosterHandle booster, size_t n_classes, size_t n_features,
                                   const ser_trees_config *cfg, const double *weights, ser_trees **out,
                                   ser_error *err);

/* A forest of more than SER__FOREST_CHUNK trees per class is grown as
 * chunks of SER__FOREST_CHUNK trees (the last one smaller), chunk i by
 * its own xgboost booster with seed ser__forest_chunk_seed(seed, i), and
 * merged in chunk order with chunk i's leaves times (its trees) / (all
 * trees), in float: the average of the chunks' forests.  So the first
 * chunks of a forest are the forest of that many trees (the search reads
 * the smaller forests off the larger, search_forest.c), which one xgboost
 * booster does not offer: it grows class 0's trees before class 1's from
 * one random stream.  A forest of one chunk is exactly xgboost's. */
#define SER__FOREST_CHUNK 100
size_t ser__forest_chunk_trees(size_t n_estimators, size_t i); /* trees of chunk i (0 past the end) */
uint64_t ser__forest_chunk_seed(uint64_t seed, size_t i);       /* seed for i = 0, else splitmix64 */

/* ser_trees_train with a forest's chunks on `threads` pthreads (the
 * model does not depend on it; each booster keeps cfg->nthread). */
ser_status ser__trees_train_threads(const double *x, size_t n_rows, size_t n_features, const int *y,
                                    size_t n_classes, const ser_trees_config *cfg, int threads, ser_trees **out,
                                    ser_error *err);

/* Check every tree's structure (child ranges, features, finite values). */
ser_status ser__trees_validate(const ser_trees *t, ser_error *err);

#endif
