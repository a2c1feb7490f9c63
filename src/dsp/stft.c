/* STFT (see include/ser/stft.h). */
#include "ser/stft.h"

#include <math.h>
#include <stdlib.h>

#include "ser/rfft64.h"
#include "ser/util.h"

struct ser_stft {
    ser_stft_config cfg;
    size_t n_bins;
    double *window;   /* n_fft, zero outside the centred win_length */
    bool owns_window; /* false for ser_stft_create_shared: base's */
    ser_rfft64 *fft64; /* power-of-two n_fft */
    ser_fft *fft32;    /* other even n_fft */
    double *buf64;     /* n_fft windowed samples */
    double *spec64;    /* 2 * n_bins */
    float *buf32;      /* float path */
    float *spec32;
    float *frame;      /* n_fft samples: a padded frame */
};

ser_stft_config ser_stft_config_default(void)
{
    ser_stft_config c;
    c.n_fft = 2048;
    c.hop_length = 512;
    c.win_length = 0;
    c.window = SER_WINDOW_HANN;
    c.periodic = true;
    c.center = true;
    c.pad_mode = SER_PAD_CONSTANT;
    c.kernel = SER_KERNEL_AUTO;
    return c;
}

/* Window in double precision (ser_window_fill is float). */
static void fill_window(double *w, size_t n_fft, size_t win, ser_window_kind kind, bool periodic)
{
    for (size_t i = 0; i < n_fft; i++)
        w[i] = 0.0;
    size_t off = (n_fft - win) / 2;
    double denom = periodic ? (double)win : (double)(win - 1);
    for (size_t t = 0; t < win; t++) {
        double v = 1.0;
        if (win > 1) {
            double phase = 2.0 * M_PI * (double)t / denom;
            switch (kind) {
            case SER_WINDOW_HANN: v = 0.5 - 0.5 * cos(phase); break;
            case SER_WINDOW_HAMMING: v = 0.54 - 0.46 * cos(phase); break;
            case SER_WINDOW_RECT: v = 1.0; break;
            }
        }
        w[off + t] = v;
    }
}

ser_stft *ser_stft_create(const ser_stft_config *cfg, ser_status *err)
{
    ser_status st = SER_ERR_ARG;
    ser_stft *s = NULL;
    if (!cfg || cfg->n_fft < 2 || cfg->n_fft % 2 || cfg->hop_length == 0 || cfg->win_length > cfg->n_fft
        || (unsigned)cfg->window > SER_WINDOW_RECT || (unsigned)cfg->pad_mode > SER_PAD_REFLECT
        || (unsigned)cfg->kernel > SER_KERNEL_AVX2)
        goto fail;
    if (!ser_kernel_available(cfg->kernel)) {
        st = SER_ERR_UNSUPPORTED;
        goto fail;
    }
    st = SER_ERR_NOMEM;
    s = calloc(1, sizeof *s);
    if (!s)
        goto fail;
    s->cfg = *cfg;
    if (s->cfg.win_length == 0)
        s->cfg.win_length = s->cfg.n_fft;
    size_t n = s->cfg.n_fft;
    s->n_bins = n / 2 + 1;
    s->window = ser_alloc_array(n, sizeof *s->window);
    s->frame = ser_alloc_array(n, sizeof *s->frame);
    if (!s->window || !s->frame)
        goto fail;
    s->owns_window = true;
    fill_window(s->window, n, s->cfg.win_length, s->cfg.window, s->cfg.periodic);
    if (ser_rfft64_size_ok(n)) {
        s->fft64 = ser_rfft64_create_kernel(n, cfg->kernel, &st);
        s->buf64 = ser_alloc_array(n, sizeof *s->buf64);
        s->spec64 = ser_alloc_array(2 * s->n_bins, sizeof *s->spec64);
        if (!s->fft64 || !s->buf64 || !s->spec64)
            goto fail;
    } else {
        s->fft32 = ser_fft_create(n, &st);
        s->buf32 = ser_alloc_array(n, sizeof *s->buf32);
        s->spec32 = ser_alloc_array(2 * s->n_bins, sizeof *s->spec32);
        if (!s->fft32 || !s->buf32 || !s->spec32) {
            st = s->fft32 ? SER_ERR_NOMEM : st;
            goto fail;
        }
    }
    if (err)
        *err = SER_OK;
    return s;
fail:
    ser_stft_destroy(s);
    if (err)
        *err = st == SER_OK ? SER_ERR_NOMEM : st;
    return NULL;
}

