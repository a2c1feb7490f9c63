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

/* The same step for spectrogram images (a CNN's input): images holds
 * n_images images of n_bands rows by n_frames columns (row-major, image
 * after image); each speaker's images are standardised per band (row)
 * with the mean and population standard deviation of that band over every
 * frame of the speaker's images (a band constant within the speaker gets
 * scale 1).  copies (NULL or n_images x copies_per_image images,
 * image-major: copy r of image i at i x copies_per_image + r), e.g.
 * augmented versions, are standardised with their image's speaker's
 * statistics, which they do not enter.  Same errors as above. */
ser_status ser_speaker_normalize_bands(float *images, size_t n_images, size_t n_bands, size_t n_frames,
                                       const int *speakers, float *copies, size_t copies_per_image, ser_error *err);

/* The population's speaker statistics, the prior of a live call's running
 * estimate: per feature, the mean over speakers of each speaker's mean
 * (mean_out) and of each speaker's standard deviation (std_out; a feature
 * constant within every speaker gets 1).  Same errors as above. */
ser_status ser_speaker_prior(const double *x, size_t n_rows, size_t n_cols, const int *speakers, double *mean_out,
                             double *std_out, ser_error *err);

/* A running estimate of one speaker's statistics (a live call): the mean
 * and variance of the vectors seen so far (Welford), each shrunk towards
 * the prior as if prior_weight vectors of the population had been seen:
 *   mean = (n m + w prior_mean) / (n + w)
 *   var  = (n v + w prior_std^2) / (n + w)
 * (v the population variance of the n vectors).  With w = 0 and every one
 * of a speaker's vectors seen, apply() is ser_speaker_normalize's step.
 * The caller owns the storage (ser_speaker_running_doubles(d) doubles);
 * update and apply never allocate. */
typedef struct ser_speaker_running {
    size_t dim;
    double count, prior_weight;
    double *mean, *m2;                     /* dim each, in the caller's buffer */
    const double *prior_mean, *prior_std;  /* dim each, or NULL (w is then 0) */
} ser_speaker_running;

size_t ser_speaker_running_doubles(size_t dim);
void ser_speaker_running_init(ser_speaker_running *r, size_t dim, double *buffer, const double *prior_mean,
                              const double *prior_std, double prior_weight);
void ser_speaker_running_update(ser_speaker_running *r, const double *x);
/* Standardise x (dim values) in place with the current estimate. */
void ser_speaker_running_apply(const ser_speaker_running *r, double *x);

#ifdef __cplusplus
}
#endif
#endif
