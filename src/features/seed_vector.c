/* The seed 320-dimensional vector (see include/ser/seed.h). */
#include "ser/seed.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/aggregate.h"
#include "ser/chroma.h"
#include "ser/contrast.h"
#include "ser/mel.h"
#include "ser/mfcc.h"
#include "ser/tuning.h"
#include "ser/util.h"
#include "core/finite_scan.h"

struct ser_seed {
    ser_seed_config cfg;
    ser_stft *stft;
    ser_mel *mel;
    ser_mfcc *mfcc;
    ser_chroma *chroma;
    ser_contrast *contrast;
    ser_tuning *tuning;
    size_t n_bins;
    /* frame buffers, capacity cap frames */
    size_t cap, n_frames;
    size_t power_cap;     /* frames the power buffer holds */
    bool power_stored;    /* the last compute kept every power frame */
    float *frame;         /* n_fft samples: a padded frame */
    float *power, *melp, *mel_db, *mfccs, *chromas, *contrasts;
    double *peak, *valley;
    double used_tuning;
};

ser_seed_config ser_seed_config_default(void)
{
    ser_seed_config c;
    c.sample_rate = 16000.0;
    c.stft = ser_stft_config_default();
    c.estimate_tuning = true;
    c.tuning = 0.0;
    c.db = ser_db_config_default();
    c.contrast_fmin = 200.0;
    c.contrast_quantile = 0.02;
    c.kernel = SER_KERNEL_AUTO;
    c.max_stored_frames = 4096;
    return c;
}

void ser_seed_destroy(ser_seed *seed)
{
    if (!seed)
        return;
    ser_stft_destroy(seed->stft);
    ser_mel_destroy(seed->mel);
    ser_mfcc_destroy(seed->mfcc);
    ser_chroma_destroy(seed->chroma);
    ser_contrast_destroy(seed->contrast);
    ser_tuning_destroy(seed->tuning);
    free(seed->frame);
    free(seed->power);
    free(seed->melp);
    free(seed->mel_db);
    free(seed->mfccs);
    free(seed->chromas);
    free(seed->contrasts);
    free(seed->peak);
    free(seed->valley);
    free(seed);
}

ser_seed *ser_seed_create(const ser_seed_config *cfg, ser_status *err)
{
    ser_status st = SER_ERR_ARG;
    ser_seed *s = NULL;
    if (!cfg || !(cfg->sample_rate > 0) || !isfinite(cfg->tuning) || !(cfg->db.amin > 0) || cfg->db.top_db < 0)
        goto fail;
    st = SER_ERR_NOMEM;
    s = calloc(1, sizeof *s);
    if (!s)
        goto fail;
    s->cfg = *cfg;
    double sr = cfg->sample_rate;
    size_t n_fft = cfg->stft.n_fft;
    ser_stft_config sc = cfg->stft;
    sc.kernel = cfg->kernel;
    if (!(s->stft = ser_stft_create(&sc, &st)))
        goto fail;
    s->n_bins = ser_stft_n_bins(s->stft);

    ser_mel_config mc = ser_mel_config_default();
    mc.sample_rate = sr;
    mc.n_fft = n_fft;
    mc.n_mels = SER_SEED_N_MELS;
    mc.kernel = cfg->kernel;
    if (!(s->mel = ser_mel_create(&mc, &st)))
        goto fail;

    ser_mfcc_config fc = ser_mfcc_config_default();
    fc.n_mels = SER_SEED_N_MELS;
    fc.n_mfcc = SER_SEED_N_MFCC;
    if (!(s->mfcc = ser_mfcc_create(&fc, &st)))
        goto fail;

    ser_chroma_config cc = ser_chroma_config_default();
    cc.sample_rate = sr;
    cc.n_fft = n_fft;
    cc.tuning = cfg->estimate_tuning ? 0.0 : cfg->tuning;
    cc.kernel = cfg->kernel;
    if (!(s->chroma = ser_chroma_create(&cc, &st)))
        goto fail;

    ser_contrast_config kc = ser_contrast_config_default();
    kc.sample_rate = sr;
    kc.n_fft = n_fft;
    kc.fmin = cfg->contrast_fmin;
    kc.quantile = cfg->contrast_quantile;
    if (!(s->contrast = ser_contrast_create(&kc, &st)))
        goto fail;

    ser_tuning_config tc = ser_tuning_config_default();
    tc.sample_rate = sr;
    tc.n_fft = n_fft;
    if (!(s->tuning = ser_tuning_create(&tc, &st)))
        goto fail;

    st = SER_ERR_NOMEM;
    if (!(s->frame = ser_alloc_array(n_fft, sizeof *s->frame)))
        goto fail;
    s->used_tuning = cc.tuning;
    if (err)
        *err = SER_OK;
    return s;
fail:
    ser_seed_destroy(s);
    if (err)
        *err = st;
    return NULL;
}

