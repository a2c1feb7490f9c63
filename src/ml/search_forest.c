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
    for (size_t i = 0; f->chunk && i < f->n_chunks; i++)
        ser__forest_chunk_free(&f->chunk[i]);
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

void ser__forest_chunk_free(ser__forest_chunk *ch)
{
    ser_trees_destroy(ch->trees);
    free(ch->weight);
    free(ch->depth);
    memset(ch, 0, sizeof *ch);
}

ser_status ser__forest_chunk_train(const double *xs, size_t n_rows, size_t d, const int *y, size_t n_classes,
                                   const ser_trees_config *base, size_t max_depth, size_t n_estimators, size_t i,
                                   uint64_t seed, ser__forest_chunk *ch, ser_error *err)
{
    memset(ch, 0, sizeof *ch);
    /* As ser_trees_train grows chunk i (trees_model.h). */
    ser_trees_config tc = *base;
    tc.mode = SER_TREES_FOREST;
    tc.method = SER_TREES_EXACT;
    tc.max_depth = max_depth;
    tc.n_estimators = ser__forest_chunk_trees(n_estimators, i);
    tc.nthread = 1;
    tc.seed = ser__forest_chunk_seed(seed, i);
    if (!tc.n_estimators)
        return ser_error_set(err, SER_ERR_ARG, "search: forest chunk %zu of %zu trees", i, n_estimators);
    double *weights = ser_alloc_array(n_classes ? n_classes : 1, sizeof *weights);
    if (!weights)
        return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    BoosterHandle b = NULL;
    ser_status st = ser__trees_train_booster(xs, n_rows, d, y, n_classes, &tc, weights, &b, err);
    if (!st)
        st = ser__trees_from_booster(b, n_classes, d, &tc, weights, &ch->trees, err);
    if (!st)
        st = read_chunk(b, tc.n_estimators, ch, err);
    if (b)
        XGBoosterFree(b);
    free(weights);
    if (st)
        ser__forest_chunk_free(ch);
    return st;
}

static ser_status family_alloc(ser__forest_family *f, size_t n_estimators, size_t n_classes, ser_error *err)
{
    memset(f, 0, sizeof *f);
    f->n_estimators = n_estimators;
    f->n_classes = n_classes;
    f->n_chunks = (n_estimators + SER__FOREST_CHUNK - 1) / SER__FOREST_CHUNK;
    f->chunk = ser_calloc_array(f->n_chunks ? f->n_chunks : 1, sizeof *f->chunk);
    return f->chunk ? SER_OK : ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
}

/* Every chunk of a family must share xgboost's base score (checked once
 * all chunks are there). */
static ser_status family_check(const ser__forest_family *f, ser_error *err)
{
    for (size_t i = 0; i < f->n_chunks; i++)
        if (!f->chunk[i].trees || f->chunk[i].trees->base_score != f->chunk[0].trees->base_score)
            return ser_error_set(err, SER_ERR_FORMAT, "search: forest chunks with different base scores");
    return SER_OK;
}

