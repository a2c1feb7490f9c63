/* frame_extract.h - copy one analysis frame out of a signal, with the
 * centring and zero padding librosa applies (private to libser). */
#ifndef SER_DSP_FRAME_EXTRACT_H
#define SER_DSP_FRAME_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

/* Frame count: center -> 1 + (n + 2*(frame_length/2) - frame_length)/hop;
 * otherwise 1 + (n - frame_length)/hop, or 0 when n < frame_length. */
size_t ser__frame_count(size_t n, size_t frame_length, size_t hop, bool center);

/* out[0..frame_length) = frame t of y[0..n).  center: frame t covers
 * y[t*hop - frame_length/2 ...], samples outside [0, n) are zeros. */
void ser__frame_extract(const float *y, size_t n, size_t t, size_t frame_length, size_t hop,
                        bool center, float *out);

#endif
