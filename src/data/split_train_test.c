/* Stratified train/test split with scikit-learn's count semantics
 * (StratifiedShuffleSplit: n_test = ceil(f * n), per-class counts by
 * _approximate_mode). */
#include <math.h>
#include <stdlib.h>

#include "data/split_internal.h"
#include "ser/rng.h"
#include "ser/split.h"
#include "ser/util.h"

/* sklearn.utils.extmath._approximate_mode: draw `draws` of `total` items
 * spread over classes in proportion to counts; floors first, then one more
 * for the classes with the largest remainders, ties in random order.  The
 * arithmetic is sklearn's, in doubles and in its order
 * (counts / total * draws), so that its rounding, which often decides
 * between remainders that are equal on paper, decides here too. */
static ser_status approximate_mode(const size_t *counts, size_t n_classes, size_t total, size_t draws, ser_rng *rng,
                                   size_t *out)
{
    double *rem = ser_alloc_array(n_classes, sizeof *rem);
    size_t *ties = ser_alloc_array(n_classes, sizeof *ties);
    unsigned char *done = calloc(n_classes, 1);
    if (!rem || !ties || !done) {
        free(rem);
        free(ties);
        free(done);
        return SER_ERR_NOMEM;
    }
    double floored_sum = 0.0;
    for (size_t c = 0; c < n_classes; c++) {
        double continuous = (double)counts[c] / (double)total * (double)draws;
        double floored = floor(continuous);
        out[c] = (size_t)floored;
        rem[c] = continuous - floored;
        floored_sum += floored;
    }
    size_t need = (size_t)((double)draws - floored_sum);
    while (need > 0) {
        double best = -1.0;
        for (size_t c = 0; c < n_classes; c++) /* the largest remainder left */
            if (!done[c] && rem[c] > best)
                best = rem[c];
        size_t n_ties = 0;
        for (size_t c = 0; c < n_classes; c++)
            if (!done[c] && rem[c] == best) {
                ties[n_ties++] = c;
                done[c] = 1;
            }
        if (n_ties == 0)
            break; /* cannot happen: need <= classes with a remainder */
        ser_rng_shuffle(rng, ties, n_ties);
        for (size_t t = 0; t < n_ties && need > 0; t++, need--)
            out[ties[t]]++;
    }
    free(rem);
    free(ties);
    free(done);
    return SER_OK;
}

ser_status ser_split_train_test(const int *classes, size_t n, double test_fraction, uint64_t seed, int *fold,
                                ser_error *err)
{
    if (!classes || !fold)
        return ser_error_set(err, SER_ERR_ARG, "ser_split_train_test: NULL argument");
    if (!(test_fraction > 0.0 && test_fraction < 1.0))
        return ser_error_set(err, SER_ERR_ARG, "test fraction %g is not in (0, 1)", test_fraction);
    double want = ceil(test_fraction * (double)n);
    size_t n_test = (size_t)want;
    if (n < 2 || n_test < 1 || n_test >= n)
        return ser_error_set(err, SER_ERR_ARG, "cannot split %zu items with test fraction %g", n, test_fraction);
    size_t n_train = n - n_test;

    int *cls = ser_alloc_array(n, sizeof *cls);
    if (!cls)
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory splitting %zu items", n);
    size_t n_classes;
    ser_status st = ser__compact_ids(classes, n, cls, &n_classes, "class", err);
    if (st != SER_OK) {
        free(cls);
        return st;
    }
    size_t *counts = ser_calloc_array(n_classes, sizeof *counts);
    size_t *n_i = ser_alloc_array(n_classes, sizeof *n_i);
    size_t *start = ser_alloc_array(n_classes + 1, sizeof *start);
    size_t *by_class = ser_alloc_array(n, sizeof *by_class);
    if (!counts || !n_i || !start || !by_class) {
        st = ser_error_set(err, SER_ERR_NOMEM, "out of memory splitting %zu items", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        counts[cls[i]]++;
    for (size_t c = 0; c < n_classes; c++)
        if (counts[c] < 2) {
            st = ser_error_set(err, SER_ERR_ARG,
                               "a class has only %zu item; a stratified split needs at least 2 per class", counts[c]);
            goto done;
        }
    if (n_train < n_classes || n_test < n_classes) {
        st = ser_error_set(err, SER_ERR_ARG, "%zu test and %zu training items cannot hold all %zu classes", n_test,
                           n_train, n_classes);
        goto done;
    }
    ser_rng rng;
    ser_rng_seed(&rng, seed);
    st = approximate_mode(counts, n_classes, n, n_train, &rng, n_i);
    if (st != SER_OK) {
        ser_error_set(err, st, "out of memory splitting %zu items", n);
        goto done;
    }
    /* The rest of each class is its test share (sklearn draws it with
     * _approximate_mode over the remaining counts, which sum to n_test). */
    start[0] = 0;
    for (size_t c = 0; c < n_classes; c++)
        start[c + 1] = start[c] + counts[c];
    for (size_t c = 0; c < n_classes; c++)
        counts[c] = 0; /* reused as fill positions */
    for (size_t i = 0; i < n; i++)
        by_class[start[cls[i]] + counts[cls[i]]++] = i;
    for (size_t c = 0; c < n_classes; c++) {
        size_t *members = by_class + start[c];
        size_t m = start[c + 1] - start[c];
        ser_rng_shuffle(&rng, members, m);
        for (size_t j = 0; j < m; j++)
            fold[members[j]] = j < n_i[c] ? SER_FOLD_TRAIN : 0;
    }
done:
    free(cls);
    free(counts);
    free(n_i);
    free(start);
    free(by_class);
    return st;
}
