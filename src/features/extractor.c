/* ser_extractor: one feature set at one sample rate (include/ser/features.h).
 *
 * One STFT per clip (through ser_seed, whose frames every spectral family
 * reads); rms and zcr frame the samples themselves on the same grid
 * (2048 / 512, centred).  Statistics run over frames in double precision
 * (ser/aggregate.h), slopes per second at sr / 512 frames per second.
 *
 * Streaming (ser_feature_set_set_streaming): MFCC and contrast use
 * power_to_db without the file-wide 80 dB floor (SER_DB_CLIP_NONE: only
 * the amin 1e-10 floor, -100 dB), and chroma uses a fixed tuning of 0
 * instead of the per-file estimate; these are exactly the frames
 * ser_frame_stream computes.  Prosody values are utterance statistics in
 * both modes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "feature_set_internal.h"
#include "ser/db.h"
#include "ser/delta.h"
#include "ser/mel.h"
#include "ser/mfcc.h"
#include "ser/prosody.h"
#include "ser/rms.h"
#include "ser/seed.h"
#include "ser/spectral.h"
#include "ser/util.h"
#include "ser/zcr.h"
#include "core/finite_scan.h"

#define HOP 512
#define FRAME 2048
#define DELTA_WIDTH 9

struct ser_extractor {
    ser_feature_set_config *cfg; /* own copy */
    int sr;
    ser_seed *seed;
    ser_mfcc *mfcc_own[SER__MAX_FAMILIES]; /* mfccN / deltaN with N != 13 */
    ser_mel *mel_own[SER__MAX_FAMILIES];   /* melN with N != 128 */
    ser_spectral *spectral;
    bool need_seed, need_rms, need_zcr;
    double seedvec[SER_SEED_DIM];
    /* per-clip buffers, grown on demand */
    float *fbuf, *fbuf2, *mag, *rms, *zcr, *frame_scratch;
    size_t fbuf_cap, fbuf2_cap, frames_cap;
    ser_spectral_frame *spec;
    double *dscratch, *spec_rows;
};

size_t ser_extractor_dim(const ser_extractor *ex) { return ex ? ex->cfg->dim : 0; }

const char *ser_extractor_name(const ser_extractor *ex, size_t i)
{
    return ex && i < ex->cfg->dim ? ex->cfg->names[i] : NULL;
}

int ser_extractor_sample_rate(const ser_extractor *ex) { return ex ? ex->sr : 0; }

void ser_extractor_destroy(ser_extractor *ex)
{
    if (!ex)
        return;
    for (size_t i = 0; i < SER__MAX_FAMILIES; i++) {
        ser_mfcc_destroy(ex->mfcc_own[i]);
        ser_mel_destroy(ex->mel_own[i]);
    }
    ser_seed_destroy(ex->seed);
    ser_spectral_destroy(ex->spectral);
    ser_feature_set_config_destroy(ex->cfg);
    free(ex->fbuf);
    free(ex->fbuf2);
    free(ex->mag);
    free(ex->rms);
    free(ex->zcr);
    free(ex->frame_scratch);
    free(ex->spec);
    free(ex->dscratch);
    free(ex->spec_rows);
    free(ex);
}

