/* ser/istft.h - inverse short-time Fourier transform by weighted
 * overlap-add (kissfft through ser_fft).
 *
 * Input: a spectrogram of n_frames frames, frame-major, each frame
 * n_fft/2+1 complex bins as interleaved (re, im) floats; frame k starts at
 * spec + k * 2 * (n_fft/2+1).
 *
 * Frame k is inverted (n_fft real samples, numpy.fft.irfft scaling),
 * multiplied by frame_scale and by the synthesis window w (win_length
 * samples, placed at offset `off` inside the n_fft frame: 0 when the window
 * is left-aligned, (n_fft - win_length)/2 when centred), and added to the
 * overlap-add signal at position k*hop_length + off + j, j in [0, win_length).
 * Each position q is then divided by sum_k w[q - k*hop_length - off]^2 where
 * that sum exceeds norm_floor (elsewhere left as is).  Output sample p is
 * overlap-add position p + trim.  The overlap-add signal has
 * total = (n_frames-1)*hop_length + span samples (span = win_length when
 * left-aligned, n_fft when centred); the natural output length, what scipy
 * and librosa return, drops trim samples at both ends: total - 2*trim
 * (ser_istft_length).  Asking for more gives the overlap-add samples up to
 * total - trim, then zeros: librosa's istft(..., length=n).
 *
 * Two conventions are built in:
 *   ser_istft_config_default()  librosa 0.10 istft: n_fft 2048, hop 512,
 *       periodic Hann centred in the frame, center=True (trim n_fft/2),
 *       scale 1, floor FLT_MIN (librosa's tiny() for float32).
 *   ser_istft_config_scipy()    scipy.signal.istft(window='hann',
 *       boundary=True, scaling='spectrum'): window at the frame start,
 *       trim nperseg//2, scale sum(window), floor 1e-10.
 *
 * Overlap-add accumulates in float; the window-square sum is summed in
 * double per sample (no table), frames in ascending order as scipy does.
 * A ser_istft owns its FFT, window and one frame of scratch, so one object
 * serves one thread at a time; process calls never allocate. */
#ifndef SER_ISTFT_H
#define SER_ISTFT_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/fft.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_istft_align {
    SER_ISTFT_ALIGN_LEFT = 0,  /* window at the start of the n_fft frame (scipy) */
    SER_ISTFT_ALIGN_CENTER = 1 /* window centred in the n_fft frame (librosa) */
} ser_istft_align;

typedef struct ser_istft_config {
    size_t n_fft;          /* FFT size in samples, even, >= 2 */
    size_t win_length;     /* synthesis window length in samples, 1..n_fft; 0 means n_fft */
    size_t hop_length;     /* samples between frames, 1..win_length; 0 means win_length/4 */
    ser_window_kind window; /* synthesis window shape */
    bool periodic;          /* periodic (DFT-even) window, as scipy and librosa use */
    ser_istft_align align;  /* where the window sits in the n_fft frame */
    size_t trim;            /* overlap-add samples dropped at each end */
    double frame_scale;     /* multiplies each inverted frame; must be finite and > 0 */
    double norm_floor;      /* window-square sums <= this are not divided by */
} ser_istft_config;

/* librosa.istft defaults (see above). */
ser_istft_config ser_istft_config_default(void);

/* scipy.signal.istft(nperseg, noverlap, nfft, window='hann',
 * boundary=True, scaling='spectrum').  nfft 0 means nperseg. */
ser_istft_config ser_istft_config_scipy(size_t nperseg, size_t noverlap, size_t nfft);

typedef struct ser_istft ser_istft;

/* NULL and *err = SER_ERR_ARG on an invalid config (n_fft odd or < 2,
 * win_length > n_fft, hop_length > win_length, scale not > 0, ...),
 * SER_ERR_NOMEM on allocation failure. */
ser_istft *ser_istft_create(const ser_istft_config *cfg, ser_status *err);
void ser_istft_destroy(ser_istft *st);

/* Natural output length in samples for n_frames frames (0 for 0 frames or
 * when the trim removes everything). */
size_t ser_istft_length(const ser_istft *st, size_t n_frames);

/* Output samples [first, first + n_out) of the inverse transform of
 * n_frames frames into out; only the frames that reach that range are
 * inverted.  spec may be NULL when n_frames is 0.  Never allocates. */
ser_status ser_istft_process_range(ser_istft *st, const float *spec, size_t n_frames, size_t first, float *out,
                                   size_t n_out);

/* The whole signal: the same with first = 0 (out holds n_out samples,
 * usually ser_istft_length()). */
ser_status ser_istft_process(ser_istft *st, const float *spec, size_t n_frames, float *out, size_t n_out);

#ifdef __cplusplus
}
#endif
#endif
