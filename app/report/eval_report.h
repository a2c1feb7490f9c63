/* eval_report.h - the evaluation report of `ser evaluate --report DIR`:
 * confusion matrix (counts and row-normalised), per-class precision /
 * recall / F1 table, one-vs-rest ROC curves with AUC per class (pooled
 * out-of-split probabilities), per-split accuracy and UAR, the most
 * confused pairs, the inner hyper-parameter searches of the splits
 * (report/search_plots.h) or, for a CNN, each split's learning curves
 * (report/learning_curves.h) and, given other runs' `ser evaluate --json`
 * results, a model-comparison chart; a report folder (report/report.h)
 * with evaluation.json, per_class.csv, confusion.csv, roc.csv,
 * search.csv, curves.csv (CNN) and comparison.csv. */
#ifndef SER_REPORT_EVAL_REPORT_H
#define SER_REPORT_EVAL_REPORT_H

#include "feature_table.h"
#include "ser/cnn.h"
#include "ser/evaluate.h"
#include "ser/status.h"

#include <stddef.h>

typedef struct eval_report_options {
    const char *protocol, *kind;
    const char *score_name;            /* the inner search's selection score: "accuracy" | "uar" */
    size_t cv_folds;                   /* inner folds */
    const char *const *compare;        /* other `ser evaluate --json` result files, or NULL */
    size_t n_compare;
    /* --kind cnn: ev->n_folds learning curves (one per split, drawn with
     * curves.csv), or NULL; the configured epochs and patience (an early
     * stop ran fewer epochs). */
    const ser_cnn_curves *cnn_curves;
    size_t cnn_epochs, cnn_patience;
} eval_report_options;

/* t: the evaluated table (classes numbered by feature_table_classes);
 * ev: ser_evaluate_run's result on it.  The compare files are read first:
 * one that is not an evaluate result fails (SER_ERR_FORMAT / SER_ERR_IO,
 * naming it) before anything is written.  Errors name the file. */
ser_status eval_report_write(const char *dir, const feature_table *t, const ser_evaluation *ev,
                             const eval_report_options *o, ser_error *err);

#endif
