/* ser/split.h - seeded, deterministic train/test splits and cross-validation
 * folds, and fold files.
 *
 * A fold assignment is one int per item: fold[i] = s puts item i in the
 * TEST set of split s (0 <= s < n_splits); SER_FOLD_TRAIN puts it in every
 * training set and no test set.  Split s trains on {i : fold[i] != s} and
 * tests on {i : fold[i] == s}.  A train/test split is one split (n_splits
 * = 1, test items 0, train items SER_FOLD_TRAIN); k-fold is k splits.
 *
 * The array functions take classes and groups as non-negative ints (any
 * values; they are compared, not used as indices), so they work on any
 * data; ser_dataset_split() feeds them a dataset's labels and speakers.
 * Every random choice comes from ser_rng seeded with `seed`: the same
 * inputs and seed always give the same folds, on every platform.
 *
 * Semantics follow scikit-learn (the random draws differ):
 *   train/test   StratifiedShuffleSplit / train_test_split(stratify=y):
 *                n_test = ceil(f * n); per-class train and test counts by
 *                sklearn's _approximate_mode (largest remainders, ties
 *                broken at random), so every class is split in proportion
 *                (within one item of n_c * n_test / n).
 *   k-fold       StratifiedKFold(shuffle=True): per class, fold sizes
 *                differ by at most one; fold sizes differ by at most one.
 *   group k-fold GroupKFold: groups largest first (ties in seeded random
 *                order), each into the fold with the fewest items.
 *   stratified group k-fold  StratifiedGroupKFold(shuffle=True): each group
 *                (by decreasing spread of its class counts) into the fold
 *                that keeps per-class fold proportions most even.
 *   leave-one-group-out  one fold per group, groups in increasing order.
 *   speaker groups  explicit groups of speakers, one fold per group. */
#ifndef SER_SPLIT_H
#define SER_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "ser/dataset.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_FOLD_TRAIN (-1)

/* Stratified train/test split; test_fraction in (0, 1) (default 0.2).
 * Needs every class to have >= 2 items and both sides >= the number of
 * classes (as sklearn).  fold: n ints (0 = test, SER_FOLD_TRAIN = train). */
ser_status ser_split_train_test(const int *classes, size_t n, double test_fraction, uint64_t seed, int *fold,
                                ser_error *err);

/* Stratified k-fold, 2 <= k <= n; fold[i] in [0, k). */
ser_status ser_split_stratified_kfold(const int *classes, size_t n, size_t k, uint64_t seed, int *fold,
                                      ser_error *err);

/* Group k-fold: every group in exactly one fold, fold sizes balanced;
 * 2 <= k <= number of groups. */
ser_status ser_split_group_kfold(const int *groups, size_t n, size_t k, uint64_t seed, int *fold, ser_error *err);

/* Stratified group k-fold: groups kept whole, class proportions balanced. */
ser_status ser_split_stratified_group_kfold(const int *classes, const int *groups, size_t n, size_t k,
                                            uint64_t seed, int *fold, ser_error *err);

/* Leave-one-group-out: fold = rank of the item's group among the distinct
 * groups (increasing); *n_splits = number of groups (>= 2). */
ser_status ser_split_leave_one_group_out(const int *groups, size_t n, int *fold, size_t *n_splits, ser_error *err);

/* Explicit speaker groups.  speakers[i] is item i's speaker ("ravdess:01").
 * spec lists the groups, in fold order:
 *   "1-4,5-8,9-12"      each comma-separated element is one group;
 *   "1,3,5;2,4,6"       with ';', groups are ';'-separated lists.
 * An element is a number or range (matched against the numeric id after
 * the last ':', so "1-4" matches ravdess:01..ravdess:04), a full speaker
 * ("emodb:03"), or an id ("OAF", case-insensitive).  Every speaker must
 * fall in exactly one group and every group must match a speaker
 * (SER_ERR_ARG naming the culprit otherwise; SER_ERR_PARSE for a malformed
 * spec).  *n_splits = number of groups. */
ser_status ser_split_speaker_groups(const char *const *speakers, size_t n, const char *spec, int *fold,
                                    size_t *n_splits, ser_error *err);

/* The kinds of split, and their names on the command line. */
typedef enum ser_split_kind {
    SER_SPLIT_TRAIN_TEST = 0,         /* "train-test" */
    SER_SPLIT_KFOLD,                  /* "kfold" (stratified) */
    SER_SPLIT_GROUP_KFOLD,            /* "group-kfold" (by speaker) */
    SER_SPLIT_STRATIFIED_GROUP_KFOLD, /* "stratified-group-kfold" (by speaker) */
    SER_SPLIT_LOSO,                   /* "loso": leave one speaker out */
    SER_SPLIT_SPEAKER_GROUPS          /* "groups": explicit speaker groups */
} ser_split_kind;

const char *ser_split_kind_name(ser_split_kind kind); /* NULL if out of range */
ser_status ser_split_kind_parse(const char *name, ser_split_kind *kind); /* SER_ERR_ARG if unknown */

typedef struct ser_split_config {
    ser_split_kind kind;  /* default SER_SPLIT_TRAIN_TEST */
    double test_fraction; /* train-test: fraction of items tested, default 0.2 */
    size_t n_folds;       /* k-fold kinds: default 5 */
    const char *groups;   /* speaker groups spec (see ser_split_speaker_groups), default NULL */
    uint64_t seed;        /* default 0 */
} ser_split_config;

void ser_split_config_default(ser_split_config *config);

/* Split a dataset: classes are its labels, groups its speakers.  fold has
 * room for ser_dataset_count(ds) ints; *n_splits receives the number of
 * splits.  Speaker-based kinds fail (SER_ERR_ARG) when an item has no
 * speaker, naming it. */
ser_status ser_dataset_split(const ser_dataset *ds, const ser_split_config *config, int *fold, size_t *n_splits,
                             ser_error *err);

/* Index lists of split s: train (n_train) and test (n_test) each have
 * room for n indices (either may be NULL to count only). */
void ser_split_indices(const int *fold, size_t n, int split, size_t *train, size_t *n_train, size_t *test,
                       size_t *n_test);

/* Fold files: CSV "path,fold" with that header, one row per item, paths as
 * in the dataset (RFC 4180 quoting where needed), fold as above (-1 =
 * train only).  Written atomically (temporary file + rename). */
ser_status ser_folds_write(const char *path, const ser_dataset *ds, const int *fold, ser_error *err);

/* Read a fold file for `ds`: fold[i] for every item, matched by path.
 * Rows for paths not in the dataset are ignored (the file may cover more
 * classes than the selection); an item without a row, a path given twice,
 * or a bad fold number is an error naming it.  *n_splits = highest fold
 * + 1 (SER_ERR_EMPTY when no item is tested). */
ser_status ser_folds_read(const char *path, const ser_dataset *ds, int *fold, size_t *n_splits, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
