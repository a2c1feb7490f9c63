/* Stratified k-fold with scikit-learn's StratifiedKFold(shuffle=True)
 * allocation: classes in order of first appearance, the class-sorted items
 * dealt round-robin to the folds, then each class's fold labels shuffled. */
#include <stdlib.h>

#include "data/split_internal.h"
#include "ser/rng.h"
#include "ser/split.h"
#include "ser/util.h"

ser_status ser_split_stratified_kfold(const int *classes, size_t n, size_t k, uint64_t seed, int *fold,
                                      ser_error *err)
{
    if (!classes || !fold)
        return ser_error_set(err, SER_ERR_ARG, "ser_split_stratified_kfold: NULL argument");
    if (k < 2 || k > n)
        return ser_error_set(err, SER_ERR_ARG, "cannot make %zu folds of %zu items (need 2 <= folds <= items)", k, n);
    int *cls = ser_alloc_array(n, sizeof *cls);
    if (!cls)
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory splitting %zu items", n);
    size_t n_classes;
    ser_status st = ser__compact_ids(classes, n, cls, &n_classes, "class", err);
    if (st != SER_OK) {
        free(cls);
        return st;
    }
    size_t *rank = ser_alloc_array(n_classes, sizeof *rank); /* class -> order of first appearance */
    size_t *counts = ser_calloc_array(n_classes, sizeof *counts);
    size_t *alloc = ser_calloc_array(n_classes * k, sizeof *alloc); /* [class rank][fold] */
    size_t *folds = ser_alloc_array(n, sizeof *folds);
    if (!rank || !counts || !alloc || !folds) {
        st = ser_error_set(err, SER_ERR_NOMEM, "out of memory splitting %zu items", n);
        goto done;
    }
    for (size_t c = 0; c < n_classes; c++)
        rank[c] = SIZE_MAX;
    size_t next = 0;
    for (size_t i = 0; i < n; i++) {
        if (rank[cls[i]] == SIZE_MAX)
            rank[cls[i]] = next++;
        counts[rank[cls[i]]]++;
    }
    size_t largest = 0;
    for (size_t r = 0; r < n_classes; r++)
        largest = counts[r] > largest ? counts[r] : largest;
    if (largest < k) {
        st = ser_error_set(err, SER_ERR_ARG, "%zu folds is more than the items in every class (at most %zu)", k,
                           largest);
        goto done;
    }
    /* Position p of the class-sorted order goes to fold p mod k. */
    size_t p = 0;
    for (size_t r = 0; r < n_classes; r++)
        for (size_t j = 0; j < counts[r]; j++, p++)
            alloc[r * k + p % k]++;
    ser_rng rng;
    ser_rng_seed(&rng, seed);
    for (size_t r = 0; r < n_classes; r++) {
        size_t m = 0;
        for (size_t f = 0; f < k; f++)
            for (size_t j = 0; j < alloc[r * k + f]; j++)
                folds[m++] = f;
        ser_rng_shuffle(&rng, folds, m);
        size_t used = 0;
        for (size_t i = 0; i < n; i++)
            if (rank[cls[i]] == r)
                fold[i] = (int)folds[used++];
    }
done:
    free(cls);
    free(rank);
    free(counts);
    free(alloc);
    free(folds);
    return st;
}