static bool grow(void **p, size_t n, size_t size)
{
    size_t bytes;
    if (!ser_size_mul(n, size, &bytes))
        return false;
    void *q = realloc(*p, bytes ? bytes : 1);
    if (!q)
        return false;
    *p = q;
    return true;
}

static ser_status reserve_frames(ser_seed *s, size_t T)
{
    /* the power spectrogram: every frame up to max_stored_frames, else one */
    size_t pf = T <= s->cfg.max_stored_frames ? T : 1;
    if (pf > s->power_cap) {
        size_t cap = pf + pf / 4;
        if (cap > s->cfg.max_stored_frames)
            cap = pf;
        if (!grow((void **)&s->power, cap, s->n_bins * sizeof(float)))
            return SER_ERR_NOMEM;
        s->power_cap = cap;
    }
    if (T <= s->cap)
        return SER_OK;
    size_t cap = T + T / 4;
    if (!grow((void **)&s->melp, cap, SER_SEED_N_MELS * sizeof(float))
        || !grow((void **)&s->mel_db, cap, SER_SEED_N_MELS * sizeof(float))
        || !grow((void **)&s->mfccs, cap, SER_SEED_N_MFCC * sizeof(float))
        || !grow((void **)&s->chromas, cap, SER_SEED_N_CHROMA * sizeof(float))
        || !grow((void **)&s->contrasts, cap, SER_SEED_N_CONTRAST * sizeof(float))
        || !grow((void **)&s->peak, cap, SER_SEED_N_CONTRAST * sizeof(double))
        || !grow((void **)&s->valley, cap, SER_SEED_N_CONTRAST * sizeof(double)))
        return SER_ERR_NOMEM;
    s->cap = cap;
    return SER_OK;
}

/* Power spectrum of frame t into p. */
static void frame_power(ser_seed *s, const float *x, size_t n, size_t t, float *p)
{
    const ser_stft_config *c = ser_stft_config_of(s->stft);
    const float *f = ser_frame_get(x, n, t, c->n_fft, c->hop_length, c->center, c->pad_mode, s->frame);
    ser_stft_frame_power(s->stft, f, p);
}

/* mean and var (ddof 0) of every row of a (T, rows) float matrix. */
static void mean_var(const float *m, size_t T, size_t rows, double *mean, double *var)
{
    static const ser_stat stats[2] = {{SER_STAT_MEAN, 0.0}, {SER_STAT_VAR, 0.0}};
    for (size_t r = 0; r < rows; r++) {
        double mv[2];
        ser_aggregate_row(m + r, T, rows, 1.0, stats, 2, NULL, mv);
        mean[r] = mv[0];
        var[r] = mv[1];
    }
}

