/* Frame-level features chunk by chunk (see include/ser/frame_stream.h).
 *
 * A ring of n_fft samples holds the padded stream: padded position p
 * (p = sample index + pad, pad = n_fft/2 zeros first when centred) lives in
 * ring[p % n_fft].  Samples are copied in only up to the end of the next
 * frame, so when frame t is emitted the ring holds exactly its n_fft
 * samples [t*hop, t*hop + n_fft); the frame is copied out in two pieces
 * and fed to the same per-frame functions the whole-buffer seed uses, hence
 * the same bits. */
#include "ser/frame_stream.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/chroma.h"
#include "ser/contrast.h"
#include "ser/mel.h"
#include "ser/mfcc.h"
#include "ser/rms.h"
#include "ser/util.h"
#include "ser/zcr.h"

#define NAME_LEN 32

struct ser_frame_plan {
    ser_frame_stream *fs; /* a stream that owns the tables; never pushed to */
};

struct ser_frame_stream {
    ser_frame_stream_config cfg;
    ser_stft *stft;
    ser_mel *mel;
    ser_mfcc *mfcc;
    ser_chroma *chroma;
    ser_contrast *contrast;
    ser_spectral *spectral;
    bool borrowed;   /* mel .. spectral belong to a ser_frame_plan (stft is a shared clone) */
    ser_zcr_config zcr;
    size_t n_fft, hop, pad, n_bins, n_contrast;
    size_t offset[SER_FRAME_N_FEATURES], width[SER_FRAME_N_FEATURES];
    size_t row_dim;
    /* stream state */
    size_t n_in;     /* samples pushed since reset */
    size_t pushed;   /* padded positions written to the ring (pad + n_in, + end zeros in flush) */
    size_t next;     /* next frame index */
    bool finished;   /* flushed */
    float first, last; /* first and last samples (edge padding) */
    /* buffers */
    float *ring, *frame, *edge, *power, *mag, *melp, *mel_db, *row;
    double *peak, *valley; /* n_contrast each */
    char *name_block;
    const char **names;
};

ser_frame_stream_config ser_frame_stream_config_default(void)
{
    ser_frame_stream_config c;
    c.sample_rate = 16000.0;
    c.stft = ser_stft_config_default();
    c.features = SER_FRAME_SEED | SER_FRAME_RMS | SER_FRAME_ZCR;
    c.n_mels = 128;
    c.n_mfcc = 13;
    c.db = ser_db_config_default();
    c.db.clip = SER_DB_CLIP_NONE;
    c.tuning = 0.0;
    c.contrast_fmin = 200.0;
    c.contrast_n_bands = 6;
    c.contrast_quantile = 0.02;
    c.rms_pad = SER_PAD_CONSTANT;
    c.zcr_pad = SER_PAD_EDGE;
    c.zcr_threshold = 1e-10;
    c.spectral = ser_spectral_config_default();
    c.kernel = SER_KERNEL_AUTO;
    return c;
}

void ser_frame_stream_destroy(ser_frame_stream *fs)
{
    if (!fs)
        return;
    ser_stft_destroy(fs->stft);
    if (!fs->borrowed) {
        ser_mel_destroy(fs->mel);
        ser_mfcc_destroy(fs->mfcc);
        ser_chroma_destroy(fs->chroma);
        ser_contrast_destroy(fs->contrast);
        ser_spectral_destroy(fs->spectral);
    }
    free(fs->ring);
    free(fs->frame);
    free(fs->edge);
    free(fs->power);
    free(fs->mag);
    free(fs->melp);
    free(fs->mel_db);
    free(fs->row);
    free(fs->peak);
    free(fs->valley);
    free(fs->name_block);
    free(fs->names);
    free(fs);
}

static bool has(const ser_frame_stream *fs, ser_frame_feature f) { return (fs->cfg.features & f) != 0; }

static size_t feature_index(ser_frame_feature f)
{
    size_t i = 0;
    while (i < SER_FRAME_N_FEATURES && (1u << i) != (unsigned)f)
        i++;
    return i;
}

static const char *const block_prefix[SER_FRAME_N_FEATURES] = {
    "mfcc", "chroma", "mel", "contrast", "mel_db", "rms", "zcr", "centroid", "bandwidth", "rolloff", "flatness"};

