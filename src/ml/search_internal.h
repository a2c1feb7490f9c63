/* search_internal.h (private) - pieces of the hyper-parameter search. */
#ifndef SER_ML_SEARCH_INTERNAL_H
#define SER_ML_SEARCH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ser/search.h"

/* The points to evaluate (malloc'd into *points): the whole grid, or for
 * random search n_iter of them drawn with the seed. */
ser_status ser__search_points(const ser_search_config *cfg, ser_search_point **points, size_t *n_points,
                              ser_error *err);

/* The seed of every fit of point p (independent of threads and order). */
uint64_t ser__search_point_seed(uint64_t seed, size_t p);

/* Fit scaler + classifier of point p on rows[0..n_rows) of x.  svm_probability
 * overrides the base config's probability flag.  Either *svm or *trees is set. */
ser_status ser__search_fit(const double *x, size_t n_features, const int *y, size_t n_classes, const size_t *rows,
                           size_t n_rows, const ser_search_config *cfg, const ser_search_point *p, uint64_t seed,
                           bool svm_probability, ser_scaler **scaler, ser_svm **svm, ser_trees **trees,
                           ser_error *err);

/* Accuracy and UAR of a fitted scaler + classifier on rows[0..n_rows). */
ser_status ser__search_score(const double *x, size_t n_features, const int *y, size_t n_classes, const size_t *rows,
                             size_t n_rows, const ser_scaler *scaler, const ser_svm *svm, const ser_trees *trees,
                             double *accuracy, double *uar, ser_error *err);

#endif
