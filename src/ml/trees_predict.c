/* libser's tree-ensemble inference (xgboost semantics, no allocation),
 * and the ser_trees object's allocation, validation and accessors. */
#include <math.h>
#include <stdlib.h>

#include "ser/util.h"
#include "trees_model.h"

ser_trees *ser__trees_alloc(size_t n_classes, size_t n_features, size_t n_trees, size_t n_nodes)
{
    ser_trees *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->n_classes = n_classes;
    t->n_features = n_features;
    t->n_trees = n_trees;
    t->n_nodes = n_nodes;
    t->weights = ser_alloc_array(n_classes, sizeof *t->weights);
    t->tree_class = ser_calloc_array(n_trees, sizeof *t->tree_class);
    t->root = ser_calloc_array(n_trees, sizeof *t->root);
    t->size = ser_calloc_array(n_trees, sizeof *t->size);
    t->nodes = ser_calloc_array(n_nodes, sizeof *t->nodes);
    if (!t->weights || !t->tree_class || !t->root || !t->size || !t->nodes) {
        ser_trees_destroy(t);
        return NULL;
    }
    for (size_t k = 0; k < n_classes; k++)
        t->weights[k] = 1.0;
    ser_trees_config_default(&t->cfg, SER_TREES_FOREST);
    return t;
}

void ser_trees_destroy(ser_trees *t)
{
    if (!t)
        return;
    free(t->weights);
    free(t->tree_class);
    free(t->root);
    free(t->size);
    free(t->nodes);
    free(t);
}

ser_status ser__trees_validate(const ser_trees *t, ser_error *err)
{
    if (!isfinite(t->base_score))
        return ser_error_set(err, SER_ERR_FORMAT, "trees: base score is not finite");
    size_t expect = 0;
    for (size_t i = 0; i < t->n_trees; i++) {
        if (t->root[i] != expect || t->size[i] == 0 || t->size[i] > t->n_nodes - expect)
            return ser_error_set(err, SER_ERR_FORMAT, "trees: tree %zu has a bad node range", i);
        expect += t->size[i];
        if (t->tree_class[i] >= t->n_classes)
            return ser_error_set(err, SER_ERR_FORMAT, "trees: tree %zu adds to class %u of %zu", i,
                                 (unsigned)t->tree_class[i], t->n_classes);
        const ser__tree_node *nd = t->nodes + t->root[i];
        int64_t size = (int64_t)t->size[i];
        for (int64_t j = 0; j < size; j++) {
            if (!isfinite(nd[j].value))
                return ser_error_set(err, SER_ERR_FORMAT, "trees: tree %zu node %lld has a non-finite value", i,
                                     (long long)j);
            if (nd[j].left == -1)
                continue;
            /* children after their parent and inside the tree: walks end */
            if (nd[j].left <= j || nd[j].left >= size || nd[j].right <= j || nd[j].right >= size ||
                nd[j].feature >= t->n_features)
                return ser_error_set(err, SER_ERR_FORMAT, "trees: tree %zu node %lld has bad children or feature",
                                     i, (long long)j);
        }
    }
    if (expect != t->n_nodes)
        return ser_error_set(err, SER_ERR_FORMAT, "trees: node count mismatch");
    return SER_OK;
}

size_t ser_trees_n_classes(const ser_trees *t) { return t->n_classes; }
size_t ser_trees_n_features(const ser_trees *t) { return t->n_features; }
size_t ser_trees_n_trees(const ser_trees *t) { return t->n_trees; }
size_t ser_trees_n_nodes(const ser_trees *t) { return t->n_nodes; }

void ser_trees_config_of(const ser_trees *t, ser_trees_config *cfg)
{
    *cfg = t->cfg;
    cfg->class_weights = t->weights;
}

/* Leaf score of tree i for row x. */
static float leaf_value(const ser_trees *t, size_t i, const double *x)
{
    const ser__tree_node *nd = t->nodes + t->root[i];
    int32_t j = 0;
    while (nd[j].left != -1) {
        float v = (float)x[nd[j].feature];
        if (isnan(v))
            j = nd[j].default_left ? nd[j].left : nd[j].right;
        else
            j = v < nd[j].value ? nd[j].left : nd[j].right;
    }
    return nd[j].value;
}

void ser_trees_margins(const ser_trees *t, const double *x, double *margins)
{
    /* float accumulation in tree order, as xgboost's CPU predictor */
    for (size_t k = 0; k < t->n_classes; k++)
        margins[k] = t->base_score;
    for (size_t i = 0; i < t->n_trees; i++) {
        size_t c = t->tree_class[i];
        margins[c] = (double)((float)margins[c] + leaf_value(t, i, x));
    }
}

void ser_trees_predict(const ser_trees *t, const double *x, int *label, double *probs)
{
    size_t k = t->n_classes;
    ser_trees_margins(t, x, probs);
    size_t best = 0;
    for (size_t c = 1; c < k; c++)
        if (probs[c] > probs[best])
            best = c;
    if (label)
        *label = (int)best;
    double mx = probs[best], sum = 0.0;
    for (size_t c = 0; c < k; c++) {
        probs[c] = exp(probs[c] - mx);
        sum += probs[c];
    }
    for (size_t c = 0; c < k; c++)
        probs[c] /= sum;
}
