/* Interleaved multi-channel frames to one mono signal. */
#include "ser/pcm.h"

void ser_pcm_downmix_mean(const float *in, size_t frames, int channels, float *out)
{
    if (channels <= 1) {
        for (size_t i = 0; i < frames; i++)
            out[i] = in[i];
        return;
    }
    const size_t c = (size_t)channels;
    for (size_t i = 0; i < frames; i++) {
        double sum = 0.0;
        for (size_t k = 0; k < c; k++)
            sum += in[i * c + k];
        out[i] = (float)(sum / (double)channels);
    }
}

void ser_pcm_select_channel(const float *in, size_t frames, int channels, int channel, float *out)
{
    const size_t c = (size_t)(channels > 0 ? channels : 1);
    const size_t k = (size_t)(channel >= 0 && channel < channels ? channel : 0);
    for (size_t i = 0; i < frames; i++)
        out[i] = in[i * c + k];
}
