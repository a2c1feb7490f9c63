/* Peak and RMS level of a signal in dBFS. */
#include "ser/audio.h"

#include <math.h>

#include "ser/util.h"

void ser_audio_levels(const float *x, size_t n, double *peak_dbfs, double *rms_dbfs)
{
    double peak = 0.0, sum_sq = 0.0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i];
        double a = fabs(v);
        if (a > peak)
            peak = a;
        sum_sq += v * v;
    }
    if (peak_dbfs)
        *peak_dbfs = ser_amplitude_to_dbfs(peak);
    if (rms_dbfs)
        *rms_dbfs = n ? ser_amplitude_to_dbfs(sqrt(sum_sq / (double)n)) : -INFINITY;
}