/* Row layout and names. */
static ser_status build_layout(ser_frame_stream *fs)
{
    size_t widths[SER_FRAME_N_FEATURES] = {fs->cfg.n_mfcc, 12, fs->cfg.n_mels, fs->n_contrast, fs->cfg.n_mels,
                                           1, 1, 1, 1, 1, 1};
    size_t off = 0;
    for (size_t i = 0; i < SER_FRAME_N_FEATURES; i++) {
        bool on = (fs->cfg.features & (1u << i)) != 0;
        fs->offset[i] = on ? off : (size_t)-1;
        fs->width[i] = on ? widths[i] : 0;
        off += fs->width[i];
    }
    fs->row_dim = off;
    size_t bytes;
    if (!ser_size_mul(off, NAME_LEN, &bytes) || !(fs->name_block = malloc(bytes))
        || !(fs->names = ser_alloc_array(off, sizeof *fs->names)))
        return SER_ERR_NOMEM;
    for (size_t i = 0; i < SER_FRAME_N_FEATURES; i++)
        for (size_t j = 0; j < fs->width[i]; j++) {
            char *s = fs->name_block + (fs->offset[i] + j) * NAME_LEN;
            if (widths[i] == 1 && i >= 5)
                snprintf(s, NAME_LEN, "%s", block_prefix[i]);
            else
                snprintf(s, NAME_LEN, "%s%zu", block_prefix[i], j + 1);
            fs->names[fs->offset[i] + j] = s;
        }
    return SER_OK;
}

/* The stream's own buffers, the row layout and names; then reset. */
static ser_status build_buffers(ser_frame_stream *fs)
{
    size_t nm = fs->cfg.n_mels, nb = fs->n_bins;
    if (!(fs->ring = ser_calloc_array(fs->n_fft, sizeof(float))) || !(fs->frame = ser_alloc_array(fs->n_fft, sizeof(float)))
        || !(fs->edge = ser_alloc_array(fs->n_fft, sizeof(float))) || !(fs->power = ser_alloc_array(nb, sizeof(float)))
        || !(fs->mag = ser_alloc_array(nb, sizeof(float))) || !(fs->melp = ser_alloc_array(nm, sizeof(float)))
        || !(fs->mel_db = ser_alloc_array(nm, sizeof(float)))
        || !(fs->peak = ser_alloc_array(fs->n_contrast, sizeof(double)))
        || !(fs->valley = ser_alloc_array(fs->n_contrast, sizeof(double))))
        return SER_ERR_NOMEM;
    ser_status st = build_layout(fs);
    if (st)
        return st;
    if (!(fs->row = ser_alloc_array(fs->row_dim, sizeof(float))))
        return SER_ERR_NOMEM;
    ser_frame_stream_reset(fs);
    return SER_OK;
}

static bool config_valid(const ser_frame_stream_config *c)
{
    return c && c->sample_rate > 0 && isfinite(c->sample_rate) && c->features != 0
           && (c->features & ~SER_FRAME_ALL) == 0 && c->n_mels > 0 && c->n_mfcc > 0 && c->n_mfcc <= c->n_mels
           && c->db.amin > 0 && c->db.top_db >= 0 && c->db.clip != SER_DB_CLIP_MAX && isfinite(c->tuning)
           && c->tuning >= -0.5 && c->tuning < 0.5 && (c->zcr_pad == SER_PAD_CONSTANT || c->zcr_pad == SER_PAD_EDGE)
           && (c->rms_pad == SER_PAD_CONSTANT || c->rms_pad == SER_PAD_EDGE) && c->stft.n_fft >= 2
           && c->stft.hop_length > 0;
}

