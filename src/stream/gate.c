/* Simple energy + voicing gate for the live analyser (include/ser/stream.h,
 * ser_stream_gate).  Not ser/vad.h: see docs/stream.md "Voice gate". */
#include <math.h>

#include "ser/stream.h"

ser_stream_gate_config ser_stream_gate_config_default(void)
{
    ser_stream_gate_config c = {-45.0, 0.3, 0.3, 0.3, 3.0};
    return c;
}

static double level_db(float rms) { return rms > 1e-5f ? 20.0 * log10((double)rms) : -100.0; }

bool ser_stream_gate(const ser_stream_gate_config *cfg, const float *rms, const float *zcr, const float *flatness,
                     size_t n, size_t stride, double *voiced_fraction)
{
    if (voiced_fraction)
        *voiced_fraction = 0.0;
    if (!n)
        return false;
    size_t speech = 0;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double db = level_db(rms[i * stride]);
        sum += db;
        if (db >= cfg->min_rms_dbfs && flatness[i * stride] <= cfg->max_flatness && zcr[i * stride] <= cfg->max_zcr)
            speech++;
    }
    double mean = sum / (double)n, var = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = level_db(rms[i * stride]) - mean;
        var += d * d;
    }
    double frac = (double)speech / (double)n;
    if (voiced_fraction)
        *voiced_fraction = frac;
    return speech > 0 && frac >= cfg->min_voiced_fraction && sqrt(var / (double)n) >= cfg->min_level_std_db;
}
