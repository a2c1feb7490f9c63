/* search_grid.c - the search's grids, defaults and names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"
#include "ser/rng.h"
#include "ser/util.h"

static const double default_c[] = {0.1, 1, 10, 100};
static const double default_gamma[] = {0, 0.001, 0.01, 0.1}; /* 0 = 'scale' */
static const size_t forest_depth[] = {0, 10, 20, 30};
static const size_t forest_trees[] = {100, 200, 300, 500};
static const size_t boost_depth[] = {3, 6, 10};
static const size_t boost_trees[] = {50, 100, 200, 300};
static const double boost_rate[] = {0.05, 0.1, 0.3};

static const char *const method_names[] = {"grid", "random", "none"};

const char *ser_search_method_name(ser_search_method m)
{
    return (unsigned)m < 3 ? method_names[m] : NULL;
}

ser_status ser_search_method_parse(const char *name, ser_search_method *m)
{
    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, method_names[i]) == 0) {
            *m = (ser_search_method)i;
            return SER_OK;
        }
    return SER_ERR_ARG;
}

void ser_search_config_default(ser_search_config *cfg, ser_model_kind kind)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->kind = kind;
    cfg->method = kind == SER_MODEL_SVM ? SER_SEARCH_GRID : SER_SEARCH_RANDOM;
    cfg->score = SER_SCORE_ACCURACY;
    cfg->cv_folds = 5;
    cfg->n_iter = 10;
    cfg->threads = 1;
    ser_svm_config_default(&cfg->svm);
    ser_trees_config_default(&cfg->trees, kind == SER_MODEL_BOOST ? SER_TREES_BOOST : SER_TREES_FOREST);
}

uint64_t ser__search_point_seed(uint64_t seed, size_t p)
{
    uint64_t z = seed + 0x9E3779B97F4A7C15ull * (uint64_t)(p + 1); /* splitmix64 */
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void ser_search_point_format(ser_model_kind kind, const ser_search_point *p, char *buf, size_t size)
{
    if (kind == SER_MODEL_SVM) {
        char g[32];
        if (p->gamma > 0)
            snprintf(g, sizeof g, "%g", p->gamma);
        else
            snprintf(g, sizeof g, "scale");
        snprintf(buf, size, "C=%g gamma=%s", p->c, g);
        return;
    }
    char d[32];
    if (p->depth)
        snprintf(d, sizeof d, "%zu", p->depth);
    else
        snprintf(d, sizeof d, "none");
    if (kind == SER_MODEL_BOOST)
        snprintf(buf, size, "depth=%s trees=%zu rate=%g", d, p->n_estimators, p->learning_rate);
    else
        snprintf(buf, size, "depth=%s trees=%zu", d, p->n_estimators);
}

ser_status ser__search_points(const ser_search_config *cfg, ser_search_point **points, size_t *n_points,
                              ser_error *err)
{
    *points = NULL;
    *n_points = 0;
    size_t na, nb, nr = 1;
    ser_search_point base = {0};
    base.c = cfg->svm.c;
    base.gamma = cfg->svm.gamma_mode == SER_SVM_GAMMA_VALUE ? cfg->svm.gamma : 0;
    base.depth = cfg->trees.max_depth;
    base.n_estimators = cfg->trees.n_estimators;
    base.learning_rate = cfg->trees.learning_rate;
    if (cfg->method == SER_SEARCH_NONE) {
        *points = malloc(sizeof **points);
        if (!*points)
            return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
        **points = base;
        *n_points = 1;
        return SER_OK;
    }
    if (cfg->method != SER_SEARCH_GRID && cfg->method != SER_SEARCH_RANDOM)
        return ser_error_set(err, SER_ERR_ARG, "search: unknown method %d", (int)cfg->method);
    const double *cv = cfg->c_values ? cfg->c_values : default_c;
    const double *gv = cfg->gamma_values ? cfg->gamma_values : default_gamma;
    bool boost = cfg->kind == SER_MODEL_BOOST;
    const size_t *dv = cfg->depth_values ? cfg->depth_values : boost ? boost_depth : forest_depth;
    const size_t *tv = cfg->trees_values ? cfg->trees_values : boost ? boost_trees : forest_trees;
    const double *rv = cfg->rate_values ? cfg->rate_values : boost_rate;
    if (cfg->kind == SER_MODEL_SVM) {
        na = cfg->c_values ? cfg->n_c : 4;
        nb = cfg->gamma_values ? cfg->n_gamma : 4;
        if (cfg->svm.kernel == SER_SVM_LINEAR)
            nb = 1; /* no gamma in a linear kernel */
    } else {
        na = cfg->depth_values ? cfg->n_depth : boost ? 3 : 4;
        nb = cfg->trees_values ? cfg->n_trees : 4;
        if (boost)
            nr = cfg->rate_values ? cfg->n_rate : 3;
    }
    if (!na || !nb || !nr)
        return ser_error_set(err, SER_ERR_ARG, "search: an empty grid");
    size_t total = na * nb * nr;
    ser_search_point *all = ser_alloc_array(total, sizeof *all);
    if (!all)
        return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    for (size_t a = 0, i = 0; a < na; a++)
        for (size_t b = 0; b < nb; b++)
            for (size_t r = 0; r < nr; r++, i++) {
                ser_search_point p = base;
                if (cfg->kind == SER_MODEL_SVM) {
                    p.c = cv[a];
                    p.gamma = cfg->svm.kernel == SER_SVM_LINEAR ? 0 : gv[b];
                    if (!(p.c > 0) || p.gamma < 0) {
                        free(all);
                        return ser_error_set(err, SER_ERR_ARG, "search: C must be > 0 and gamma >= 0");
                    }
                } else {
                    p.depth = dv[a];
                    p.n_estimators = tv[b];
                    if (boost)
                        p.learning_rate = rv[r];
                    if (!p.n_estimators) {
                        free(all);
                        return ser_error_set(err, SER_ERR_ARG, "search: number of trees must be > 0");
                    }
                }
                all[i] = p;
            }
    if (cfg->method == SER_SEARCH_RANDOM && cfg->n_iter < total) {
        if (!cfg->n_iter) {
            free(all);
            return ser_error_set(err, SER_ERR_ARG, "search: n_iter must be > 0");
        }
        size_t *idx = ser_alloc_array(total, sizeof *idx);
        ser_search_point *pick = ser_alloc_array(cfg->n_iter, sizeof *pick);
        if (!idx || !pick) {
            free(idx);
            free(pick);
            free(all);
            return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
        }
        for (size_t i = 0; i < total; i++)
            idx[i] = i;
        ser_rng rng;
        ser_rng_seed(&rng, cfg->seed);
        ser_rng_shuffle(&rng, idx, total);
        for (size_t i = 0; i < cfg->n_iter; i++)
            pick[i] = all[idx[i]];
        free(idx);
        free(all);
        all = pick;
        total = cfg->n_iter;
    }
    *points = all;
    *n_points = total;
    return SER_OK;
}
