/* Split kinds, their configuration, and splitting a dataset. */
#include <stdlib.h>
#include <string.h>

#include "ser/split.h"
#include "ser/util.h"

static const char *const kind_names[] = {"train-test", "kfold", "group-kfold", "stratified-group-kfold", "loso",
                                         "groups"};
#define N_KINDS (sizeof kind_names / sizeof kind_names[0])

const char *ser_split_kind_name(ser_split_kind kind)
{
    return (size_t)kind < N_KINDS ? kind_names[kind] : NULL;
}

ser_status ser_split_kind_parse(const char *name, ser_split_kind *kind)
{
    for (size_t k = 0; name && k < N_KINDS; k++)
        if (strcmp(name, kind_names[k]) == 0) {
            *kind = (ser_split_kind)k;
            return SER_OK;
        }
    return SER_ERR_ARG;
}

void ser_split_config_default(ser_split_config *config)
{
    config->kind = SER_SPLIT_TRAIN_TEST;
    config->test_fraction = 0.2;
    config->n_folds = 5;
    config->groups = NULL;
    config->seed = 0;
}

void ser_split_indices(const int *fold, size_t n, int split, size_t *train, size_t *n_train, size_t *test,
                       size_t *n_test)
{
    size_t a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        if (fold[i] == split) {
            if (test)
                test[b] = i;
            b++;
        } else {
            if (train)
                train[a] = i;
            a++;
        }
    }
    if (n_train)
        *n_train = a;
    if (n_test)
        *n_test = b;
}

static bool needs_speakers(ser_split_kind kind)
{
    return kind == SER_SPLIT_GROUP_KFOLD || kind == SER_SPLIT_STRATIFIED_GROUP_KFOLD || kind == SER_SPLIT_LOSO ||
           kind == SER_SPLIT_SPEAKER_GROUPS;
}

ser_status ser_dataset_split(const ser_dataset *ds, const ser_split_config *config, int *fold, size_t *n_splits,
                             ser_error *err)
{
    if (!ds || !config || !fold || !n_splits)
        return ser_error_set(err, SER_ERR_ARG, "ser_dataset_split: NULL argument");
    size_t n = ser_dataset_count(ds);
    if (n == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "cannot split an empty dataset");
    if (needs_speakers(config->kind))
        for (size_t i = 0; i < n; i++)
            if (!ser_dataset_item_at(ds, i)->speaker)
                return ser_error_set(err, SER_ERR_ARG, "%s has no speaker, which a %s split needs",
                                     ser_dataset_item_at(ds, i)->path, ser_split_kind_name(config->kind));
    int *classes = ser_alloc_array(n, sizeof *classes);
    int *speakers = ser_alloc_array(n, sizeof *speakers);
    const char **names = ser_alloc_array(n, sizeof *names);
    ser_status st = classes && speakers && names ? SER_OK : SER_ERR_NOMEM;
    size_t n_speakers = 0;
    if (st == SER_OK) {
        ser_dataset_classes(ds, classes);
        st = ser_dataset_speaker_ids(ds, speakers, NULL, &n_speakers, err);
    }
    if (st == SER_OK) {
        switch (config->kind) {
        case SER_SPLIT_TRAIN_TEST:
            st = ser_split_train_test(classes, n, config->test_fraction, config->seed, fold, err);
            *n_splits = 1;
            break;
        case SER_SPLIT_KFOLD:
            st = ser_split_stratified_kfold(classes, n, config->n_folds, config->seed, fold, err);
            *n_splits = config->n_folds;
            break;
        case SER_SPLIT_GROUP_KFOLD:
            st = ser_split_group_kfold(speakers, n, config->n_folds, config->seed, fold, err);
            *n_splits = config->n_folds;
            break;
        case SER_SPLIT_STRATIFIED_GROUP_KFOLD:
            st = ser_split_stratified_group_kfold(classes, speakers, n, config->n_folds, config->seed, fold, err);
            *n_splits = config->n_folds;
            break;
        case SER_SPLIT_LOSO:
            st = ser_split_leave_one_group_out(speakers, n, fold, n_splits, err);
            break;
        case SER_SPLIT_SPEAKER_GROUPS:
            if (!config->groups || !*config->groups) {
                st = ser_error_set(err, SER_ERR_ARG, "a groups split needs a speaker groups spec (\"1-4,5-8\")");
                break;
            }
            for (size_t i = 0; i < n; i++)
                names[i] = ser_dataset_item_at(ds, i)->speaker;
            st = ser_split_speaker_groups(names, n, config->groups, fold, n_splits, err);
            break;
        default:
            st = ser_error_set(err, SER_ERR_ARG, "unknown split kind %d", (int)config->kind);
        }
    } else if (st == SER_ERR_NOMEM)
        ser_error_set(err, st, "out of memory splitting %zu items", n);
    free(classes);
    free(speakers);
    free(names);
    return st;
}