ser_extractor *ser_extractor_create(const ser_feature_set_config *cfg, int sample_rate, ser_status *status,
                                    ser_error *err)
{
    ser_status st = SER_ERR_ARG;
    ser_extractor *ex = NULL;
    if (!cfg || sample_rate <= 0) {
        ser_error_set(err, st, "feature extractor: invalid set or sample rate %d", sample_rate);
        goto fail;
    }
    st = SER_ERR_NOMEM;
    if (!(ex = calloc(1, sizeof *ex))) {
        ser_error_set(err, st, "feature extractor: out of memory");
        goto fail;
    }
    if (!(ex->cfg = ser_feature_set_parse(cfg->spec, &st, err)))
        goto fail;
    ex->cfg->streaming = cfg->streaming;
    ex->sr = sample_rate;
    ser_feature_set_config *c = ex->cfg;
    bool need_spectral = false;
    for (size_t i = 0; i < c->n_fam; i++) {
        ser__family *f = &c->fam[i];
        switch (f->kind) {
        case SER__FAM_RMS: ex->need_rms = true; break;
        case SER__FAM_PROSODY:
        case SER__FAM_PROSODY_YIN: ex->need_rms = true; break;
        case SER__FAM_ZCR: ex->need_zcr = true; break;
        case SER__FAM_CENTROID:
        case SER__FAM_BANDWIDTH:
        case SER__FAM_ROLLOFF:
        case SER__FAM_FLATNESS: need_spectral = ex->need_seed = true; break;
        case SER__FAM_MFCC:
        case SER__FAM_DELTA:
            ex->need_seed = true;
            if (f->n != SER_SEED_N_MFCC) {
                ser_mfcc_config mc = ser_mfcc_config_default();
                mc.n_mels = SER_SEED_N_MELS;
                mc.n_mfcc = f->n;
                if (!(ex->mfcc_own[i] = ser_mfcc_create(&mc, &st))) {
                    ser_error_set(err, st, "feature extractor: mfcc%zu: %s", f->n, ser_strerror(st));
                    goto fail;
                }
            }
            break;
        case SER__FAM_MEL:
        case SER__FAM_LOGMEL:
            ex->need_seed = true;
            if (f->n != SER_SEED_N_MELS) {
                ser_mel_config mc = ser_mel_config_default();
                mc.sample_rate = sample_rate;
                mc.n_mels = f->n;
                if (!(ex->mel_own[i] = ser_mel_create(&mc, &st))) {
                    ser_error_set(err, st, "feature extractor: mel%zu at %d Hz: %s", f->n, sample_rate,
                                  ser_strerror(st));
                    goto fail;
                }
            }
            break;
        default: ex->need_seed = true; break;
        }
    }
    if (ex->need_seed) {
        ser_seed_config sc = ser_seed_config_default();
        sc.sample_rate = sample_rate;
        if (c->streaming) {
            sc.estimate_tuning = false;
            sc.tuning = 0.0;
            sc.db.clip = SER_DB_CLIP_NONE;
        }
        if (!(ex->seed = ser_seed_create(&sc, &st))) {
            ser_error_set(err, st, "feature extractor: spectral features at %d Hz: %s", sample_rate,
                          ser_strerror(st));
            goto fail;
        }
    }
    if (need_spectral) {
        ser_spectral_config pc = ser_spectral_config_default();
        pc.sample_rate = sample_rate;
        if (!(ex->spectral = ser_spectral_create(&pc, &st))) {
            ser_error_set(err, st, "feature extractor: spectral shape at %d Hz: %s", sample_rate,
                          ser_strerror(st));
            goto fail;
        }
        if (!(ex->mag = malloc((FRAME / 2 + 1) * sizeof *ex->mag))) {
            st = ser_error_set(err, SER_ERR_NOMEM, "feature extractor: out of memory");
            goto fail;
        }
    }
    if (!(ex->frame_scratch = malloc(FRAME * sizeof *ex->frame_scratch))) {
        st = ser_error_set(err, SER_ERR_NOMEM, "feature extractor: out of memory");
        goto fail;
    }
    if (status)
        *status = SER_OK;
    return ex;
fail:
    ser_extractor_destroy(ex);
    if (status)
        *status = st;
    return NULL;
}

static bool grow(void **p, size_t *cap, size_t count, size_t size)
{
    if (count <= *cap && *p)
        return true;
    size_t bytes;
    if (!ser_size_mul(count ? count : 1, size, &bytes))
        return false;
    void *q = realloc(*p, bytes);
    if (!q)
        return false;
    *p = q;
    *cap = count;
    return true;
}

/* Per-frame buffers for T frames. */
static bool reserve_frames(ser_extractor *ex, size_t T)
{
    if (T <= ex->frames_cap && ex->rms)
        return true;
    size_t cap = T + T / 4 + 1, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0;
    if (!grow((void **)&ex->rms, &c1, cap, sizeof(float)) || !grow((void **)&ex->zcr, &c2, cap, sizeof(float))
        || !grow((void **)&ex->spec, &c3, cap, sizeof(ser_spectral_frame))
        || !grow((void **)&ex->dscratch, &c4, cap, sizeof(double))
        || !grow((void **)&ex->spec_rows, &c5, cap, sizeof(double)))
        return false;
    ex->frames_cap = cap;
    return true;
}

/* Statistics of each row of a (T, rows) float matrix into
 * out[s * rows + r]. */
