/* search_forest.c - the random-forest search from one forest per tree
 * count and inner fold.
 *
 * xgboost's exact method grows a tree level by level, and the random
 * draws of a tree (its row subsample, the seed of its column sampler)
 * do not depend on the depth limit.  So, with one seed and one number of
 * trees, a forest grown with depth limit D is the unlimited forest cut at
 * depth D: the nodes at depth D become leaves of value weight * (1/N)
 * (in float, as xgboost: learning rate 1 / N parallel trees), their
 * weight being xgboost's unscaled base_weight of the node.  Every depth
 * of the search is therefore read off one forest per tree count, grown to
 * the largest depth among the points with that count.  (Fewer trees are
 * not a prefix of more: xgboost grows class 0's N trees before class 1's
 * from one random stream.)  Margins add up in float in tree order as
 * ser_trees_margins does; test_search_forest checks the derived margins
 * against forests trained directly at each depth.
 *
 * One fit per (tree count, inner fold) instead of one per (point, fold);
 * every point uses the same seed (ser__search_point_seed(seed, 0)), and
 * so does the refit. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"
#include "ser/metrics.h"
#include "ser/util.h"
#include "trees_model.h"

bool ser__search_forest_shared(const ser_search_config *cfg)
{
    return cfg->kind == SER_MODEL_FOREST && cfg->trees.method == SER_TREES_EXACT;
}

void ser__forest_family_free(ser__forest_family *f)
{
    if (!f)
        return;
    for (size_t i = 0; f->chunk && i < f->n_chunks; i++) {
        ser_trees_destroy(f->chunk[i].trees);
        free(f->chunk[i].weight);
        free(f->chunk[i].depth);
    }
    free(f->chunk);
    memset(f, 0, sizeof *f);
}

static const cJSON *path(const cJSON *o, const char *const *keys)
{
    for (; o && *keys; keys++)
        o = cJSON_GetObjectItemCaseSensitive(o, *keys);
    return o;
}

/* The value of every node of a chunk as a leaf: its own value for a leaf;
 * for an internal node its unscaled weight (xgboost's base_weights) times
 * the chunk's learning rate 1 / (its trees), in float as xgboost computes
 * a leaf.  And every node's depth (children come after their parent). */
static ser_status read_chunk(BoosterHandle b, size_t n_trees, ser__forest_chunk *ch, ser_error *err)
{
    const ser_trees *t = ch->trees;
    ch->weight = ser_alloc_array(t->n_nodes, sizeof *ch->weight);
    ch->depth = ser_alloc_array(t->n_nodes, sizeof *ch->depth);
    if (!ch->weight || !ch->depth)
        return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    bst_ulong len = 0;
    const char *buf = NULL;
    if (XGBoosterSaveModelToBuffer(b, "{\"format\": \"json\"}", &len, &buf) != 0)
        return ser_error_set(err, SER_ERR_EXTERNAL, "search: xgboost cannot save its model: %s", XGBGetLastError());
    cJSON *root = cJSON_ParseWithLength(buf, (size_t)len);
    if (!root)
        return ser_error_set(err, SER_ERR_EXTERNAL, "search: cannot parse xgboost's JSON model");
    static const char *const k_trees[] = {"learner", "gradient_booster", "model", "trees", NULL};
    const cJSON *trees = path(root, k_trees), *tr;
    float lr = 1.0f / (float)n_trees; /* xgboost: learning rate 1 / parallel trees */
    ser_status st = SER_OK;
    size_t i = 0;
    if (!cJSON_IsArray(trees) || (size_t)cJSON_GetArraySize(trees) != t->n_trees)
        st = ser_error_set(err, SER_ERR_FORMAT, "search: unexpected xgboost JSON model layout");
    cJSON_ArrayForEach(tr, trees)
    {
        if (st)
            break;
        const cJSON *bw = cJSON_GetObjectItemCaseSensitive(tr, "base_weights");
        if (!cJSON_IsArray(bw) || (size_t)cJSON_GetArraySize(bw) != t->size[i]) {
            st = ser_error_set(err, SER_ERR_FORMAT, "search: xgboost tree %zu lacks base_weights", i);
            break;
        }
        const ser__tree_node *nd = t->nodes + t->root[i];
        float *w = ch->weight + t->root[i];
        uint32_t *dep = ch->depth + t->root[i];
        size_t j = 0;
        for (const cJSON *v = bw->child; v; v = v->next, j++)
            w[j] = nd[j].left == -1 ? nd[j].value : (float)v->valuedouble * lr;
        dep[0] = 0;
        for (j = 0; j < t->size[i]; j++)
            if (nd[j].left != -1)
                dep[nd[j].left] = dep[nd[j].right] = dep[j] + 1;
        i++;
    }
    cJSON_Delete(root);
    return st;
}

