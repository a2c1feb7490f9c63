/* search_plots.h - the hyper-parameter search in a report: for an SVM a
 * heatmap of the inner-CV score over C x gamma, for a forest / boosted
 * trees a scatter of the score against the number of trees coloured by
 * depth; the selected point outlined.  With several searches (one per
 * outer split of `ser evaluate`) each parameter point shows its mean
 * score over the splits and every split's selected point is marked.
 * The data: DIR/search.csv (split,c,gamma,depth,trees,learning_rate,
 * score,std,accuracy,uar,selected). */
#ifndef SER_REPORT_SEARCH_PLOTS_H
#define SER_REPORT_SEARCH_PLOTS_H

#include <stddef.h>

#include "report/report.h"
#include "ser/search.h"

typedef struct search_table {
    const char *name; /* the outer split ("" for ser train) */
    const ser_search_point *points;
    size_t n_points, best;
} search_table;

/* A section "Hyper-parameter search"; nothing when no table has points.
 * score_name: "accuracy" or "uar" (the selection score); cv_folds: the
 * inner folds (for the caption). */
void search_section(report *r, ser_model_kind kind, const search_table *tables, size_t n_tables,
                    const char *score_name, size_t cv_folds);

#endif