static void aggregate(const ser_extractor *ex, const ser__family *f, const float *m, size_t T, size_t rows,
                      double *out)
{
    double frame_rate = (double)ex->sr / HOP, v[SER__MAX_STATS];
    for (size_t r = 0; r < rows; r++) {
        ser_aggregate_row(m + r, T, rows, frame_rate, f->stats, f->n_stats, ex->dscratch, v);
        for (size_t s = 0; s < f->n_stats; s++)
            out[s * rows + r] = v[s];
    }
}

/* MFCC frames with n coefficients: the seed's for 13, else own. */
static const float *mfcc_frames(ser_extractor *ex, size_t fam, size_t n, size_t T, float *buf)
{
    if (n == SER_SEED_N_MFCC)
        return ser_seed_frames(ex->seed, SER_SEED_PART_MFCC, NULL, NULL);
    const float *mel_db = ser_seed_frames(ex->seed, SER_SEED_PART_MEL_DB, NULL, NULL);
    for (size_t t = 0; t < T; t++)
        ser_mfcc_process(ex->mfcc_own[fam], mel_db + t * SER_SEED_N_MELS, buf + t * n);
    return buf;
}

ser_status ser_extractor_compute(ser_extractor *ex, const float *x, size_t n, double *out, ser_error *err)
{
    if (!ex || (!x && n) || !out)
        return ser_error_set(err, SER_ERR_ARG, "feature extractor: invalid argument");
    if (n == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "feature extractor: no samples");
    size_t bad = ser__first_nonfinite(x, n);
    if (bad < n)
        return ser_error_set(err, SER_ERR_NONFINITE, "feature extractor: sample %zu is not finite", bad);
    const ser_feature_set_config *c = ex->cfg;
    size_t T = ser_frame_count(n, FRAME, HOP, true);
    if (!reserve_frames(ex, T))
        return ser_error_set(err, SER_ERR_NOMEM, "feature extractor: no memory for %zu frames", T);
    ser_status st;
    if (ex->need_seed && (st = ser_seed_compute(ex->seed, x, n, ex->seedvec, err)) != SER_OK)
        return st;
    if (ex->need_rms) {
        ser_rms_config rc = ser_rms_config_default();
        if ((st = ser_rms(&rc, x, n, ex->frame_scratch, ex->rms, T)) != SER_OK)
            return ser_error_set(err, st, "feature extractor: rms failed");
    }
    if (ex->need_zcr) {
        ser_zcr_config zc = ser_zcr_config_default();
        if ((st = ser_zcr(&zc, x, n, ex->frame_scratch, ex->zcr, T)) != SER_OK)
            return ser_error_set(err, st, "feature extractor: zcr failed");
    }
    if (ex->spectral) {
        size_t nb;
        const float *power = ser_seed_frames(ex->seed, SER_SEED_PART_POWER, NULL, &nb);
        for (size_t t = 0; t < T; t++) {
            ser_power_to_magnitude(power + t * nb, ex->mag, nb);
            ser_spectral_process(ex->spectral, ex->mag, &ex->spec[t]);
        }
    }
    size_t off = 0;
    for (size_t i = 0; i < c->n_fam; i++) {
        const ser__family *f = &c->fam[i];
        double *o = out + off;
        off += ser__family_dim(f);
        switch (f->kind) {
        case SER__FAM_SEED: memcpy(o, ex->seedvec, sizeof ex->seedvec); break;
        case SER__FAM_PROSODY:
        case SER__FAM_PROSODY_YIN: {
            ser_prosody_config pc = ser_prosody_config_default();
            if (f->kind == SER__FAM_PROSODY_YIN)
                pc.method = SER_PITCH_YIN;
            ser_prosody p;
            if ((st = ser_prosody_compute(x, n, ex->sr, ex->rms, T, &pc, &p, err)) != SER_OK)
                return st;
            ser_prosody_to_array(&p, o);
            break;
        }
        case SER__FAM_MFCC:
        case SER__FAM_DELTA: {
            size_t bytes_n;
            if (!ser_size_mul(T, f->n, &bytes_n) || !grow((void **)&ex->fbuf, &ex->fbuf_cap, bytes_n, sizeof(float))
                || !grow((void **)&ex->fbuf2, &ex->fbuf2_cap, bytes_n, sizeof(float)))
                return ser_error_set(err, SER_ERR_NOMEM, "feature extractor: no memory for %zu frames", T);
            const float *m = mfcc_frames(ex, i, f->n, T, ex->fbuf);
            if (f->kind == SER__FAM_DELTA) {
                ser_delta_frames(m, T, f->n, DELTA_WIDTH, ex->fbuf2);
                m = ex->fbuf2;
            }
            aggregate(ex, f, m, T, f->n, o);
            break;
        }
        case SER__FAM_MEL: {
            const float *m = ser_seed_frames(ex->seed, SER_SEED_PART_MEL, NULL, NULL);
            if (f->n != SER_SEED_N_MELS) {
                size_t cnt, nb;
                const float *power = ser_seed_frames(ex->seed, SER_SEED_PART_POWER, NULL, &nb);
                if (!ser_size_mul(T, f->n, &cnt) || !grow((void **)&ex->fbuf, &ex->fbuf_cap, cnt, sizeof(float)))
                    return ser_error_set(err, SER_ERR_NOMEM, "feature extractor: no memory for %zu frames", T);
                for (size_t t = 0; t < T; t++)
                    ser_mel_process(ex->mel_own[i], power + t * nb, ex->fbuf + t * f->n);
                m = ex->fbuf;
            }
            aggregate(ex, f, m, T, f->n, o);
            break;
        }
        case SER__FAM_LOGMEL: {
            /* 128 bands: the seed's own dB frames; else this family's mel
             * power through the same power_to_db (file-wide floor offline,
             * none streaming), over all its bands and frames as librosa. */
            const float *m = ser_seed_frames(ex->seed, SER_SEED_PART_MEL_DB, NULL, NULL);
            if (f->n != SER_SEED_N_MELS) {
                size_t cnt, nb;
                const float *power = ser_seed_frames(ex->seed, SER_SEED_PART_POWER, NULL, &nb);
                if (!ser_size_mul(T, f->n, &cnt) || !grow((void **)&ex->fbuf, &ex->fbuf_cap, cnt, sizeof(float)))
                    return ser_error_set(err, SER_ERR_NOMEM, "feature extractor: no memory for %zu frames", T);
                for (size_t t = 0; t < T; t++)
                    ser_mel_process(ex->mel_own[i], power + t * nb, ex->fbuf + t * f->n);
                ser_db_config db = ser_db_config_default();
                if (c->streaming)
                    db.clip = SER_DB_CLIP_NONE;
                ser_power_to_db(&db, ex->fbuf, ex->fbuf, cnt);
                m = ex->fbuf;
            }
            aggregate(ex, f, m, T, f->n, o);
            break;
        }
        case SER__FAM_CHROMA:
            aggregate(ex, f, ser_seed_frames(ex->seed, SER_SEED_PART_CHROMA, NULL, NULL), T, SER_SEED_N_CHROMA, o);
            break;
        case SER__FAM_CONTRAST:
            aggregate(ex, f, ser_seed_frames(ex->seed, SER_SEED_PART_CONTRAST, NULL, NULL), T,
                      SER_SEED_N_CONTRAST, o);
            break;
        case SER__FAM_RMS: aggregate(ex, f, ex->rms, T, 1, o); break;
        case SER__FAM_ZCR: aggregate(ex, f, ex->zcr, T, 1, o); break;
        case SER__FAM_CENTROID:
        case SER__FAM_BANDWIDTH:
        case SER__FAM_ROLLOFF:
        case SER__FAM_FLATNESS: {
            for (size_t t = 0; t < T; t++) {
                const ser_spectral_frame *s = &ex->spec[t];
                ex->spec_rows[t] = f->kind == SER__FAM_CENTROID    ? s->centroid
                                   : f->kind == SER__FAM_BANDWIDTH ? s->bandwidth
                                   : f->kind == SER__FAM_ROLLOFF   ? s->rolloff
                                                                   : s->flatness;
            }
            double frame_rate = (double)ex->sr / HOP;
            ser_aggregate_row_f64(ex->spec_rows, T, 1, frame_rate, f->stats, f->n_stats, ex->dscratch, o);
            break;
        }
        case SER__FAM_COUNT: break;
        }
    }
    return SER_OK;
}
