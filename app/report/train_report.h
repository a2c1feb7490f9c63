/* train_report.h - the report of `ser train --report DIR`: for an SVM,
 * forest or boosted trees the hyper-parameter search (report/
 * search_plots.h) and the selected point; for a CNN the learning curves
 * (train and validation loss and accuracy per epoch, the kept epoch and
 * an early stop marked) read from the model's metrics JSON
 * (app/cnn_train.h: cnn_curves_json).  Data: search.csv or curves.csv,
 * and train.json. */
#ifndef SER_REPORT_TRAIN_REPORT_H
#define SER_REPORT_TRAIN_REPORT_H

#include <stddef.h>

#include "ser/search.h"
#include "ser/status.h"

/* res: ser_search_run's result; score_name "accuracy" | "uar"; n_rows,
 * n_classes: the training table. */
ser_status train_report_search(const char *dir, const ser_search_result *res, const char *score_name, size_t n_rows,
                               size_t n_classes, const char *source, ser_error *err);
/* The CNN model file at model_path (its header's cv_metrics). */
ser_status train_report_cnn(const char *dir, const char *model_path, ser_error *err);

#endif
