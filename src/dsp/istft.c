/* Inverse STFT by weighted overlap-add (see ser/istft.h for the maths). */
#include "ser/istft.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"

struct ser_istft {
    ser_istft_config cfg; /* win_length and hop_length resolved */
    size_t n_bins;        /* n_fft/2 + 1 */
    size_t offset;        /* window position inside the n_fft frame */
    size_t span;          /* overlap-add extent of one frame */
    ser_fft *fft;
    float *window;  /* win_length */
    float *scratch; /* n_fft: one inverted frame */
};

ser_istft_config ser_istft_config_default(void)
{
    ser_istft_config c;
    c.n_fft = 2048;
    c.win_length = 2048;
    c.hop_length = 512;
    c.window = SER_WINDOW_HANN;
    c.periodic = true;
    c.align = SER_ISTFT_ALIGN_CENTER;
    c.trim = 1024;
    c.frame_scale = 1.0;
    c.norm_floor = FLT_MIN;
    return c;
}

ser_istft_config ser_istft_config_scipy(size_t nperseg, size_t noverlap, size_t nfft)
{
    ser_istft_config c;
    c.n_fft = nfft ? nfft : nperseg;
    c.win_length = nperseg;
    c.hop_length = nperseg > noverlap ? nperseg - noverlap : 0;
    c.window = SER_WINDOW_HANN;
    c.periodic = true;
    c.align = SER_ISTFT_ALIGN_LEFT;
    c.trim = nperseg / 2;
    /* sum of the periodic Hann window of length n: n/2 for n >= 2 */
    c.frame_scale = nperseg >= 2 ? (double)nperseg / 2.0 : 1.0;
    c.norm_floor = 1e-10;
    return c;
}

static ser_status fail(ser_status *err, ser_status status)
{
    if (err)
        *err = status;
    return status;
}

ser_istft *ser_istft_create(const ser_istft_config *cfg, ser_status *err)
{
    if (!cfg) {
        fail(err, SER_ERR_ARG);
        return NULL;
    }
    ser_istft_config c = *cfg;
    if (c.win_length == 0)
        c.win_length = c.n_fft;
    if (c.hop_length == 0)
        c.hop_length = c.win_length / 4;
    if (c.n_fft < 2 || c.n_fft % 2 != 0 || c.win_length > c.n_fft || c.hop_length == 0 ||
        c.hop_length > c.win_length || !(c.frame_scale > 0.0) || !isfinite(c.frame_scale) || !(c.norm_floor >= 0.0) ||
        (c.align != SER_ISTFT_ALIGN_LEFT && c.align != SER_ISTFT_ALIGN_CENTER)) {
        fail(err, SER_ERR_ARG);
        return NULL;
    }
    ser_istft *st = calloc(1, sizeof *st);
    if (!st) {
        fail(err, SER_ERR_NOMEM);
        return NULL;
    }
    st->cfg = c;
    st->n_bins = c.n_fft / 2 + 1;
    st->offset = c.align == SER_ISTFT_ALIGN_CENTER ? (c.n_fft - c.win_length) / 2 : 0;
    st->span = c.align == SER_ISTFT_ALIGN_CENTER ? c.n_fft : c.win_length;
    ser_status s = SER_OK;
    st->fft = ser_fft_create(c.n_fft, &s);
    st->window = ser_alloc_array(c.win_length, sizeof *st->window);
    st->scratch = ser_alloc_array(c.n_fft, sizeof *st->scratch);
    if (!st->fft || !st->window || !st->scratch) {
        fail(err, st->fft ? SER_ERR_NOMEM : s);
        ser_istft_destroy(st);
        return NULL;
    }
    ser_window_fill(c.window, st->window, c.win_length, c.periodic);
    fail(err, SER_OK);
    return st;
}

void ser_istft_destroy(ser_istft *st)
{
    if (!st)
        return;
    ser_fft_destroy(st->fft);
    free(st->window);
    free(st->scratch);
    free(st);
}

