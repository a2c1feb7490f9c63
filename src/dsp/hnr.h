/* hnr.h - harmonics-to-noise ratio by the autocorrelation method of
 * Boersma (1993) (private).
 *
 * For a window of L samples centred on pitch frame t's centre (zero
 * outside the signal, mean removed), x
 * and a Hann window w: r_x(tau) = autocorrelation of x*w, r_w(tau) = that
 * of w, and the normalised autocorrelation r(tau) = (r_x(tau)/r_x(0)) /
 * (r_w(tau)/r_w(0)).  Its maximum over lags in [T/f, T*f] (T = sr/f0 of
 * the frame, f the period factor, at most L/2), refined by a parabola, is
 * the harmonic fraction r of the frame's power: HNR = 10 log10(r/(1-r)) dB
 * with r clipped to [1e-10, 1 - 1e-10] (so HNR lies in [-100, 100] dB). */
#ifndef SER_DSP_HNR_H
#define SER_DSP_HNR_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/status.h"

/* r[t] for every voiced frame with finite f0 > 0 and non-zero power,
 * NaN for the others.  Pitch frame t is centred on sample t*hop +
 * centre_offset; the analysis window has window_length samples (even,
 * >= 4).  Allocates its working memory. */
ser_status ser__hnr_frames(const float *x, size_t n, double sr, const double *f0,
                           const bool *voiced, size_t n_frames, size_t hop, size_t centre_offset,
                           size_t window_length, double period_factor, double *r);

/* 10 log10(r / (1 - r)) with r clipped to [1e-10, 1 - 1e-10]. */
double ser__hnr_db(double r);

#endif
