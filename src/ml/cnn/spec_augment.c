/* spec_augment.c - SpecAugment frequency and time masks on one image. */
#include "ser/cnn.h"

static void span(size_t len, size_t max_w, ser_rng *rng, size_t *at, size_t *w)
{
    size_t ww = (size_t)ser_rng_below(rng, (uint64_t)max_w + 1);
    if (ww > len)
        ww = len;
    *w = ww;
    *at = (size_t)ser_rng_below(rng, (uint64_t)(len - ww) + 1);
}

void ser_cnn_spec_augment(float *image, size_t n_mels, size_t n_frames, const float *fill, size_t freq_masks,
                          size_t freq_mask_max, size_t time_masks, size_t time_mask_max, ser_rng *rng)
{
    for (size_t q = 0; q < freq_masks; q++) {
        size_t at, w;
        span(n_mels, freq_mask_max, rng, &at, &w);
        for (size_t m = at; m < at + w; m++)
            for (size_t t = 0; t < n_frames; t++)
                image[m * n_frames + t] = fill[m];
    }
    for (size_t q = 0; q < time_masks; q++) {
        size_t at, w;
        span(n_frames, time_mask_max, rng, &at, &w);
        for (size_t m = 0; m < n_mels; m++)
            for (size_t t = at; t < at + w; t++)
                image[m * n_frames + t] = fill[m];
    }
}