/* Overlap-add extent of n_frames frames (0 on overflow or no frames). */
static size_t overlap_add_total(const ser_istft *st, size_t n_frames)
{
    size_t total;
    if (n_frames == 0 || !ser_size_mul(n_frames - 1, st->cfg.hop_length, &total) ||
        !ser_size_add(total, st->span, &total))
        return 0;
    return total;
}

size_t ser_istft_length(const ser_istft *st, size_t n_frames)
{
    if (!st)
        return 0;
    size_t total = overlap_add_total(st, n_frames);
    return total > 2 * st->cfg.trim ? total - 2 * st->cfg.trim : 0;
}

/* Sum of squared window values over the frames covering overlap-add
 * position q, frames in ascending order (scipy's accumulation order). */
static double window_square_sum(const ser_istft *st, size_t q, size_t n_frames)
{
    const size_t hop = st->cfg.hop_length, win = st->cfg.win_length, off = st->offset;
    if (q < off)
        return 0.0;
    size_t rel = q - off; /* position relative to frame 0's window start */
    size_t k_hi = rel / hop;
    if (k_hi >= n_frames)
        k_hi = n_frames - 1;
    size_t k_lo = rel >= win ? (rel - win) / hop + 1 : 0;
    double sum = 0.0;
    for (size_t k = k_lo; k <= k_hi; k++) {
        double w = st->window[rel - k * hop];
        sum += w * w;
    }
    return sum;
}

ser_status ser_istft_process_range(ser_istft *st, const float *spec, size_t n_frames, size_t first, float *out,
                                   size_t n_out)
{
    if (!st || (n_out > 0 && !out) || (n_frames > 0 && !spec))
        return SER_ERR_ARG;
    if (n_out == 0)
        return SER_OK;
    memset(out, 0, n_out * sizeof *out);
    /* samples up to total - trim exist (the end trim is a length choice) */
    size_t total = overlap_add_total(st, n_frames);
    size_t limit = total > st->cfg.trim ? total - st->cfg.trim : 0;
    if (first >= limit)
        return SER_OK;
    size_t n_valid = limit - first < n_out ? limit - first : n_out;

    const size_t hop = st->cfg.hop_length, win = st->cfg.win_length, off = st->offset;
    const size_t trim = st->cfg.trim;
    /* Overlap-add positions [qa, qb) relative to frame 0's window start. */
    size_t qa = first + trim, qb = first + trim + n_valid;
    size_t ra = qa > off ? qa - off : 0;
    size_t rb = qb > off ? qb - off : 0;
    if (rb > 0) {
        size_t k_lo = ra >= win ? (ra - win) / hop + 1 : 0;
        size_t k_hi = (rb - 1) / hop;
        if (k_hi >= n_frames)
            k_hi = n_frames - 1;
        const float scale = (float)st->cfg.frame_scale;
        for (size_t k = k_lo; k <= k_hi; k++) {
            ser_fft_inverse(st->fft, spec + k * 2 * st->n_bins, st->scratch);
            /* window sample j lands at relative position k*hop + j */
            size_t start = k * hop;
            size_t j0 = ra > start ? ra - start : 0;
            size_t j1 = rb - start < win ? rb - start : win;
            for (size_t j = j0; j < j1; j++) {
                size_t p = start + j + off - trim - first;
                out[p] += st->scratch[off + j] * scale * st->window[j];
            }
        }
    }
    for (size_t p = 0; p < n_valid; p++) {
        double norm = window_square_sum(st, first + trim + p, n_frames);
        if (norm > st->cfg.norm_floor)
            out[p] = (float)((double)out[p] / norm);
    }
    return SER_OK;
}

ser_status ser_istft_process(ser_istft *st, const float *spec, size_t n_frames, float *out, size_t n_out)
{
    return ser_istft_process_range(st, spec, n_frames, 0, out, n_out);
}