ser_stft *ser_stft_create_shared(const ser_stft *base, ser_status *err)
{
    ser_status st = SER_ERR_ARG;
    ser_stft *s = NULL;
    if (!base)
        goto fail;
    st = SER_ERR_NOMEM;
    if (!(s = calloc(1, sizeof *s)))
        goto fail;
    s->cfg = base->cfg;
    s->n_bins = base->n_bins;
    s->window = base->window;
    size_t n = s->cfg.n_fft;
    if (!(s->frame = ser_alloc_array(n, sizeof *s->frame)))
        goto fail;
    if (base->fft64) {
        s->fft64 = ser_rfft64_create_shared(base->fft64, &st);
        s->buf64 = ser_alloc_array(n, sizeof *s->buf64);
        s->spec64 = ser_alloc_array(2 * s->n_bins, sizeof *s->spec64);
        if (!s->fft64 || !s->buf64 || !s->spec64)
            goto fail;
    } else { /* kissfft keeps scratch in its plan: a whole plan of its own */
        s->fft32 = ser_fft_create(n, &st);
        s->buf32 = ser_alloc_array(n, sizeof *s->buf32);
        s->spec32 = ser_alloc_array(2 * s->n_bins, sizeof *s->spec32);
        if (!s->fft32 || !s->buf32 || !s->spec32) {
            st = s->fft32 ? SER_ERR_NOMEM : st;
            goto fail;
        }
    }
    if (err)
        *err = SER_OK;
    return s;
fail:
    ser_stft_destroy(s);
    if (err)
        *err = st == SER_OK ? SER_ERR_NOMEM : st;
    return NULL;
}

void ser_stft_destroy(ser_stft *st)
{
    if (!st)
        return;
    if (st->owns_window)
        free(st->window);
    free(st->frame);
    ser_rfft64_destroy(st->fft64);
    free(st->buf64);
    free(st->spec64);
    ser_fft_destroy(st->fft32);
    free(st->buf32);
    free(st->spec32);
    free(st);
}

const ser_stft_config *ser_stft_config_of(const ser_stft *st) { return &st->cfg; }
size_t ser_stft_n_bins(const ser_stft *st) { return st->n_bins; }
bool ser_stft_is_double(const ser_stft *st) { return st->fft64 != NULL; }
const double *ser_stft_window(const ser_stft *st) { return st->window; }

size_t ser_stft_n_frames(const ser_stft *st, size_t n_samples)
{
    return ser_frame_count(n_samples, st->cfg.n_fft, st->cfg.hop_length, st->cfg.center);
}

void ser_stft_frame_complex(ser_stft *st, const float *frame, double *spectrum)
{
    size_t n = st->cfg.n_fft;
    if (st->fft64) {
        for (size_t i = 0; i < n; i++)
            st->buf64[i] = (double)frame[i] * st->window[i];
        ser_rfft64_forward(st->fft64, st->buf64, spectrum);
    } else {
        for (size_t i = 0; i < n; i++)
            st->buf32[i] = (float)((double)frame[i] * st->window[i]);
        ser_fft_forward(st->fft32, st->buf32, st->spec32);
        for (size_t k = 0; k < 2 * st->n_bins; k++)
            spectrum[k] = st->spec32[k];
    }
}

void ser_stft_frame_power(ser_stft *st, const float *frame, float *power)
{
    if (st->fft64) {
        ser_rfft64_power_windowed(st->fft64, frame, st->window, power);
        return;
    }
    size_t n = st->cfg.n_fft;
    for (size_t i = 0; i < n; i++)
        st->buf32[i] = (float)((double)frame[i] * st->window[i]);
    ser_fft_forward(st->fft32, st->buf32, st->spec32);
    const float *s = st->spec32;
    for (size_t k = 0; k < st->n_bins; k++)
        power[k] = (float)((double)s[2 * k] * s[2 * k] + (double)s[2 * k + 1] * s[2 * k + 1]);
}

ser_status ser_stft_power(ser_stft *st, const float *x, size_t n, float *power, size_t n_frames)
{
    if (!st || (!x && n) || !power)
        return SER_ERR_ARG;
    size_t T = ser_stft_n_frames(st, n);
    if (T == 0 || n == 0)
        return SER_ERR_EMPTY;
    if (n_frames != T)
        return SER_ERR_ARG;
    const ser_stft_config *c = &st->cfg;
    for (size_t t = 0; t < T; t++) {
        const float *f = ser_frame_get(x, n, t, c->n_fft, c->hop_length, c->center, c->pad_mode, st->frame);
        ser_stft_frame_power(st, f, power + t * st->n_bins);
    }
    return SER_OK;
}

void ser_power_to_magnitude(const float *power, float *mag, size_t count)
{
    for (size_t i = 0; i < count; i++)
        mag[i] = sqrtf(power[i]);
}

double ser_fft_frequency(size_t k, double sample_rate, size_t n_fft)
{
    if (2 * k == n_fft)
        return sample_rate / 2.0;
    return (double)k * (sample_rate / (double)n_fft);
}
