/* cluster_order.h - the order in which the feature-correlation heatmap of
 * `ser eda` lists its features, so that correlated features sit together. */
#ifndef SER_REPORT_CLUSTER_ORDER_H
#define SER_REPORT_CLUSTER_ORDER_H

#include <stdbool.h>
#include <stddef.h>

/* Leaf order of an average-linkage agglomerative clustering of m items
 * with distance 1 - |corr| (corr: m x m, row-major; NaN: distance 1).  Each
 * step merges the closest pair of clusters (ties: the lowest indices), the
 * left cluster's leaves first.  order gets a permutation of 0..m-1.  O(m^3)
 * time, O(m^2) memory; false when out of memory. */
bool cluster_order(const double *corr, size_t m, size_t *order);

#endif
