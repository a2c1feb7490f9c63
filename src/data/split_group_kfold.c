/* Group k-fold (scikit-learn GroupKFold: largest groups first, each into
 * the lightest fold) with seeded order among groups of equal size. */
#include <stdlib.h>

#include "data/split_internal.h"
#include "ser/rng.h"
#include "ser/split.h"
#include "ser/util.h"

typedef struct sized_group {
    size_t size, draw, group; /* draw: seeded random position, breaks ties */
} sized_group;

static int larger_first(const void *a, const void *b)
{
    const sized_group *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return (x->draw > y->draw) - (x->draw < y->draw);
}

ser_status ser_split_group_kfold(const int *groups, size_t n, size_t k, uint64_t seed, int *fold, ser_error *err)
{
    if (!groups || !fold)
        return ser_error_set(err, SER_ERR_ARG, "ser_split_group_kfold: NULL argument");
    int *grp = ser_alloc_array(n ? n : 1, sizeof *grp);
    if (!grp)
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory splitting %zu items", n);
    size_t n_groups;
    ser_status st = ser__compact_ids(groups, n, grp, &n_groups, "speaker", err);
    if (st == SER_OK && (k < 2 || k > n_groups))
        st = ser_error_set(err, SER_ERR_ARG, "cannot make %zu folds of %zu speakers (need 2 <= folds <= speakers)", k,
                           n_groups);
    if (st != SER_OK) {
        free(grp);
        return st;
    }
    sized_group *order = ser_calloc_array(n_groups, sizeof *order);
    size_t *draw = ser_alloc_array(n_groups, sizeof *draw);
    size_t *to_fold = ser_alloc_array(n_groups, sizeof *to_fold);
    size_t *fold_size = ser_calloc_array(k, sizeof *fold_size);
    if (!order || !draw || !to_fold || !fold_size) {
        st = ser_error_set(err, SER_ERR_NOMEM, "out of memory splitting %zu items", n);
        goto done;
    }
    ser_rng rng;
    ser_rng_seed(&rng, seed);
    for (size_t g = 0; g < n_groups; g++)
        draw[g] = g;
    ser_rng_shuffle(&rng, draw, n_groups);
    for (size_t g = 0; g < n_groups; g++)
        order[g] = (sized_group){0, draw[g], g};
    for (size_t i = 0; i < n; i++)
        order[grp[i]].size++;
    qsort(order, n_groups, sizeof *order, larger_first);
    for (size_t j = 0; j < n_groups; j++) {
        size_t lightest = 0;
        for (size_t f = 1; f < k; f++)
            if (fold_size[f] < fold_size[lightest])
                lightest = f;
        fold_size[lightest] += order[j].size;
        to_fold[order[j].group] = lightest;
    }
    for (size_t i = 0; i < n; i++)
        fold[i] = (int)to_fold[grp[i]];
done:
    free(grp);
    free(order);
    free(draw);
    free(to_fold);
    free(fold_size);
    return st;
}

ser_status ser_split_leave_one_group_out(const int *groups, size_t n, int *fold, size_t *n_splits, ser_error *err)
{
    if (!groups || !fold || !n_splits)
        return ser_error_set(err, SER_ERR_ARG, "ser_split_leave_one_group_out: NULL argument");
    size_t n_groups;
    ser_status st = ser__compact_ids(groups, n, fold, &n_groups, "speaker", err);
    if (st != SER_OK)
        return st;
    if (n_groups < 2)
        return ser_error_set(err, SER_ERR_ARG, "leave-one-speaker-out needs at least 2 speakers, got %zu", n_groups);
    *n_splits = n_groups;
    return SER_OK;
}
