/* learning_curves.h - a CNN's learning curves drawn into a report: the
 * loss plot and the accuracy plot (training and validation per epoch,
 * the kept epoch as a dashed line, an early stop named beside it).
 * Shared by `ser train --report` (one network) and `ser evaluate
 * --report` (one pair of plots per outer split). */
#ifndef SER_REPORT_LEARNING_CURVES_H
#define SER_REPORT_LEARNING_CURVES_H

#include <stdbool.h>
#include <stddef.h>

#include "report/report.h"

typedef struct learning_curve {
    size_t n;                                         /* epochs run */
    const double *train_loss, *train_acc, *val_loss, *val_acc; /* n each; NaN = none */
    double best;                                      /* kept epoch, 1-based; NaN unknown */
    bool early;                                       /* stopped before the configured epochs */
    double patience;                                  /* NaN unknown */
} learning_curve;

/* Two figures into r: ids "<id_prefix>loss" and "<id_prefix>accuracy",
 * titles "<title_prefix>Loss per epoch" / "...Accuracy per epoch";
 * data_file: the CSV they come from (named in the captions). */
void learning_curve_figures(report *r, const char *id_prefix, const char *title_prefix, const learning_curve *c,
                            const char *data_file);

#endif