ser_status ser__forest_family_train(const double *xs, size_t n_rows, size_t d, const int *y, size_t n_classes,
                                    const ser_trees_config *base, size_t max_depth, size_t n_estimators,
                                    uint64_t seed, ser__forest_family *f, ser_error *err)
{
    memset(f, 0, sizeof *f);
    f->n_estimators = n_estimators;
    f->n_classes = n_classes;
    f->n_chunks = (n_estimators + SER__FOREST_CHUNK - 1) / SER__FOREST_CHUNK;
    double *weights = ser_alloc_array(n_classes ? n_classes : 1, sizeof *weights);
    f->chunk = ser_calloc_array(f->n_chunks ? f->n_chunks : 1, sizeof *f->chunk);
    ser_status st = SER_OK;
    if (!weights || !f->chunk)
        st = ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    for (size_t i = 0; !st && i < f->n_chunks; i++) {
        /* As ser_trees_train grows chunk i (trees_model.h). */
        ser_trees_config tc = *base;
        tc.mode = SER_TREES_FOREST;
        tc.method = SER_TREES_EXACT;
        tc.max_depth = max_depth;
        tc.n_estimators = ser__forest_chunk_trees(n_estimators, i);
        tc.nthread = 1;
        tc.seed = ser__forest_chunk_seed(seed, i);
        BoosterHandle b = NULL;
        st = ser__trees_train_booster(xs, n_rows, d, y, n_classes, &tc, weights, &b, err);
        if (!st)
            st = ser__trees_from_booster(b, n_classes, d, &tc, weights, &f->chunk[i].trees, err);
        if (!st)
            st = read_chunk(b, tc.n_estimators, &f->chunk[i], err);
        if (b)
            XGBoosterFree(b);
        if (!st && f->chunk[i].trees->base_score != f->chunk[0].trees->base_score)
            st = ser_error_set(err, SER_ERR_FORMAT, "search: forest chunks with different base scores");
    }
    free(weights);
    if (st)
        ser__forest_family_free(f);
    return st;
}

bool ser__forest_family_covers(size_t family_trees, size_t n_trees)
{
    return n_trees == family_trees ||
           (n_trees <= family_trees && n_trees % SER__FOREST_CHUNK == 0 && family_trees % SER__FOREST_CHUNK == 0);
}

/* Terminal node of tree i of a chunk for row x when cut at depth limit (0 = none). */
static size_t terminal(const ser__forest_chunk *ch, size_t i, const double *x, size_t limit)
{
    const ser_trees *t = ch->trees;
    const ser__tree_node *nd = t->nodes + t->root[i];
    const uint32_t *dep = ch->depth + t->root[i];
    int32_t j = 0;
    while (nd[j].left != -1 && (limit == 0 || dep[j] < limit)) {
        float v = (float)x[nd[j].feature];
        if (v != v)
            j = nd[j].default_left ? nd[j].left : nd[j].right;
        else
            j = v < nd[j].value ? nd[j].left : nd[j].right;
    }
    return (size_t)j;
}

