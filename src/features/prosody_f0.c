/* f0 statistics over voiced frames, eGeMAPS style: f0 on a semitone scale
 * re 27.5 Hz (F0semitoneFrom27.5Hz), its mean, standard deviation,
 * 20-80 percentile range, and least-squares slope in semitones per second;
 * plus the mean and standard deviation in Hz and the voiced fraction. */
#include <math.h>

#include "features/prosody_internal.h"
#include "ser/aggregate.h"

void ser__prosody_f0_stats(const double *f0, const bool *voiced, size_t n_frames,
                           double frame_rate, double *scratch, ser_prosody *out)
{
    double *st = scratch, *sorted = scratch + n_frames;
    size_t m = 0;
    double sum_hz = 0.0, t_sum = 0.0;
    for (size_t t = 0; t < n_frames; t++)
        if (voiced[t] && isfinite(f0[t]) && f0[t] > 0.0) {
            st[m++] = 12.0 * log2(f0[t] / 27.5);
            sum_hz += f0[t];
            t_sum += (double)t;
        }
    out->voiced_fraction = n_frames ? (double)m / (double)n_frames : 0.0;
    if (m == 0) {
        out->f0_mean = out->f0_std = out->f0_range = out->f0_slope = 0.0;
        out->f0_mean_hz = out->f0_std_hz = 0.0;
        return;
    }
    const ser_stat stats[4] = {{SER_STAT_MEAN, 0}, {SER_STAT_STD, 0}, {SER_STAT_PERCENTILE, 20},
                               {SER_STAT_PERCENTILE, 80}};
    double v[4];
    ser_aggregate_row_f64(st, m, 1, 1.0, stats, 4, sorted, v);
    out->f0_mean = v[0];
    out->f0_std = v[1];
    out->f0_range = v[3] - v[2];

    /* Slope against the frames' own times (voiced frames need not be
     * consecutive), and the Hz statistics. */
    double mean_hz = sum_hz / (double)m, t_mean = t_sum / (double)m;
    double stt = 0.0, sty = 0.0, ss_hz = 0.0;
    size_t i = 0;
    for (size_t t = 0; t < n_frames; t++)
        if (voiced[t] && isfinite(f0[t]) && f0[t] > 0.0) {
            double dt = ((double)t - t_mean) / frame_rate;
            stt += dt * dt;
            sty += dt * (st[i] - v[0]);
            ss_hz += (f0[t] - mean_hz) * (f0[t] - mean_hz);
            i++;
        }
    out->f0_slope = stt > 0.0 ? sty / stt : 0.0;
    out->f0_mean_hz = mean_hz;
    out->f0_std_hz = sqrt(ss_hz / (double)m);
}
