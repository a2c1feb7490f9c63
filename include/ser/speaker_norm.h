/* ser/speaker_norm.h - per-speaker feature standardisation.
 *
 * Each speaker's rows are standardised with the mean and population
 * standard deviation (ddof 0) of that speaker's own rows, per feature
 * (a feature constant within the speaker gets scale 1).  The statistics
 * use no labels, so the same step is legitimate on test speakers: a live
 * call has the speaker's own unlabelled audio too.  Rows are
 * row-major n_rows x n_cols. */
#ifndef SER_SPEAKER_NORM_H
#define SER_SPEAKER_NORM_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* In place.  speakers[i] >= 0 is row i's speaker id (any values; rows with
 * equal ids are one speaker).  SER_ERR_ARG when a row has no speaker (< 0),
 * naming it; SER_ERR_NONFINITE for a NaN/Inf entry. */
ser_status ser_speaker_normalize(double *x, size_t n_rows, size_t n_cols, const int *speakers, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
