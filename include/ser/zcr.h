/* ser/zcr.h - zero-crossing rate per frame (librosa.feature.zero_crossing_rate).
 *
 * Samples with |x| <= threshold count as 0 (librosa's default 1e-10).  A
 * crossing between x[n-1] and x[n] is a change of sign bit (zero_pos: 0
 * counts as positive) or of numpy.sign (zero_pos false: -1, 0, +1 differ).
 * zcr = crossings over n = 1..L-1 divided by the frame length L (the first
 * sample of a frame never counts, librosa's pad=False).  Defaults: frame
 * 2048, hop 512, center with EDGE padding (librosa pads with edge values
 * here, unlike the STFT). */
#ifndef SER_ZCR_H
#define SER_ZCR_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/frames.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_zcr_config {
    size_t frame_length;   /* samples (2048) */
    size_t hop_length;     /* samples (512) */
    bool center;           /* (true) */
    ser_pad_mode pad_mode; /* SER_PAD_EDGE */
    double threshold;      /* |x| <= threshold is zero (1e-10) */
    bool zero_pos;         /* zero counts as positive (true) */
} ser_zcr_config;

ser_zcr_config ser_zcr_config_default(void);

/* Rate of one frame of cfg->frame_length samples, in [0, 1). */
float ser_zcr_frame(const ser_zcr_config *cfg, const float *frame);

/* Every frame of x[0..n): out has n_frames values (checked); scratch holds
 * frame_length floats.  SER_ERR_EMPTY when there is no frame. */
ser_status ser_zcr(const ser_zcr_config *cfg, const float *x, size_t n, float *scratch, float *out, size_t n_frames);

#ifdef __cplusplus
}
#endif
#endif