ser_status ser__forest_family_train(const double *xs, size_t n_rows, size_t d, const int *y, size_t n_classes,
                                    const ser_trees_config *base, size_t max_depth, size_t n_estimators,
                                    uint64_t seed, ser__forest_family *f, ser_error *err)
{
    ser_status st = family_alloc(f, n_estimators, n_classes, err);
    for (size_t i = 0; !st && i < f->n_chunks; i++)
        st = ser__forest_chunk_train(xs, n_rows, d, y, n_classes, base, max_depth, n_estimators, i, seed,
                                     &f->chunk[i], err);
    if (!st)
        st = family_check(f, err);
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

void ser__forest_plan_free(ser__forest_plan *pl)
{
    for (size_t f = 0; pl->fold && f < pl->k; f++) {
        free(pl->fold[f].xs);
        free(pl->fold[f].ys);
        free(pl->fold[f].xt);
        free(pl->fold[f].yt);
    }
    for (size_t j = 0; pl->fam && j < pl->n_groups * pl->k; j++)
        ser__forest_family_free(&pl->fam[j]);
    free(pl->fold);
    free(pl->fam);
    free(pl->group_trees);
    free(pl->group_depth);
    free(pl->task);
    memset(pl, 0, sizeof *pl);
}

ser_status ser__forest_plan_build(const double *x, size_t d, const int *y, size_t n_classes, size_t k,
                                  size_t *const *train_rows, const size_t *n_train, size_t *const *test_rows,
                                  const size_t *n_test, const ser_search_point *points, size_t n_points,
                                  ser__forest_plan *pl, ser_error *err)
{
    memset(pl, 0, sizeof *pl);
    pl->k = k;
    pl->group_trees = ser_calloc_array(n_points, sizeof *pl->group_trees);
    pl->group_depth = ser_calloc_array(n_points, sizeof *pl->group_depth);
    pl->fold = ser_calloc_array(k, sizeof *pl->fold);
    bool *unlimited = ser_calloc_array(n_points, sizeof *unlimited);
    ser_status st = SER_OK;
    if (!pl->group_trees || !pl->group_depth || !pl->fold || !unlimited)
        st = ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    /* Groups of tree counts one family covers (multiples of the chunk size
     * together, any other count alone): the largest count and depth. */
    for (size_t p = 0; !st && p < n_points; p++) {
        size_t m = points[p].n_estimators, g = 0;
        for (; g < pl->n_groups; g++) {
            size_t G = pl->group_trees[g];
            if (ser__forest_family_covers(m > G ? m : G, m > G ? G : m))
                break;
        }
        if (g == pl->n_groups)
            pl->n_groups++;
        pl->group_trees[g] = m > pl->group_trees[g] ? m : pl->group_trees[g];
        pl->group_depth[g] = points[p].depth > pl->group_depth[g] ? points[p].depth : pl->group_depth[g];
        unlimited[g] |= points[p].depth == 0;
    }
    for (size_t g = 0; !st && g < pl->n_groups; g++) {
        if (unlimited[g])
            pl->group_depth[g] = 0;
        pl->n_tasks += k * ((pl->group_trees[g] + SER__FOREST_CHUNK - 1) / SER__FOREST_CHUNK);
    }
    free(unlimited);
    if (!st && (!(pl->fam = ser_calloc_array(pl->n_groups * k, sizeof *pl->fam)) ||
                !(pl->task = ser_calloc_array(pl->n_tasks, sizeof *pl->task))))
        st = ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    size_t t = 0;
    for (size_t g = 0; !st && g < pl->n_groups; g++)
        for (size_t f = 0; !st && f < k; f++) {
            st = family_alloc(&pl->fam[g * k + f], pl->group_trees[g], n_classes, err);
            for (size_t i = 0; !st && i < pl->fam[g * k + f].n_chunks; i++, t++) {
                pl->task[t].g = g;
                pl->task[t].f = f;
                pl->task[t].i = i;
            }
        }
    /* Per fold: the scaler fitted on its training rows, both parts scaled. */
    for (size_t f = 0; !st && f < k; f++) {
        ser__forest_fold_data *fd = &pl->fold[f];
        ser_scaler *scaler = NULL;
        fd->n_train = n_train[f];
        fd->n_test = n_test[f];
        st = ser__search_gather(x, d, y, train_rows[f], n_train[f], NULL, &fd->xs, &fd->ys, err);
        if (!st)
            st = ser_scaler_fit(fd->xs, n_train[f], d, &scaler, err);
        if (!st) {
            ser_scaler_transform(scaler, fd->xs, n_train[f]);
            st = ser__search_gather(x, d, y, test_rows[f], n_test[f], scaler, &fd->xt, &fd->yt, err);
        }
        ser_scaler_destroy(scaler);
    }
    if (st)
        ser__forest_plan_free(pl);
    return st;
}

ser_status ser__forest_plan_task(ser__forest_plan *pl, size_t t, size_t d, size_t n_classes,
                                 const ser_search_config *cfg, uint64_t seed, ser_error *err)
{
    size_t g = pl->task[t].g, f = pl->task[t].f, i = pl->task[t].i;
    const ser__forest_fold_data *fd = &pl->fold[f];
    return ser__forest_chunk_train(fd->xs, fd->n_train, d, fd->ys, n_classes, &cfg->trees, pl->group_depth[g],
                                   pl->group_trees[g], i, seed, &pl->fam[g * pl->k + f].chunk[i], err);
}

ser_status ser__forest_plan_score(ser__forest_plan *pl, size_t d, size_t n_classes, const ser_search_point *points,
                                  size_t n_points, double *accuracy, double *uar, ser_error *err)
{
    size_t k = pl->k, max_test = 1;
    for (size_t f = 0; f < k; f++)
        max_test = pl->fold[f].n_test > max_test ? pl->fold[f].n_test : max_test;
    int *yp = ser_alloc_array(max_test, sizeof *yp);
    double *margins = ser_alloc_array(n_classes, sizeof *margins);
    ser_status st = yp && margins ? SER_OK : ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    for (size_t g = 0; !st && g < pl->n_groups; g++)
        for (size_t f = 0; !st && f < k; f++) {
            const ser__forest_family *fam = &pl->fam[g * k + f];
            const ser__forest_fold_data *fd = &pl->fold[f];
            if ((st = family_check(fam, err)))
                break;
            for (size_t p = 0; !st && p < n_points; p++) {
                if (!ser__forest_family_covers(pl->group_trees[g], points[p].n_estimators))
                    continue;
                for (size_t r = 0; r < fd->n_test; r++) {
                    ser__forest_family_margins(fam, fd->xt + r * d, points[p].depth, points[p].n_estimators,
                                               margins);
                    size_t best = 0;
                    for (size_t c = 1; c < n_classes; c++)
                        if (margins[c] > margins[best])
                            best = c;
                    yp[r] = (int)best;
                }
                ser_metrics m;
                st = ser_metrics_compute(fd->yt, yp, fd->n_test, n_classes, &m, NULL, NULL, err);
                if (!st) {
                    accuracy[p * k + f] = m.accuracy;
                    uar[p * k + f] = m.uar;
                }
            }
        }
    free(yp);
    free(margins);
    return st;
}
