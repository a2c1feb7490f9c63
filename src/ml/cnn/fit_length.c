/* fit_length.c - a clip's log-mel rows to a fixed-size (mels, frames)
 * image: centre crop, or pad at the end with each band's minimum. */
#include "ser/cnn.h"

ser_status ser_cnn_fit_length(const float *frames, size_t n_in, size_t n_mels, size_t n_frames, float *image,
                              ser_error *err)
{
    if (!frames || !image || n_mels == 0 || n_frames == 0)
        return ser_error_set(err, SER_ERR_ARG, "cnn_fit_length: NULL argument or zero size");
    if (n_in == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "cnn_fit_length: clip has no frames");
    const size_t start = n_in > n_frames ? (n_in - n_frames) / 2 : 0;
    const size_t copy = n_in > n_frames ? n_frames : n_in;
    for (size_t m = 0; m < n_mels; m++) {
        float lo = frames[m];
        for (size_t t = 0; t < copy; t++) {
            const float v = frames[(start + t) * n_mels + m];
            image[m * n_frames + t] = v;
            if (v < lo)
                lo = v;
        }
        for (size_t t = copy; t < n_frames; t++)
            image[m * n_frames + t] = lo;
    }
    return SER_OK;
}
