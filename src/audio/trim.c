/* Leading/trailing silence: the bounds librosa.effects.trim (0.10) keeps.
 *
 * librosa: rms = feature.rms(y, frame_length, hop_length) with center=True
 * and zero padding; db = amplitude_to_db(rms, ref=np.max, amin=1e-5,
 * top_db=None); non-silent = db > -top_db; start = frames_to_samples(first),
 * end = min(len, frames_to_samples(last + 1)).  Frame RMS is computed here
 * in double, directly per frame, in two passes (loudest frame first), so no
 * per-frame array is needed. */
#include "ser/audio.h"

#include <math.h>

/* Mean square of frame t: samples [t*hop - frame/2, t*hop + frame/2) of
 * the signal, zeros outside it. */
static double frame_mean_square(const float *x, size_t n, size_t t, size_t frame, size_t hop)
{
    size_t half = frame / 2;
    size_t centre = t * hop;
    size_t lo = centre > half ? centre - half : 0;
    size_t hi = centre + (frame - half);
    if (hi > n)
        hi = n;
    double sum = 0.0;
    for (size_t i = lo; i < hi; i++)
        sum += (double)x[i] * (double)x[i];
    return sum / (double)frame;
}

ser_status ser_trim_bounds(const float *x, size_t n, const ser_trim_config *cfg, size_t *start, size_t *end)
{
    if (!start || !end || (n && !x))
        return SER_ERR_ARG;
    ser_trim_config c = cfg ? *cfg : ser_trim_config_default();
    if (!(c.top_db > 0.0) || !isfinite(c.top_db) || c.frame_length == 0 || c.hop_length == 0 ||
        c.frame_length > ((size_t)1 << 30))
        return SER_ERR_ARG;
    *start = 0;
    *end = 0;
    if (n == 0)
        return SER_OK;
    /* librosa: frames of the signal padded by frame/2 zeros each side */
    const size_t half = c.frame_length / 2;
    if (n + 2 * half < c.frame_length)
        return SER_OK; /* too short to hold one frame */
    const size_t n_frames = 1 + (n + 2 * half - c.frame_length) / c.hop_length;
    const double amin_sq = 1e-10; /* (1e-5)^2 */
    double ref = 0.0;
    for (size_t t = 0; t < n_frames; t++) {
        double ms = frame_mean_square(x, n, t, c.frame_length, c.hop_length);
        if (ms > ref)
            ref = ms;
    }
    /* db = 10 log10(max(amin^2, ms)) - 10 log10(max(amin^2, ref)) > -top_db */
    const double ref_db = 10.0 * log10(ref > amin_sq ? ref : amin_sq);
    size_t first = n_frames, last = 0;
    for (size_t t = 0; t < n_frames; t++) {
        double ms = frame_mean_square(x, n, t, c.frame_length, c.hop_length);
        double db = 10.0 * log10(ms > amin_sq ? ms : amin_sq) - ref_db;
        if (db > -c.top_db) {
            if (first == n_frames)
                first = t;
            last = t;
        }
    }
    if (first == n_frames)
        return SER_OK;
    size_t s = first * c.hop_length;
    size_t e = (last + 1) * c.hop_length;
    *start = s < n ? s : n;
    *end = e < n ? e : n;
    return SER_OK;
}
