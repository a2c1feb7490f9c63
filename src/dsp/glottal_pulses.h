/* glottal_pulses.h - cycle-by-cycle marks of voiced speech (private).
 *
 * Within every run of consecutive voiced pitch frames the first mark is
 * the largest sample of the run's first period (T = sr/f0 of the nearest
 * frame).  Each next mark is found by waveform cross-correlation, as
 * Praat's "To PointProcess (periodic, cc)" does: the period around the
 * current mark (T samples centred on it) is matched against the signal
 * shifted by every lag in [T/f, T*f] (f = max_period_factor); the lag of
 * the highest normalised correlation, refined by a parabola through its
 * neighbours, is the period, and the next mark lies one period later (so
 * marks keep the phase of the first one: near the positive peaks).  A
 * best lag on the edge of the range, or a correlation below 0.5, means the
 * cycle is not periodic: the chain is cut (a new segment begins) so no
 * period is measured across it. */
#ifndef SER_DSP_GLOTTAL_PULSES_H
#define SER_DSP_GLOTTAL_PULSES_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/status.h"

typedef struct ser__pulses {
    size_t count;
    double *time;    /* samples (fractional), increasing */
    size_t *segment; /* consecutive marks with equal segment bound a cycle */
} ser__pulses;

/* f0[t], voiced[t]: the pitch track on frames centred at t*hop + centre
 * (centre = 0 for librosa's center=True).  Allocates out's arrays (free
 * with ser__pulses_free). */
ser_status ser__glottal_pulses(const float *x, size_t n, double sr, const double *f0,
                               const bool *voiced, size_t n_frames, size_t hop, size_t centre,
                               double max_period_factor, ser__pulses *out);
void ser__pulses_free(ser__pulses *p);

#endif
