/* ser/rms.h - root-mean-square energy per frame (librosa.feature.rms from
 * samples): rms = sqrt(mean(x^2)) over each un-windowed frame.  Defaults:
 * frame_length 2048, hop 512, center with zero padding (ser/frames.h). */
#ifndef SER_RMS_H
#define SER_RMS_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/frames.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_rms_config {
    size_t frame_length;   /* samples (2048) */
    size_t hop_length;     /* samples (512) */
    bool center;           /* (true) */
    ser_pad_mode pad_mode; /* SER_PAD_CONSTANT */
} ser_rms_config;

ser_rms_config ser_rms_config_default(void);

/* RMS of one frame of n samples (accumulated in double). */
float ser_rms_frame(const float *frame, size_t n);

/* Every frame of x[0..n): out has n_frames = ser_frame_count(n, ...) values
 * (checked).  scratch: frame_length floats for padded frames.  SER_ERR_EMPTY
 * when there is no frame. */
ser_status ser_rms(const ser_rms_config *cfg, const float *x, size_t n, float *scratch, float *out, size_t n_frames);

#ifdef __cplusplus
}
#endif
#endif
