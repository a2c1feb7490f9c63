/* ser/delta.h - delta features over frames (librosa.feature.delta with
 * order 1, mode 'interp': scipy savgol_filter(polyorder 1, deriv 1)).
 *
 * For frame t with width w (odd, >= 3), h = w / 2:
 *   delta[t] = sum_{k=-h..h} k x[t+k] / sum_{k=-h..h} k^2     (h <= t < T-h)
 * and, as 'interp' fits one line to the first (last) w frames, the first
 * (last) h frames take the value of frame h (T-1-h).
 * Short inputs (T < w; librosa raises): our choice is the least-squares
 * slope over all T frames for every frame (0 when T == 1), which is what
 * 'interp' would give with the window shrunk to T. */
#ifndef SER_DELTA_H
#define SER_DELTA_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* x and out are row-major (n_frames, n_rows) (frame-major, as ser_seed_frames
 * gives them); out must not alias x.  SER_ERR_ARG for an even width or
 * width < 3.  Does not allocate. */
ser_status ser_delta_frames(const float *x, size_t n_frames, size_t n_rows, size_t width, float *out);

#ifdef __cplusplus
}
#endif
#endif
