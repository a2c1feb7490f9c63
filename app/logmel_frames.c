/* logmel_frames.c - see logmel_frames.h. */
#include "logmel_frames.h"

#include <math.h>
#include <stdlib.h>

#include "ser/db.h"
#include "ser/frames.h"
#include "ser/mel.h"
#include "ser/stft.h"
#include "ser/util.h"

struct logmel_frames {
    int sample_rate;
    size_t n_mels;
    ser_stft *stft;
    ser_mel *mel;
    float *frame;  /* n_fft samples: a padded frame */
    float *power;  /* n_bins */
    float *rows;   /* cap x n_mels */
    size_t cap;
};

void logmel_frames_destroy(logmel_frames *lm)
{
    if (!lm)
        return;
    ser_stft_destroy(lm->stft);
    ser_mel_destroy(lm->mel);
    free(lm->frame);
    free(lm->power);
    free(lm->rows);
    free(lm);
}

logmel_frames *logmel_frames_create(int sample_rate, size_t n_mels, ser_error *err)
{
    ser_status st = SER_ERR_NOMEM;
    logmel_frames *lm = calloc(1, sizeof *lm);
    if (!lm) {
        ser_error_set(err, st, "log-mel: out of memory");
        return NULL;
    }
    lm->sample_rate = sample_rate;
    lm->n_mels = n_mels;
    const ser_stft_config sc = ser_stft_config_default();
    ser_mel_config mc = ser_mel_config_default();
    mc.sample_rate = sample_rate;
    mc.n_fft = sc.n_fft;
    mc.n_mels = n_mels;
    if (!(lm->stft = ser_stft_create(&sc, &st)) || !(lm->mel = ser_mel_create(&mc, &st))) {
        ser_error_set(err, st, "log-mel: cannot analyse %zu mel bands at %d Hz (%s)", n_mels, sample_rate,
                      ser_strerror(st));
        logmel_frames_destroy(lm);
        return NULL;
    }
    lm->frame = ser_alloc_array(sc.n_fft, sizeof *lm->frame);
    lm->power = ser_alloc_array(ser_stft_n_bins(lm->stft), sizeof *lm->power);
    if (!lm->frame || !lm->power) {
        ser_error_set(err, SER_ERR_NOMEM, "log-mel: out of memory");
        logmel_frames_destroy(lm);
        return NULL;
    }
    return lm;
}

int logmel_frames_sample_rate(const logmel_frames *lm) { return lm->sample_rate; }
size_t logmel_frames_n_mels(const logmel_frames *lm) { return lm->n_mels; }

static ser_status reserve(logmel_frames *lm, size_t n_frames)
{
    if (n_frames <= lm->cap)
        return SER_OK;
    const size_t cap = n_frames + n_frames / 4;
    float *rows = ser_alloc_array(cap, lm->n_mels * sizeof *rows);
    if (!rows)
        return SER_ERR_NOMEM;
    free(lm->rows);
    lm->rows = rows;
    lm->cap = cap;
    return SER_OK;
}

ser_status logmel_frames_compute(logmel_frames *lm, const float *x, size_t n, const float **rows, size_t *n_rows,
                                 ser_error *err)
{
    if (n == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "log-mel: no samples");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return ser_error_set(err, SER_ERR_NONFINITE, "log-mel: sample %zu is not finite", i);
    const ser_stft_config *c = ser_stft_config_of(lm->stft);
    const size_t T = ser_stft_n_frames(lm->stft, n);
    if (reserve(lm, T) != SER_OK)
        return ser_error_set(err, SER_ERR_NOMEM, "log-mel: no memory for %zu frames", T);
    for (size_t t = 0; t < T; t++) {
        const float *f = ser_frame_get(x, n, t, c->n_fft, c->hop_length, c->center, c->pad_mode, lm->frame);
        ser_stft_frame_power(lm->stft, f, lm->power);
        ser_mel_process(lm->mel, lm->power, lm->rows + t * lm->n_mels);
    }
    const ser_db_config db = ser_db_config_default();
    ser_power_to_db(&db, lm->rows, lm->rows, T * lm->n_mels);
    *rows = lm->rows;
    *n_rows = T;
    return SER_OK;
}
