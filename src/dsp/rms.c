/* Frame RMS (see include/ser/rms.h). */
#include "ser/rms.h"

#include <math.h>

ser_rms_config ser_rms_config_default(void)
{
    ser_rms_config c;
    c.frame_length = 2048;
    c.hop_length = 512;
    c.center = true;
    c.pad_mode = SER_PAD_CONSTANT;
    return c;
}

float ser_rms_frame(const float *frame, size_t n)
{
    if (n == 0)
        return 0.0f;
    double acc = 0.0;
    for (size_t i = 0; i < n; i++)
        acc += (double)frame[i] * (double)frame[i];
    return (float)sqrt(acc / (double)n);
}

ser_status ser_rms(const ser_rms_config *cfg, const float *x, size_t n, float *scratch, float *out, size_t n_frames)
{
    if (!cfg || (!x && n) || !scratch || !out || cfg->frame_length == 0 || cfg->hop_length == 0)
        return SER_ERR_ARG;
    size_t T = ser_frame_count(n, cfg->frame_length, cfg->hop_length, cfg->center);
    if (T == 0 || n == 0)
        return SER_ERR_EMPTY;
    if (T != n_frames)
        return SER_ERR_ARG;
    for (size_t t = 0; t < T; t++) {
        const float *f = ser_frame_get(x, n, t, cfg->frame_length, cfg->hop_length, cfg->center, cfg->pad_mode, scratch);
        out[t] = ser_rms_frame(f, cfg->frame_length);
    }
    return SER_OK;
}
