/* The denoiser's forward STFT, framed as scipy.signal.stft frames it
 * (boundary='zeros', padded=False, window at the start of the n_fft frame,
 * scaling='spectrum').  librosa's STFT (ser/stft.h) centres frames with
 * n_fft/2 of padding instead, so this framing stays private. */
#include <string.h>

#include "audio/denoise_internal.h"

ser__dn_framing ser__dn_chunk_framing(const ser_denoise *dn)
{
    ser__dn_framing fr;
    fr.nperseg = dn->cfg.win_length;
    fr.step = dn->cfg.hop_length;
    fr.half = fr.nperseg / 2;
    fr.window = dn->window;
    double sum = 0.0;
    for (size_t j = 0; j < fr.nperseg; j++)
        sum += dn->window[j];
    fr.inv_window_sum = (float)(1.0 / sum);
    return fr;
}

size_t ser__dn_frame_count(const ser__dn_framing *fr, size_t len)
{
    size_t extended = len + 2 * fr->half;
    if (extended < fr->nperseg)
        return 0;
    return (extended - fr->nperseg) / fr->step + 1;
}

bool ser__dn_frame_spectrum(ser_denoise *dn, const ser__dn_framing *fr, const float *x, size_t len, size_t k,
                            float *out)
{
    const size_t n_fft = dn->cfg.n_fft;
    float *frame = dn->frame;
    /* frame sample j is signal sample k*step + j - half */
    size_t base = k * fr->step;
    bool any = false;
    for (size_t j = 0; j < fr->nperseg; j++) {
        size_t pos = base + j;
        float v = (pos >= fr->half && pos - fr->half < len) ? x[pos - fr->half] : 0.0f;
        any |= v != 0.0f;
        frame[j] = v * fr->window[j];
    }
    if (!any) {
        memset(out, 0, 2 * dn->n_bins * sizeof *out);
        return false;
    }
    memset(frame + fr->nperseg, 0, (n_fft - fr->nperseg) * sizeof *frame);
    ser_fft_forward(dn->fft, frame, out);
    for (size_t i = 0; i < 2 * dn->n_bins; i++)
        out[i] *= fr->inv_window_sum;
    return true;
}