ser_status ser_seed_compute(ser_seed *seed, const float *x, size_t n, double *out, ser_error *err)
{
    ser_seed *s = seed;
    if (!s || (!x && n) || !out)
        return ser_error_set(err, SER_ERR_ARG, "seed vector: invalid argument");
    if (n == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "seed vector: no samples");
    size_t bad = ser__first_nonfinite(x, n);
    if (bad < n)
        return ser_error_set(err, SER_ERR_NONFINITE, "seed vector: sample %zu is not finite", bad);
    size_t T = ser_stft_n_frames(s->stft, n);
    ser_status st = reserve_frames(s, T);
    if (st != SER_OK)
        return ser_error_set(err, st, "seed vector: no memory for %zu frames", T);
    s->n_frames = 0;
    const size_t nb = s->n_bins;
    const bool stored = T <= s->cfg.max_stored_frames, estimate = s->cfg.estimate_tuning;
    double tuning = s->cfg.tuning;
    if (!estimate && tuning != ser_chroma_tuning(s->chroma))
        ser_chroma_set_tuning(s->chroma, tuning);
    if (estimate)
        ser_tuning_reset(s->tuning);
    /* One STFT per frame feeds everything; chroma waits for the tuning
     * estimate (file-wide) when there is one. */
    for (size_t t = 0; t < T; t++) {
        float *p = s->power + (stored ? t * nb : 0);
        frame_power(s, x, n, t, p);
        if (estimate) {
            st = ser_tuning_add_frame(s->tuning, p);
            if (st != SER_OK)
                return ser_error_set(err, st, "seed vector: tuning estimation failed");
        } else {
            ser_chroma_process(s->chroma, p, s->chromas + t * SER_SEED_N_CHROMA);
        }
        ser_mel_process(s->mel, p, s->melp + t * SER_SEED_N_MELS);
        ser_contrast_frame_power(s->contrast, p, s->peak + t * SER_SEED_N_CONTRAST,
                                 s->valley + t * SER_SEED_N_CONTRAST);
    }
    if (estimate) {
        st = ser_tuning_estimate(s->tuning, &tuning, NULL);
        if (st != SER_OK)
            return ser_error_set(err, st, "seed vector: tuning estimation failed");
        if (tuning != ser_chroma_tuning(s->chroma))
            ser_chroma_set_tuning(s->chroma, tuning);
        if (stored) {
            ser_chroma_process_frames(s->chroma, s->power, T, s->chromas);
        } else {
            for (size_t t = 0; t < T; t++) { /* a long signal: the STFT again rather than the memory */
                frame_power(s, x, n, t, s->power);
                ser_chroma_process(s->chroma, s->power, s->chromas + t * SER_SEED_N_CHROMA);
            }
        }
    }
    s->used_tuning = tuning;
    s->power_stored = stored;
    ser_power_to_db(&s->cfg.db, s->melp, s->mel_db, T * SER_SEED_N_MELS);
    for (size_t t = 0; t < T; t++)
        ser_mfcc_process(s->mfcc, s->mel_db + t * SER_SEED_N_MELS, s->mfccs + t * SER_SEED_N_MFCC);
    ser_contrast_finish_inplace(s->contrast, &s->cfg.db, s->peak, s->valley, T, s->contrasts);

    mean_var(s->mfccs, T, SER_SEED_N_MFCC, out + SER_SEED_MFCC_MEAN, out + SER_SEED_MFCC_VAR);
    mean_var(s->chromas, T, SER_SEED_N_CHROMA, out + SER_SEED_CHROMA_MEAN, out + SER_SEED_CHROMA_VAR);
    mean_var(s->melp, T, SER_SEED_N_MELS, out + SER_SEED_MEL_MEAN, out + SER_SEED_MEL_VAR);
    mean_var(s->contrasts, T, SER_SEED_N_CONTRAST, out + SER_SEED_CONTRAST_MEAN, out + SER_SEED_CONTRAST_VAR);
    s->n_frames = T;
    return SER_OK;
}

const float *ser_seed_frames(const ser_seed *seed, ser_seed_part part, size_t *n_frames, size_t *n_rows)
{
    size_t rows = 0;
    const float *p = NULL;
    switch (part) {
    case SER_SEED_PART_POWER: p = seed->power_stored ? seed->power : NULL; rows = seed->n_bins; break;
    case SER_SEED_PART_MEL: p = seed->melp; rows = SER_SEED_N_MELS; break;
    case SER_SEED_PART_MEL_DB: p = seed->mel_db; rows = SER_SEED_N_MELS; break;
    case SER_SEED_PART_MFCC: p = seed->mfccs; rows = SER_SEED_N_MFCC; break;
    case SER_SEED_PART_CHROMA: p = seed->chromas; rows = SER_SEED_N_CHROMA; break;
    case SER_SEED_PART_CONTRAST: p = seed->contrasts; rows = SER_SEED_N_CONTRAST; break;
    }
    if (n_frames)
        *n_frames = seed->n_frames;
    if (n_rows)
        *n_rows = rows;
    return seed->n_frames ? p : NULL;
}

double ser_seed_tuning(const ser_seed *seed) { return seed->used_tuning; }
