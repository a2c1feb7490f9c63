/* eval_report.h - the evaluation report of `ser evaluate --report DIR`:
 * confusion matrix (counts and row-normalised), per-class precision /
 * recall / F1 table, one-vs-rest ROC curves with AUC per class (pooled
 * out-of-split probabilities), per-split accuracy and UAR, and the most
 * confused pairs; a report folder (report/report.h) with
 * evaluation.json, per_class.csv, confusion.csv and roc.csv. */
#ifndef SER_REPORT_EVAL_REPORT_H
#define SER_REPORT_EVAL_REPORT_H

#include "feature_table.h"
#include "ser/evaluate.h"
#include "ser/status.h"

/* t: the evaluated table (classes numbered by feature_table_classes);
 * ev: ser_evaluate_run's result on it.  Errors name the file. */
ser_status eval_report_write(const char *dir, const feature_table *t, const ser_evaluation *ev, const char *protocol,
                             const char *kind, ser_error *err);

#endif
