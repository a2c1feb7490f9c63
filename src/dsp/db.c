/* power_to_db (see include/ser/db.h). */
#include "ser/db.h"

#include <math.h>

ser_db_config ser_db_config_default(void)
{
    ser_db_config c;
    c.ref = 1.0;
    c.amin = 1e-10;
    c.top_db = 80.0;
    c.clip = SER_DB_CLIP_MAX;
    c.fixed_max_db = 0.0;
    return c;
}

double ser_db_from_power(const ser_db_config *cfg, double x)
{
    double ref_db = 10.0 * log10(fmax(cfg->amin, fabs(cfg->ref)));
    return 10.0 * log10(fmax(cfg->amin, x)) - ref_db;
}

double ser_db_floor(const ser_db_config *cfg, double max_db)
{
    switch (cfg->clip) {
    case SER_DB_CLIP_MAX: return max_db - cfg->top_db;
    case SER_DB_CLIP_FIXED: return cfg->fixed_max_db - cfg->top_db;
    case SER_DB_CLIP_NONE:
    default: return -INFINITY;
    }
}

#define POWER_TO_DB_BODY                                                                           \
    double ref_db = 10.0 * log10(fmax(cfg->amin, fabs(cfg->ref)));                                 \
    double mx = -INFINITY;                                                                         \
    for (size_t i = 0; i < n; i++) {                                                               \
        double v = 10.0 * log10(fmax(cfg->amin, (double)power[i])) - ref_db;                       \
        out[i] = v;                                                                                \
        if (v > mx)                                                                                \
            mx = v;                                                                                \
    }                                                                                              \
    double floor_db = ser_db_floor(cfg, mx);                                                       \
    for (size_t i = 0; i < n; i++)                                                                 \
        if (out[i] < floor_db)                                                                     \
            out[i] = floor_db;

/* float32 result from a float32 natural log (about 1 ulp, like numpy.log10 on
 * float32, which librosa applies to its float32 spectrogram) */
void ser_power_to_db(const ser_db_config *cfg, const float *power, float *out, size_t n)
{
    const float amin = (float)cfg->amin;
    const float ref_db = (float)(10.0 * log10(fmax(cfg->amin, fabs(cfg->ref))));
    float mx = -INFINITY;
    if (isnan(amin)) { /* fmaxf(NaN, x) is x */
        for (size_t i = 0; i < n; i++) {
            float v = (float)(4.342944819032518 * (double)logf(power[i])) - ref_db;
            out[i] = v;
            mx = v > mx ? v : mx;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            /* fmaxf(amin, p) inline rather than a library call per value;
             * only the sign of a zero result may differ, which logf ignores */
            float p = power[i], c = amin > p || isnan(p) ? amin : p;
            float v = (float)(4.342944819032518 * (double)logf(c)) - ref_db;
            out[i] = v;
            mx = v > mx ? v : mx;
        }
    }
    float floor_db = (float)ser_db_floor(cfg, mx);
    for (size_t i = 0; i < n; i++)
        if (out[i] < floor_db)
            out[i] = floor_db;
}

void ser_power_to_db_f64(const ser_db_config *cfg, const double *power, double *out, size_t n)
{
    POWER_TO_DB_BODY
}
