/* Peak and RMS normalisation to a target level in dBFS. */
#include "ser/audio.h"

#include <math.h>

ser_status ser_audio_normalize(float *x, size_t n, ser_normalize_mode mode, double target_dbfs)
{
    if ((n && !x) || !isfinite(target_dbfs) || (mode != SER_NORMALIZE_PEAK && mode != SER_NORMALIZE_RMS))
        return SER_ERR_ARG;
    double level = 0.0;
    if (mode == SER_NORMALIZE_PEAK) {
        for (size_t i = 0; i < n; i++) {
            double a = fabs((double)x[i]);
            if (a > level)
                level = a;
        }
    } else {
        double sum_sq = 0.0;
        for (size_t i = 0; i < n; i++)
            sum_sq += (double)x[i] * (double)x[i];
        level = n ? sqrt(sum_sq / (double)n) : 0.0;
    }
    if (!(level > 0.0))
        return SER_OK; /* digital silence: nothing to scale */
    double gain = pow(10.0, target_dbfs / 20.0) / level;
    for (size_t i = 0; i < n; i++)
        x[i] = (float)((double)x[i] * gain);
    return SER_OK;
}
