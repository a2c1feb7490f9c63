/* Zero-crossing rate (see include/ser/zcr.h). */
#include "ser/zcr.h"

#include <math.h>

ser_zcr_config ser_zcr_config_default(void)
{
    ser_zcr_config c;
    c.frame_length = 2048;
    c.hop_length = 512;
    c.center = true;
    c.pad_mode = SER_PAD_EDGE;
    c.threshold = 1e-10;
    c.zero_pos = true;
    return c;
}

/* Sign class of a sample after thresholding. */
static int sign_class(const ser_zcr_config *cfg, float x)
{
    if (cfg->threshold > 0 && fabs((double)x) <= cfg->threshold)
        x = 0.0f;
    if (cfg->zero_pos)
        return signbit(x) ? 1 : 0;
    return (x > 0.0f) - (x < 0.0f);
}

float ser_zcr_frame(const ser_zcr_config *cfg, const float *frame)
{
    size_t L = cfg->frame_length;
    if (L == 0)
        return 0.0f;
    size_t count = 0;
    int prev = sign_class(cfg, frame[0]);
    for (size_t i = 1; i < L; i++) {
        int s = sign_class(cfg, frame[i]);
        count += s != prev;
        prev = s;
    }
    return (float)((double)count / (double)L);
}

ser_status ser_zcr(const ser_zcr_config *cfg, const float *x, size_t n, float *scratch, float *out, size_t n_frames)
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
        out[t] = ser_zcr_frame(cfg, f);
    }
    return SER_OK;
}
