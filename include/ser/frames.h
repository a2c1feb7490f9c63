/* ser/frames.h - cutting a signal into frames, librosa style.
 *
 * With center=true the signal is padded by frame_length/2 samples on each
 * side and frame t covers padded samples [t*hop, t*hop + frame_length),
 * i.e. it is centred on original sample t*hop; there are 1 + n/hop frames
 * (integer division).  With center=false frame t covers original samples
 * [t*hop, t*hop + frame_length) and there are 1 + (n - frame_length)/hop
 * frames (0 when n < frame_length).
 *
 * Padding modes (numpy.pad names):
 *   SER_PAD_CONSTANT  zeros (librosa >= 0.10 STFT and RMS default)
 *   SER_PAD_EDGE      repeat the first / last sample (librosa zero_crossing_rate)
 *   SER_PAD_REFLECT   mirror without repeating the edge sample, periodically
 *                     for pads longer than the signal (librosa <= 0.8 STFT) */
#ifndef SER_FRAMES_H
#define SER_FRAMES_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_pad_mode { SER_PAD_CONSTANT = 0, SER_PAD_EDGE = 1, SER_PAD_REFLECT = 2 } ser_pad_mode;

/* Number of frames for n samples (see above).  hop_length must be > 0. */
size_t ser_frame_count(size_t n_samples, size_t frame_length, size_t hop_length, bool center);

/* Sample i of the padded signal, i counted from the start of the padding
 * (i in [0, n + 2*pad)), for a signal x[0..n) padded by `pad` on each side.
 * An empty signal (n == 0) reads as zeros. */
float ser_padded_sample(const float *x, size_t n, size_t pad, ser_pad_mode mode, size_t i);

/* Copy frame t (frame_length samples) of x[0..n) into out.  Returns a
 * pointer to the frame: x itself + offset when the frame lies inside the
 * signal (no copy made), else out after filling it with padded samples. */
const float *ser_frame_get(const float *x, size_t n, size_t t, size_t frame_length, size_t hop_length,
                           bool center, ser_pad_mode mode, float *out);

#ifdef __cplusplus
}
#endif
#endif