void ser__forest_family_margins(const ser__forest_family *f, const double *x, size_t max_depth, size_t n_trees,
                                double *margins)
{
    float base = f->chunk[0].trees->base_score;
    for (size_t c = 0; c < f->n_classes; c++)
        margins[c] = base;
    for (size_t i = 0; i < f->n_chunks && ser__forest_chunk_trees(n_trees, i); i++) {
        /* ser_trees_train's merge: chunk leaves times (chunk trees) / (all trees). */
        float scale = (float)ser__forest_chunk_trees(n_trees, i) / (float)n_trees;
        const ser__forest_chunk *ch = &f->chunk[i];
        const ser_trees *t = ch->trees;
        for (size_t j = 0; j < t->n_trees; j++) {
            size_t c = t->tree_class[j];
            float v = ch->weight[t->root[j] + terminal(ch, j, x, max_depth)];
            margins[c] = (float)margins[c] + (n_trees > SER__FOREST_CHUNK ? v * scale : v);
        }
    }
}

ser_status ser__search_forest_fold(const double *x, size_t d, const int *y, size_t n_classes,
                                   const size_t *train_rows, size_t n_train, const size_t *test_rows, size_t n_test,
                                   const ser_search_config *cfg, const ser_search_point *points, size_t n_points,
                                   size_t n_trees, uint64_t seed, double *accuracy, double *uar, ser_error *err)
{
    size_t max_depth = 0;
    bool unlimited = false;
    for (size_t p = 0; p < n_points; p++)
        if (ser__forest_family_covers(n_trees, points[p].n_estimators)) {
            max_depth = points[p].depth > max_depth ? points[p].depth : max_depth;
            unlimited |= points[p].depth == 0;
        }
    double *xs = NULL, *xt = NULL, *margins = NULL;
    int *ys = NULL, *yt = NULL, *yp = NULL;
    ser_scaler *scaler = NULL;
    ser__forest_family fam = {0};
    ser_status st = ser__search_gather(x, d, y, train_rows, n_train, NULL, &xs, &ys, err);
    if (!st)
        st = ser_scaler_fit(xs, n_train, d, &scaler, err);
    if (!st) {
        ser_scaler_transform(scaler, xs, n_train);
        st = ser__search_gather(x, d, y, test_rows, n_test, scaler, &xt, &yt, err);
    }
    if (!st)
        st = ser__forest_family_train(xs, n_train, d, ys, n_classes, &cfg->trees, unlimited ? 0 : max_depth,
                                      n_trees, seed, &fam, err);
    if (!st && (!(yp = ser_alloc_array(n_points * (n_test ? n_test : 1), sizeof *yp)) ||
                !(margins = ser_alloc_array(n_classes, sizeof *margins))))
        st = ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    for (size_t i = 0; !st && i < n_test; i++)
        for (size_t p = 0; p < n_points; p++) {
            if (!ser__forest_family_covers(n_trees, points[p].n_estimators))
                continue;
            ser__forest_family_margins(&fam, xt + i * d, points[p].depth, points[p].n_estimators, margins);
            size_t best = 0;
            for (size_t c = 1; c < n_classes; c++)
                if (margins[c] > margins[best])
                    best = c;
            yp[p * n_test + i] = (int)best;
        }
    for (size_t p = 0; !st && p < n_points; p++) {
        if (!ser__forest_family_covers(n_trees, points[p].n_estimators))
            continue;
        ser_metrics m;
        st = ser_metrics_compute(yt, yp + p * n_test, n_test, n_classes, &m, NULL, NULL, err);
        if (!st) {
            accuracy[p] = m.accuracy;
            uar[p] = m.uar;
        }
    }
    ser__forest_family_free(&fam);
    ser_scaler_destroy(scaler);
    free(xs);
    free(ys);
    free(xt);
    free(yt);
    free(yp);
    free(margins);
    return st;
}
