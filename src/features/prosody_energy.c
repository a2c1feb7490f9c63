/* Energy dynamics from a frame RMS contour: E(t) = 20 log10(max(rms,
 * 1e-5)) dB re full scale, clamped from below at max(E) - floor_db (so
 * silence does not dominate); its mean, standard deviation, 20-80
 * percentile range and least-squares slope (dB/s), and eGeMAPS-style mean
 * rising / falling slopes: the contour is cut into maximal runs of
 * strictly increasing (decreasing) frames, each run's slope is its total
 * change over its duration, and the slopes are averaged (falling slopes
 * reported as positive numbers). */
#include <math.h>

#include "features/prosody_internal.h"
#include "ser/aggregate.h"

void ser__prosody_energy(const float *rms, size_t n_frames, double frame_rate, double floor_db,
                         double *scratch, ser_prosody *out)
{
    double *e = scratch, *sorted = scratch + n_frames;
    out->energy_mean = out->energy_std = out->energy_range = 0.0;
    out->energy_slope = out->energy_rise_rate = out->energy_fall_rate = 0.0;
    if (n_frames == 0)
        return;
    double top = -INFINITY;
    for (size_t t = 0; t < n_frames; t++) {
        double r = (double)rms[t];
        e[t] = 20.0 * log10(r > 1e-5 ? r : 1e-5);
        if (e[t] > top)
            top = e[t];
    }
    for (size_t t = 0; t < n_frames; t++)
        if (e[t] < top - floor_db)
            e[t] = top - floor_db;
    const ser_stat stats[5] = {{SER_STAT_MEAN, 0},
                               {SER_STAT_STD, 0},
                               {SER_STAT_PERCENTILE, 20},
                               {SER_STAT_PERCENTILE, 80},
                               {SER_STAT_SLOPE, 0}};
    double v[5];
    ser_aggregate_row_f64(e, n_frames, 1, frame_rate, stats, 5, sorted, v);
    out->energy_mean = v[0];
    out->energy_std = v[1];
    out->energy_range = v[3] - v[2];
    out->energy_slope = v[4];

    double rise = 0.0, fall = 0.0;
    size_t n_rise = 0, n_fall = 0;
    size_t t = 0;
    while (t + 1 < n_frames) {
        int dir = (e[t + 1] > e[t]) - (e[t + 1] < e[t]);
        if (dir == 0) {
            t++;
            continue;
        }
        size_t u = t + 1;
        while (u + 1 < n_frames && ((e[u + 1] > e[u]) - (e[u + 1] < e[u])) == dir)
            u++;
        double slope = (e[u] - e[t]) / ((double)(u - t) / frame_rate);
        if (dir > 0) {
            rise += slope;
            n_rise++;
        } else {
            fall -= slope;
            n_fall++;
        }
        t = u;
    }
    out->energy_rise_rate = n_rise ? rise / (double)n_rise : 0.0;
    out->energy_fall_rate = n_fall ? fall / (double)n_fall : 0.0;
}