ser_frame_stream *ser_frame_stream_create(const ser_frame_stream_config *cfg, ser_status *err)
{
    ser_status st = SER_ERR_ARG;
    ser_frame_stream *fs = NULL;
    if (!config_valid(cfg))
        goto fail;
    if (cfg->stft.center && cfg->stft.pad_mode != SER_PAD_CONSTANT) {
        st = SER_ERR_UNSUPPORTED; /* reflect / edge STFT padding: not what librosa 0.10 does; not needed */
        goto fail;
    }
    st = SER_ERR_NOMEM;
    if (!(fs = calloc(1, sizeof *fs)))
        goto fail;
    fs->cfg = *cfg;
    const double sr = cfg->sample_rate;
    ser_stft_config sc = cfg->stft;
    sc.kernel = cfg->kernel;
    if (!(fs->stft = ser_stft_create(&sc, &st)))
        goto fail;
    fs->n_fft = sc.n_fft;
    fs->hop = sc.hop_length;
    fs->pad = sc.center ? sc.n_fft / 2 : 0;
    fs->n_bins = ser_stft_n_bins(fs->stft);
    bool need_mel = has(fs, SER_FRAME_MEL) || has(fs, SER_FRAME_MEL_DB) || has(fs, SER_FRAME_MFCC);
    if (need_mel) {
        ser_mel_config mc = ser_mel_config_default();
        mc.sample_rate = sr;
        mc.n_fft = fs->n_fft;
        mc.n_mels = cfg->n_mels;
        mc.kernel = cfg->kernel;
        if (!(fs->mel = ser_mel_create(&mc, &st)))
            goto fail;
    }
    if (has(fs, SER_FRAME_MFCC)) {
        ser_mfcc_config fc = ser_mfcc_config_default();
        fc.n_mels = cfg->n_mels;
        fc.n_mfcc = cfg->n_mfcc;
        if (!(fs->mfcc = ser_mfcc_create(&fc, &st)))
            goto fail;
    }
    if (has(fs, SER_FRAME_CHROMA)) {
        ser_chroma_config cc = ser_chroma_config_default();
        cc.sample_rate = sr;
        cc.n_fft = fs->n_fft;
        cc.tuning = cfg->tuning;
        cc.kernel = cfg->kernel;
        if (!(fs->chroma = ser_chroma_create(&cc, &st)))
            goto fail;
    }
    fs->n_contrast = cfg->contrast_n_bands + 1;
    if (has(fs, SER_FRAME_CONTRAST)) {
        ser_contrast_config kc = ser_contrast_config_default();
        kc.sample_rate = sr;
        kc.n_fft = fs->n_fft;
        kc.fmin = cfg->contrast_fmin;
        kc.n_bands = cfg->contrast_n_bands;
        kc.quantile = cfg->contrast_quantile;
        if (!(fs->contrast = ser_contrast_create(&kc, &st)))
            goto fail;
        fs->n_contrast = ser_contrast_n_rows(fs->contrast);
    }
    if (cfg->features & (SER_FRAME_CENTROID | SER_FRAME_BANDWIDTH | SER_FRAME_ROLLOFF | SER_FRAME_FLATNESS)) {
        ser_spectral_config pc = cfg->spectral;
        pc.sample_rate = sr;
        pc.n_fft = fs->n_fft;
        if (!(fs->spectral = ser_spectral_create(&pc, &st)))
            goto fail;
    }
    fs->zcr = ser_zcr_config_default();
    fs->zcr.frame_length = fs->n_fft;
    fs->zcr.hop_length = fs->hop;
    fs->zcr.center = sc.center;
    fs->zcr.pad_mode = cfg->zcr_pad;
    fs->zcr.threshold = cfg->zcr_threshold;
    if ((st = build_buffers(fs)) != SER_OK)
        goto fail;
    if (err)
        *err = SER_OK;
    return fs;
fail:
    ser_frame_stream_destroy(fs);
    if (err)
        *err = st;
    return NULL;
}

ser_frame_plan *ser_frame_plan_create(const ser_frame_stream_config *cfg, ser_status *err)
{
    ser_frame_plan *p = calloc(1, sizeof *p);
    ser_status st = p ? SER_OK : SER_ERR_NOMEM;
    if (p && !(p->fs = ser_frame_stream_create(cfg, &st))) {
        free(p);
        p = NULL;
    }
    if (err)
        *err = st;
    return p;
}

void ser_frame_plan_destroy(ser_frame_plan *plan)
{
    if (!plan)
        return;
    ser_frame_stream_destroy(plan->fs);
    free(plan);
}

const ser_frame_stream_config *ser_frame_plan_config(const ser_frame_plan *plan) { return &plan->fs->cfg; }

ser_frame_stream *ser_frame_stream_create_planned(const ser_frame_plan *plan, ser_status *err)
{
    ser_status st = SER_ERR_ARG;
    ser_frame_stream *fs = NULL;
    if (!plan)
        goto fail;
    st = SER_ERR_NOMEM;
    if (!(fs = calloc(1, sizeof *fs)))
        goto fail;
    const ser_frame_stream *t = plan->fs;
    fs->cfg = t->cfg;
    fs->borrowed = true;
    fs->mel = t->mel;
    fs->mfcc = t->mfcc;
    fs->chroma = t->chroma;
    fs->contrast = t->contrast;
    fs->spectral = t->spectral;
    fs->zcr = t->zcr;
    fs->n_fft = t->n_fft;
    fs->hop = t->hop;
    fs->pad = t->pad;
    fs->n_bins = t->n_bins;
    fs->n_contrast = t->n_contrast;
    if (!(fs->stft = ser_stft_create_shared(t->stft, &st)) || (st = build_buffers(fs)) != SER_OK)
        goto fail;
    if (err)
        *err = SER_OK;
    return fs;
fail:
    ser_frame_stream_destroy(fs);
    if (err)
        *err = st;
    return NULL;
}

