/* ser/contrast.h - spectral contrast (librosa.feature.spectral_contrast).
 *
 * Input: the MAGNITUDE spectrum |X| (not power), n_fft/2+1 bins.
 * Band edges octa = [0, fmin, 2 fmin, ..., 2^n_bands fmin] Hz (0, 200, 400,
 * ..., 12800 by default); band k covers the bins with octa[k] <= f <=
 * octa[k+1], plus one bin below for k > 0, and the last band extends to
 * Nyquist.  n_q = max(1, rint(quantile * bins in the band)) is counted
 * before the top bin of bands 0..n_bands-1 is dropped from the values used.
 * valley = mean of the n_q smallest magnitudes, peak = mean of the n_q
 * largest.  contrast = peak - valley (linear) or
 * power_to_db(peak) - power_to_db(valley) (librosa's default, dB of the
 * magnitudes with ref 1, amin 1e-10 and a top_db floor taken over the
 * whole peak array and the whole valley array separately; see ser/db.h).
 *
 * Low sample rates (our choice; librosa raises when a band's lower edge
 * reaches Nyquist, i.e. sr <= 12800 with the defaults): only bands whose
 * lower edge lies below Nyquist are computed, exactly as librosa would
 * with n_bands reduced to that count (the last one extends to Nyquist);
 * the output keeps n_bands + 1 rows and the rows of the missing bands are
 * 0 (no contrast) and stay out of the dB floors.  At 8 kHz that is 6 of 7
 * rows (bands up to 3200-4000 Hz); 16 kHz and up compute all 7. */
#ifndef SER_CONTRAST_H
#define SER_CONTRAST_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/db.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_contrast_config {
    double sample_rate; /* Hz (16000) */
    size_t n_fft;       /* (2048) */
    double fmin;        /* upper edge of band 0, Hz, > 0 (200) */
    size_t n_bands;     /* octave bands above fmin, >= 1; rows = n_bands + 1 (6) */
    double quantile;    /* in (0, 1) (0.02) */
    bool linear;        /* peak - valley instead of the dB difference (false) */
} ser_contrast_config;

ser_contrast_config ser_contrast_config_default(void);

typedef struct ser_contrast ser_contrast;

/* SER_ERR_ARG for bad values, a band below Nyquist with no FFT bin, or
 * more than 1024 values averaged per side (n_quantile). */
ser_contrast *ser_contrast_create(const ser_contrast_config *cfg, ser_status *err);
void ser_contrast_destroy(ser_contrast *contrast);

/* Output rows, n_bands + 1. */
size_t ser_contrast_n_rows(const ser_contrast *contrast);
/* Rows actually computed (n_bands + 1 unless Nyquist cuts bands off). */
size_t ser_contrast_n_rows_used(const ser_contrast *contrast);

/* Bins of row `band`: values taken from bins [first, first + n_used);
 * n_quantile values averaged on each side.  All 0 for an unused row. */
void ser_contrast_band(const ser_contrast *contrast, size_t band, size_t *first, size_t *n_used, size_t *n_quantile);

/* One frame: mag has n_fft/2+1 values; peak and valley receive n_rows
 * linear magnitudes (0 for unused rows).  Never allocates. */
void ser_contrast_frame(const ser_contrast *contrast, const float *mag, double *peak, double *valley);

/* The same from the power spectrum |X|^2: identical results (the band
 * extremes are selected on power and only they are square-rooted, as
 * sqrtf(power) is the magnitude), without a square root per bin. */
void ser_contrast_frame_power(const ser_contrast *contrast, const float *power, double *peak, double *valley);

/* Contrast of n_frames frames from their peaks and valleys (row-major
 * (n_frames, n_rows) each) into out (n_frames, n_rows): linear, or dB with
 * the floors of db (librosa: ser_db_config_default(), clip over the whole
 * arrays).  Unused rows get 0.  Never allocates. */
void ser_contrast_finish(const ser_contrast *contrast, const ser_db_config *db, const double *peak,
                         const double *valley, size_t n_frames, float *out);

/* ser_contrast_finish with peak and valley as scratch: their used rows are
 * overwritten with their dB values (the log is taken once per value rather
 * than twice).  The same out, bit for bit.  Never allocates. */
void ser_contrast_finish_inplace(const ser_contrast *contrast, const ser_db_config *db, double *peak,
                                 double *valley, size_t n_frames, float *out);

#ifdef __cplusplus
}
#endif
#endif
