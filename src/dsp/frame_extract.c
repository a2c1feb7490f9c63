/* Frame extraction with librosa's centring (zero padding, pad_mode='constant'). */
#include "dsp/frame_extract.h"

#include <string.h>

size_t ser__frame_count(size_t n, size_t frame_length, size_t hop, bool center)
{
    if (frame_length == 0 || hop == 0)
        return 0;
    size_t padded = n;
    if (center) {
        size_t pad = 2 * (frame_length / 2);
        if (padded > (size_t)-1 - pad)
            return 0;
        padded += pad;
    }
    if (padded < frame_length)
        return 0;
    return 1 + (padded - frame_length) / hop;
}

void ser__frame_extract(const float *y, size_t n, size_t t, size_t frame_length, size_t hop,
                        bool center, float *out)
{
    /* First sample of the frame, as a signed offset into y. */
    long long start = (long long)(t * hop) - (center ? (long long)(frame_length / 2) : 0);
    long long end = start + (long long)frame_length;
    long long lo = start < 0 ? 0 : start;
    long long hi = end > (long long)n ? (long long)n : end;
    if (hi <= lo) {
        memset(out, 0, frame_length * sizeof *out);
        return;
    }
    size_t before = (size_t)(lo - start), count = (size_t)(hi - lo);
    memset(out, 0, before * sizeof *out);
    memcpy(out + before, y + lo, count * sizeof *out);
    memset(out + before + count, 0, (frame_length - before - count) * sizeof *out);
}