const ser_frame_stream_config *ser_frame_stream_config_of(const ser_frame_stream *fs) { return &fs->cfg; }
size_t ser_frame_stream_row_dim(const ser_frame_stream *fs) { return fs->row_dim; }
const char *const *ser_frame_stream_row_names(const ser_frame_stream *fs) { return fs->names; }
size_t ser_frame_stream_samples(const ser_frame_stream *fs) { return fs->n_in; }
size_t ser_frame_stream_frames(const ser_frame_stream *fs) { return fs->next; }
double ser_frame_stream_frame_rate(const ser_frame_stream *fs) { return fs->cfg.sample_rate / (double)fs->hop; }

size_t ser_frame_stream_block(const ser_frame_stream *fs, ser_frame_feature feature, size_t *count)
{
    size_t i = feature_index(feature);
    size_t off = i < SER_FRAME_N_FEATURES ? fs->offset[i] : (size_t)-1;
    if (count)
        *count = i < SER_FRAME_N_FEATURES ? fs->width[i] : 0;
    return off;
}

size_t ser_frame_stream_n_frames(const ser_frame_stream *fs, size_t n_samples)
{
    return ser_frame_count(n_samples, fs->n_fft, fs->hop, fs->cfg.stft.center);
}

void ser_frame_stream_reset(ser_frame_stream *fs)
{
    memset(fs->ring, 0, fs->n_fft * sizeof *fs->ring); /* the centre padding */
    fs->pushed = fs->pad;
    fs->n_in = 0;
    fs->next = 0;
    fs->finished = false;
    fs->first = fs->last = 0.0f;
}

/* Write n samples (NULL: zeros) at the ring's write position. */
static void ring_write(ser_frame_stream *fs, const float *x, size_t n)
{
    const size_t N = fs->n_fft;
    if (n > N) { /* only the last N matter (hop > n_fft skips samples) */
        fs->pushed += n - N;
        x = x ? x + (n - N) : NULL;
        n = N;
    }
    while (n > 0) {
        size_t at = fs->pushed % N, k = N - at < n ? N - at : n;
        if (x) {
            memcpy(fs->ring + at, x, k * sizeof *x);
            x += k;
        } else {
            memset(fs->ring + at, 0, k * sizeof *fs->ring);
        }
        fs->pushed += k;
        n -= k;
    }
}

/* A copy of the frame with edge padding: positions before the first sample
 * hold it, positions past the last sample (flush) hold the last. */
static const float *edge_frame(ser_frame_stream *fs, size_t t)
{
    const size_t N = fs->n_fft, start = t * fs->hop; /* padded position of frame[0] */
    size_t lo = start < fs->pad ? fs->pad - start : 0;
    size_t end_pos = fs->pad + fs->n_in; /* first padded position past the signal */
    size_t hi = end_pos > start ? end_pos - start : 0;
    if (lo == 0 && hi >= N)
        return fs->frame;
    if (lo > N)
        lo = N;
    if (hi > N)
        hi = N;
    memcpy(fs->edge, fs->frame, N * sizeof *fs->frame);
    for (size_t i = 0; i < lo; i++)
        fs->edge[i] = fs->first;
    for (size_t i = hi; i < N; i++)
        fs->edge[i] = fs->last;
    return fs->edge;
}

