/* outer_splits.h - the outer splits of `ser evaluate` over a feature
 * table: a protocol's, --split random|speaker|kfold, or a --folds file;
 * and writing --folds-out / --predictions-out. */
#ifndef SER_APP_OUTER_SPLITS_H
#define SER_APP_OUTER_SPLITS_H

#include "feature_table.h"
#include "ser/evaluate.h"
#include "ser/protocol.h"

typedef struct outer_plan {
    size_t n_assign;   /* fold arrays */
    int **folds;       /* n_assign arrays of t->n */
    size_t n_splits;
    ser_outer_split *splits;
    char (*names)[64];
} outer_plan;

typedef struct outer_request {
    ser_split_kind kind;      /* SER_SPLIT_TRAIN_TEST, _LOSO, _KFOLD, _SPEAKER_GROUPS */
    double test_fraction;
    size_t n_folds;
    const char *groups;
    unsigned long first_seed, n_seeds;
    const char *folds_file;   /* overrides kind */
} outer_request;

/* Returns SER_OK or an error with the message in err. */
ser_status outer_plan_build(const feature_table *t, const outer_request *rq, outer_plan *plan, ser_error *err);
void outer_plan_free(outer_plan *plan);

/* --folds-out: "path,fold" (fold -1 = train only) at path for one
 * assignment; with several (repeated random splits, --seeds A-B), one
 * such file per assignment named after its split: folds.csv ->
 * folds_seed0.csv, folds_seed1.csv, ... (each usable with --folds). */
ser_status outer_plan_write_folds(const feature_table *t, const outer_plan *plan, const char *path, ser_error *err);
/* out = path with "_<name>" before its extension (appended when none);
 * SER_ERR_OVERFLOW when it does not fit. */
ser_status outer_plan_folds_path(const char *path, const char *name, char *out, size_t size);
/* "split,path,label,predicted,p_<label>..." for every tested row. */
ser_status write_predictions(const feature_table *t, const ser_evaluation *ev, const char *path, ser_error *err);

#endif
