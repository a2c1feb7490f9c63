/* ser/aggregate.h - statistics over frames: turn a (rows, frames) feature
 * matrix into one value per row and statistic.
 *
 * Definitions (x_0..x_{T-1} the frames of one row, in double precision):
 *   mean   sum x / T                               (np.mean)
 *   var    sum (x - mean)^2 / T, ddof 0            (np.var)
 *   std    sqrt(var)                               (np.std)
 *   min, max
 *   pNN    percentile NN in [0, 100] with linear interpolation between
 *          order statistics (np.percentile, method 'linear')
 *   slope  least-squares slope of x against time t_i = i / frame_rate,
 *          in units per second (0 when T < 2)
 * A row with T == 0 frames gives 0 for every statistic. */
#ifndef SER_AGGREGATE_H
#define SER_AGGREGATE_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_stat_kind {
    SER_STAT_MEAN = 0,
    SER_STAT_VAR,
    SER_STAT_STD,
    SER_STAT_MIN,
    SER_STAT_MAX,
    SER_STAT_PERCENTILE,
    SER_STAT_SLOPE
} ser_stat_kind;

typedef struct ser_stat {
    ser_stat_kind kind;
    double param; /* the percentile (0..100) for SER_STAT_PERCENTILE */
} ser_stat;

/* Parse "mean", "var", "std", "min", "max", "slope", "p25" (any 0..100). */
ser_status ser_stat_parse(const char *text, ser_stat *out);
/* Column-name suffix: "mean", "var", ..., "p25" (writes into buf). */
const char *ser_stat_name(ser_stat stat, char *buf, size_t len);

/* Compute n_stats statistics of one row x[0..n_frames) (stride: distance in
 * elements between consecutive frames).  out[s] receives stat s.  scratch
 * must hold n_frames doubles when a percentile is asked for (else NULL).
 * Does not allocate. */
ser_status ser_aggregate_row(const float *x, size_t n_frames, size_t stride, double frame_rate,
                             const ser_stat *stats, size_t n_stats, double *scratch, double *out);

/* The same over a double row. */
ser_status ser_aggregate_row_f64(const double *x, size_t n_frames, size_t stride, double frame_rate,
                                 const ser_stat *stats, size_t n_stats, double *scratch, double *out);

#ifdef __cplusplus
}
#endif
#endif