/* Compute and emit frame fs->next, whose samples are all in the ring. */
static void emit(ser_frame_stream *fs, ser_frame_fn fn, void *user)
{
    const size_t N = fs->n_fft, t = fs->next, at = (t * fs->hop) % N;
    memcpy(fs->frame, fs->ring + at, (N - at) * sizeof *fs->frame);
    memcpy(fs->frame + (N - at), fs->ring, at * sizeof *fs->frame);
    ser_stft_frame_power(fs->stft, fs->frame, fs->power);
    float *row = fs->row;
    const size_t *off = fs->offset;
    if (fs->mel) {
        ser_mel_process(fs->mel, fs->power, fs->melp);
        if (has(fs, SER_FRAME_MEL))
            memcpy(row + off[2], fs->melp, fs->cfg.n_mels * sizeof *row);
        if (has(fs, SER_FRAME_MEL_DB) || fs->mfcc) {
            ser_power_to_db(&fs->cfg.db, fs->melp, fs->mel_db, fs->cfg.n_mels);
            if (has(fs, SER_FRAME_MEL_DB))
                memcpy(row + off[4], fs->mel_db, fs->cfg.n_mels * sizeof *row);
            if (fs->mfcc)
                ser_mfcc_process(fs->mfcc, fs->mel_db, row + off[0]);
        }
    }
    if (fs->chroma)
        ser_chroma_process(fs->chroma, fs->power, row + off[1]);
    if (fs->contrast) {
        ser_contrast_frame_power(fs->contrast, fs->power, fs->peak, fs->valley);
        ser_contrast_finish(fs->contrast, &fs->cfg.db, fs->peak, fs->valley, 1, row + off[3]);
    }
    if (has(fs, SER_FRAME_RMS)) {
        const float *f = fs->cfg.rms_pad == SER_PAD_EDGE ? edge_frame(fs, t) : fs->frame;
        row[off[5]] = ser_rms_frame(f, N);
    }
    if (has(fs, SER_FRAME_ZCR)) {
        const float *f = fs->cfg.zcr_pad == SER_PAD_EDGE ? edge_frame(fs, t) : fs->frame;
        row[off[6]] = ser_zcr_frame(&fs->zcr, f);
    }
    if (fs->spectral && !(fs->cfg.features & (SER_FRAME_CENTROID | SER_FRAME_BANDWIDTH | SER_FRAME_ROLLOFF))) {
        row[off[10]] = (float)ser_spectral_flatness_power(fs->spectral, fs->power); /* the live gate's case */
    } else if (fs->spectral) {
        ser_spectral_frame sf;
        ser_power_to_magnitude(fs->power, fs->mag, fs->n_bins);
        ser_spectral_process(fs->spectral, fs->mag, &sf);
        if (has(fs, SER_FRAME_CENTROID))
            row[off[7]] = (float)sf.centroid;
        if (has(fs, SER_FRAME_BANDWIDTH))
            row[off[8]] = (float)sf.bandwidth;
        if (has(fs, SER_FRAME_ROLLOFF))
            row[off[9]] = (float)sf.rolloff;
        if (has(fs, SER_FRAME_FLATNESS))
            row[off[10]] = (float)sf.flatness;
    }
    fs->next++;
    if (fn)
        fn(user, t, row, fs->row_dim);
}

ser_status ser_frame_stream_push(ser_frame_stream *fs, const float *x, size_t n, ser_frame_fn fn, void *user)
{
    if (!fs || (!x && n))
        return SER_ERR_ARG;
    if (fs->finished)
        return SER_ERR_STATE;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return SER_ERR_NONFINITE;
    if (n == 0)
        return SER_OK;
    if (fs->n_in == 0)
        fs->first = x[0];
    fs->last = x[n - 1];
    const size_t N = fs->n_fft, H = fs->hop;
    while (n > 0) {
        size_t end = fs->next * H + N; /* padded position just past frame `next` */
        size_t take = end - fs->pushed < n ? end - fs->pushed : n;
        ring_write(fs, x, take);
        fs->n_in += take;
        x += take;
        n -= take;
        if (fs->pushed == end)
            emit(fs, fn, user);
    }
    return SER_OK;
}

ser_status ser_frame_stream_flush(ser_frame_stream *fs, ser_frame_fn fn, void *user)
{
    if (!fs)
        return SER_ERR_ARG;
    if (fs->finished || fs->n_in == 0) {
        fs->finished = true;
        return SER_OK;
    }
    fs->finished = true;
    size_t T = ser_frame_stream_n_frames(fs, fs->n_in);
    while (fs->next < T) {
        size_t end = fs->next * fs->hop + fs->n_fft;
        ring_write(fs, NULL, end - fs->pushed);
        emit(fs, fn, user);
    }
    return SER_OK;
}

typedef struct matrix_sink {
    float *out;
    size_t dim, rows;
} matrix_sink;

static void to_matrix(void *user, size_t t, const float *row, size_t dim)
{
    matrix_sink *m = user;
    if (t < m->rows)
        memcpy(m->out + t * dim, row, dim * sizeof *row);
}

ser_status ser_frame_stream_compute(ser_frame_stream *fs, const float *x, size_t n, float *out, size_t n_frames)
{
    if (!fs || (!x && n) || !out)
        return SER_ERR_ARG;
    if (n == 0)
        return SER_ERR_EMPTY;
    if (n_frames != ser_frame_stream_n_frames(fs, n))
        return SER_ERR_ARG;
    matrix_sink m = {out, fs->row_dim, n_frames};
    ser_frame_stream_reset(fs);
    ser_status st = ser_frame_stream_push(fs, x, n, to_matrix, &m);
    if (st == SER_OK)
        st = ser_frame_stream_flush(fs, to_matrix, &m);
    return st;
}
