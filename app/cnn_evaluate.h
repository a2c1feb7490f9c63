/* cnn_evaluate.h - `ser evaluate --kind cnn`: per outer split, train a
 * network on the training part (its own validation split and early
 * stopping inside it; learning curve on stderr) and test once.  The
 * result is a ser_evaluation like the feature models' (summed confusion,
 * mean +- population std over splits); each fold's `best` holds the kept
 * epoch (n_estimators), the epochs run (depth) and the kept epoch's
 * validation accuracy (mean). */
#ifndef SER_APP_CNN_EVALUATE_H
#define SER_APP_CNN_EVALUATE_H

#include <stdio.h>

#include "cnn_train.h"
#include "ser/evaluate.h"

/* Returns -1 on success (*ev filled; ser_evaluation_free it), else an exit
 * code after printing.  curves: NULL, or n_splits zeroed entries that
 * receive each split's learning curves (for the report); the caller
 * ser_cnn_curves_free's every entry, on success or failure. */
/* aug: `copies` augmented images per row (row-major), or NULL: each
 * split trains on the copies of its training rows only. */
int cnn_evaluate_run(const char *cmd, const cnn_options *co, const float *images, cnn_image_size size, const int *y,
                     size_t n, const float *aug, size_t copies, size_t n_classes, const ser_outer_split *splits,
                     size_t n_splits, unsigned long long seed, FILE *curves_out, ser_evaluation *ev,
                     ser_cnn_curves *curves);

/* "epoch B/E" of a fold's `best`. */
void cnn_fold_format(const ser_search_point *best, char *buf, size_t size);

#endif
