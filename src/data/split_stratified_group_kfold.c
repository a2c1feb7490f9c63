/* Stratified group k-fold, after scikit-learn's StratifiedGroupKFold
 * (shuffle=True): groups in seeded random order, then stably by decreasing
 * standard deviation of their class counts; each goes to the fold that
 * minimises the mean over classes of the spread of per-fold class
 * fractions (ties: the fold with fewer items). */
#include <math.h>
#include <stdlib.h>

#include "data/split_internal.h"
#include "ser/rng.h"
#include "ser/split.h"
#include "ser/util.h"

typedef struct spread_group {
    double spread;
    size_t draw, group;
} spread_group;

static int wider_first(const void *a, const void *b)
{
    const spread_group *x = a, *y = b;
    if (x->spread != y->spread)
        return x->spread > y->spread ? -1 : 1;
    return (x->draw > y->draw) - (x->draw < y->draw);
}

/* Population standard deviation of v[0..n) with stride. */
static double pstd(const double *v, size_t n, size_t stride)
{
    double mean = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++)
        mean += v[i * stride];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (v[i * stride] - mean) * (v[i * stride] - mean);
    return sqrt(ss / (double)n);
}

static bool isclose(double a, double b) { return fabs(a - b) <= 1e-8 + 1e-5 * fabs(b); }

ser_status ser_split_stratified_group_kfold(const int *classes, const int *groups, size_t n, size_t k,
                                            uint64_t seed, int *fold, ser_error *err)
{
    if (!classes || !groups || !fold)
        return ser_error_set(err, SER_ERR_ARG, "ser_split_stratified_group_kfold: NULL argument");
    int *cls = ser_alloc_array(n ? n : 1, sizeof *cls);
    int *grp = ser_alloc_array(n ? n : 1, sizeof *grp);
    double *per_group = NULL, *per_fold = NULL, *frac = NULL, *total = NULL;
    spread_group *order = NULL;
    size_t *draw = NULL, *to_fold = NULL;
    size_t n_classes = 0, n_groups = 0;
    ser_status st = cls && grp ? SER_OK : SER_ERR_NOMEM;
    if (st == SER_OK)
        st = ser__compact_ids(classes, n, cls, &n_classes, "class", err);
    if (st == SER_OK)
        st = ser__compact_ids(groups, n, grp, &n_groups, "speaker", err);
    if (st == SER_OK && (k < 2 || k > n_groups))
        st = ser_error_set(err, SER_ERR_ARG, "cannot make %zu folds of %zu speakers (need 2 <= folds <= speakers)", k,
                           n_groups);
    if (st != SER_OK)
        goto done;
    size_t cells;
    if (!ser_size_mul(n_groups, n_classes, &cells)) {
        st = ser_error_set(err, SER_ERR_OVERFLOW, "too many speakers and classes");
        goto done;
    }
    per_group = ser_calloc_array(cells, sizeof *per_group);
    per_fold = ser_calloc_array(k * n_classes, sizeof *per_fold);
    frac = ser_alloc_array(k * n_classes, sizeof *frac);
    total = ser_calloc_array(n_classes, sizeof *total);
    order = ser_alloc_array(n_groups, sizeof *order);
    draw = ser_alloc_array(n_groups, sizeof *draw);
    to_fold = ser_alloc_array(n_groups, sizeof *to_fold);
    if (!per_group || !per_fold || !frac || !total || !order || !draw || !to_fold) {
        st = SER_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        per_group[(size_t)grp[i] * n_classes + (size_t)cls[i]] += 1.0;
        total[cls[i]] += 1.0;
    }
    ser_rng rng;
    ser_rng_seed(&rng, seed);
    for (size_t g = 0; g < n_groups; g++)
        draw[g] = g;
    ser_rng_shuffle(&rng, draw, n_groups);
    for (size_t g = 0; g < n_groups; g++)
        order[g] = (spread_group){pstd(per_group + g * n_classes, n_classes, 1), draw[g], g};
    qsort(order, n_groups, sizeof *order, wider_first);

    for (size_t j = 0; j < n_groups; j++) {
        const double *counts = per_group + order[j].group * n_classes;
        size_t best = 0;
        double min_eval = INFINITY, min_items = INFINITY;
        for (size_t f = 0; f < k; f++) {
            for (size_t q = 0; q < k; q++)
                for (size_t c = 0; c < n_classes; c++)
                    frac[q * n_classes + c] =
                        (per_fold[q * n_classes + c] + (q == f ? counts[c] : 0.0)) / total[c];
            double eval = 0.0, items = 0.0;
            for (size_t c = 0; c < n_classes; c++)
                eval += pstd(frac + c, k, n_classes);
            eval /= (double)n_classes;
            for (size_t c = 0; c < n_classes; c++)
                items += per_fold[f * n_classes + c];
            if (eval < min_eval || (isclose(eval, min_eval) && items < min_items)) {
                min_eval = eval;
                min_items = items;
                best = f;
            }
        }
        for (size_t c = 0; c < n_classes; c++)
            per_fold[best * n_classes + c] += counts[c];
        to_fold[order[j].group] = best;
    }
    for (size_t i = 0; i < n; i++)
        fold[i] = (int)to_fold[grp[i]];
done:
    if (st == SER_ERR_NOMEM)
        ser_error_set(err, st, "out of memory splitting %zu items", n);
    free(cls);
    free(grp);
    free(per_group);
    free(per_fold);
    free(frac);
    free(total);
    free(order);
    free(draw);
    free(to_fold);
    return st;
}
