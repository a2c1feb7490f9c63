/* The live analyser: configuration, creation, destruction (include/ser/stream.h). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "ser/features.h"
#include "ser/labels.h"
#include "ser/util.h"
#include "stream/stream_internal.h"

ser_stream_config ser_stream_config_default(void)
{
    ser_stream_config c;
    memset(&c, 0, sizeof c);
    c.encoding = SER_RAW_S16LE;
    c.input_rate = 16000.0;
    c.channels = 1;
    c.channel = -1;
    c.window_s = 2.0;
    c.hop_s = 0.5;
    c.smoothing = 0.5;
    c.gate = ser_stream_gate_config_default();
    c.trend = ser_trend_config_default();
    c.track = "caller";
    c.call_id = "";
    c.max_chunk = 1024;
    c.speaker_norm_prior = 8.0;
    return c;
}

void ser_stream_destroy(ser_stream *s)
{
    if (!s)
        return;
    free(s->track);
    free(s->call_id);
    free(s->sn_buf);
    ser_model_ctx_destroy(s->ctx);
    free(s->class_labels);
    free(s->label_names);
    ser_frame_stream_destroy(s->fs);
    ser_frame_window_destroy(s->w);
    ser_resampler_destroy(s->rs);
    free(s->carry);
    free(s->in_buf);
    free(s->mono);
    free(s->rs_out);
    free(s->vec);
    free(s->fvec);
    free(s->mel_img);
    free(s->probs);
    free(s->smooth);
    free(s);
}

/* A CNN on a log-mel image: its mel bands and frames (false otherwise). */
static bool cnn_image_size(const ser_model *m, size_t *mels, size_t *frames)
{
    unsigned long nm = 0, nf = 0;
    char tail;
    if (ser_model_kind_of(m) != SER_MODEL_CNN || !ser_model_feature_set(m)
        || sscanf(ser_model_feature_set(m), "logmel%lux%lu%c", &nm, &nf, &tail) != 2 || !nm || !nf
        || ser_model_n_features(m) != nm * nf)
        return false;
    *mels = nm;
    *frames = nf;
    return true;
}

/* A CNN on a log-mel image of CNN_MELS bands: its frames (0 otherwise). */
static size_t cnn_frames(const ser_model *m)
{
    size_t mels, frames;
    return cnn_image_size(m, &mels, &frames) && mels == CNN_MELS ? frames : 0;
}

/* A CNN trained on per-speaker standardised images (cv_metrics.speaker_norm)? */
static bool cnn_speaker_norm(const ser_model *m)
{
    cJSON *root = cJSON_Parse(ser_model_header_json(m));
    const cJSON *cv = cJSON_GetObjectItemCaseSensitive(root, "cv_metrics");
    const bool on = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cv, "speaker_norm"));
    cJSON_Delete(root);
    return on;
}

/* The seed set (320 dims, names in the seed order) and CNNs on a 128-band
 * log-mel image are computed from the frame window; anything else is
 * refused with the reason. */
static ser_status check_model(const ser_model *m, ser_error *err)
{
    ser_status st;
    size_t mels, frames;
    if (cnn_image_size(m, &mels, &frames) && mels != CNN_MELS)
        return ser_error_set(err, SER_ERR_UNSUPPORTED,
                             "stream: the CNN model's input is a %zu-band log-mel image (set '%s'); the live "
                             "analyser computes %d-band images only: train it with --mels %d",
                             mels, ser_model_feature_set(m), CNN_MELS, CNN_MELS);
    if (cnn_frames(m) && cnn_speaker_norm(m))
        return ser_error_set(err, SER_ERR_UNSUPPORTED,
                             "stream: the CNN model was trained with --speaker-norm (images standardised by each "
                             "speaker's statistics); the live analyser does not estimate them for CNNs: train it "
                             "without --speaker-norm");
    if (cnn_frames(m))
        return ser_model_sample_rate(m) > 0.0
                   ? SER_OK
                   : ser_error_set(err, SER_ERR_UNSUPPORTED, "stream: the model has no fixed sample rate");
    ser_feature_set_config *seed = ser_feature_set_parse("seed", &st, err);
    if (!seed)
        return st;
    size_t d = ser_feature_set_dim(seed);
    const char **names = ser_calloc_array(d, sizeof *names);
    if (!names) {
        ser_feature_set_config_destroy(seed);
        return ser_error_set(err, SER_ERR_NOMEM, "stream: out of memory");
    }
    for (size_t i = 0; i < d; i++)
        names[i] = ser_feature_set_name(seed, i);
    ser_error lerr = {0};
    st = ser_model_check_layout(m, names, d, &lerr);
    free(names);
    ser_feature_set_config_destroy(seed);
    if (st)
        return ser_error_set(err, SER_ERR_UNSUPPORTED,
                             "stream: model feature set '%s' is not supported: the live analyser computes the "
                             "set 'seed' (320 dims, `ser features --set seed --streaming`) or a CNN's "
                             "logmel128xF image (%s)",
                             ser_model_feature_set(m), lerr.message);
    if (!(ser_model_sample_rate(m) > 0.0))
        return ser_error_set(err, SER_ERR_UNSUPPORTED, "stream: the model has no fixed sample rate");
    return SER_OK;
}

/* The frame features the stream computes, at the model's rate. */
static ser_frame_stream_config frame_config(const ser_model *m)
{
    ser_frame_stream_config fc = ser_frame_stream_config_default();
    fc.sample_rate = ser_model_sample_rate(m);
    fc.features = (cnn_frames(m) ? SER_FRAME_MEL_DB : SER_FRAME_SEED) | SER_FRAME_RMS | SER_FRAME_ZCR
                  | SER_FRAME_FLATNESS;
    return fc;
}

/* A CNN's context is its own copy of the network and its activations
 * (megabytes): a plan lends a few to its streams, one analysis at a time,
 * instead of one per stream.  More than the cores that run analyses would
 * only cost memory. */
#define PLAN_CONTEXTS 4

struct ser_stream_plan {
    const ser_model *model;
    ser_frame_plan *frames;
    size_t n_ctx; /* 0: each stream has its own context */
    ser_model_ctx *ctx[PLAN_CONTEXTS];
    bool busy[PLAN_CONTEXTS];
    bool pool; /* lock and freed are initialised */
    pthread_mutex_t lock;
    pthread_cond_t freed;
};

ser_model_ctx *ser__stream_plan_borrow(const ser_stream_plan *cplan, size_t *slot)
{
    ser_stream_plan *p = (ser_stream_plan *)cplan; /* the pool is the plan's only mutable part */
    pthread_mutex_lock(&p->lock);
    for (;;) {
        for (size_t i = 0; i < p->n_ctx; i++)
            if (!p->busy[i]) {
                p->busy[i] = true;
                pthread_mutex_unlock(&p->lock);
                *slot = i;
                return p->ctx[i];
            }
        pthread_cond_wait(&p->freed, &p->lock);
    }
}

void ser__stream_plan_return(const ser_stream_plan *cplan, size_t slot)
{
    ser_stream_plan *p = (ser_stream_plan *)cplan;
    pthread_mutex_lock(&p->lock);
    p->busy[slot] = false;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

bool ser__stream_plan_lends(const ser_stream_plan *plan) { return plan && plan->n_ctx > 0; }

ser_stream_plan *ser_stream_plan_create(const ser_model *model, ser_status *status, ser_error *err)
{
    ser_stream_plan *p = NULL;
    ser_status st = model ? check_model(model, err) : ser_error_set(err, SER_ERR_ARG, "stream plan: no model");
    if (!st && !(p = calloc(1, sizeof *p)))
        st = ser_error_set(err, SER_ERR_NOMEM, "stream plan: out of memory");
    if (!st) {
        ser_frame_stream_config fc = frame_config(model);
        p->model = model;
        if (!(p->frames = ser_frame_plan_create(&fc, &st)))
            st = ser_error_set(err, st, "stream plan: frame features at %g Hz: %s", fc.sample_rate, ser_strerror(st));
    }
    if (!st && cnn_frames(model)) {
        if (pthread_mutex_init(&p->lock, NULL)) {
            st = ser_error_set(err, SER_ERR_NOMEM, "stream plan: no mutex");
        } else if (pthread_cond_init(&p->freed, NULL)) {
            pthread_mutex_destroy(&p->lock);
            st = ser_error_set(err, SER_ERR_NOMEM, "stream plan: no condition variable");
        } else {
            p->pool = true;
        }
        for (size_t i = 0; !st && i < PLAN_CONTEXTS; i++)
            if (ser_model_ctx_create(model, &p->ctx[i]))
                st = ser_error_set(err, SER_ERR_NOMEM, "stream plan: out of memory (model context)");
        if (!st)
            p->n_ctx = PLAN_CONTEXTS;
    }
    if (status)
        *status = st;
    if (st) {
        ser_stream_plan_destroy(p);
        return NULL;
    }
    return p;
}

void ser_stream_plan_destroy(ser_stream_plan *plan)
{
    if (!plan)
        return;
    for (size_t i = 0; i < PLAN_CONTEXTS; i++)
        ser_model_ctx_destroy(plan->ctx[i]);
    if (plan->pool) {
        pthread_cond_destroy(&plan->freed);
        pthread_mutex_destroy(&plan->lock);
    }
    ser_frame_plan_destroy(plan->frames);
    free(plan);
}

static ser_status check_config(const ser_stream_config *c, ser_error *err)
{
    if (!c->model)
        return ser_error_set(err, SER_ERR_ARG, "stream: no model");
    if (c->plan && c->plan->model != c->model)
        return ser_error_set(err, SER_ERR_ARG, "stream: the plan was made for another model");
    if (!ser_raw_bytes_per_sample(c->encoding))
        return ser_error_set(err, SER_ERR_ARG, "stream: unknown input encoding");
    if (!(c->input_rate >= 1000.0 && c->input_rate <= 384000.0))
        return ser_error_set(err, SER_ERR_ARG, "stream: input rate %g Hz outside [1000, 384000]", c->input_rate);
    if (c->channels < 1 || c->channels > 64 || c->channel < -1 || c->channel >= c->channels)
        return ser_error_set(err, SER_ERR_ARG, "stream: channel %d of %d channels (want 1..64 channels)", c->channel,
                             c->channels);
    if (!(c->window_s > 0.0 && c->window_s <= 60.0) || !(c->hop_s > 0.0 && c->hop_s <= c->window_s))
        return ser_error_set(err, SER_ERR_ARG, "stream: need 0 < hop (%g s) <= window (%g s) <= 60 s", c->hop_s,
                             c->window_s);
    if (!(c->smoothing >= 0.0 && c->smoothing < 1.0))
        return ser_error_set(err, SER_ERR_ARG, "stream: smoothing %g outside [0, 1)", c->smoothing);
    if (c->max_chunk < 1 || c->max_chunk > ((size_t)1 << 20))
        return ser_error_set(err, SER_ERR_ARG, "stream: max_chunk %zu outside [1, 2^20]", c->max_chunk);
    if (!(c->speaker_norm_prior >= 0.0 && c->speaker_norm_prior <= 1e9))
        return ser_error_set(err, SER_ERR_ARG, "stream: speaker_norm_prior %g outside [0, 1e9]",
                             c->speaker_norm_prior);
    return ser_trend_config_check(&c->trend, err);
}

static ser_status build(ser_stream *s, ser_error *err)
{
    const ser_stream_config *c = &s->cfg;
    ser_status st;
    s->model = c->model;
    s->rate = ser_model_sample_rate(c->model);
    s->track = ser_strdup(c->track ? c->track : "caller");
    s->call_id = ser_strdup(c->call_id ? c->call_id : "");
    s->n_classes = ser_model_n_classes(c->model);
    s->class_labels = ser_calloc_array(s->n_classes, sizeof *s->class_labels);
    s->label_names = ser_calloc_array(s->n_classes, sizeof *s->label_names);
    s->probs = ser_calloc_array(s->n_classes, sizeof *s->probs);
    s->smooth = ser_calloc_array(s->n_classes, sizeof *s->smooth);
    s->vec = ser_calloc_array(cnn_frames(c->model) ? 1 : ser_model_n_features(c->model), sizeof *s->vec);
    s->fvec = ser_calloc_array(ser_model_n_features(c->model), sizeof *s->fvec);
    s->frame_bytes = ser_raw_bytes_per_sample(c->encoding) * (size_t)c->channels;
    s->carry = malloc(s->frame_bytes);
    s->in_buf = ser_calloc_array(c->max_chunk, (size_t)c->channels * sizeof(float));
    s->mono = ser_calloc_array(c->max_chunk, sizeof(float));
    if (!s->track || !s->call_id || !s->class_labels || !s->label_names || !s->probs || !s->smooth || !s->vec ||
        !s->fvec || !s->carry || !s->in_buf || !s->mono)
        return ser_error_set(err, SER_ERR_NOMEM, "stream: out of memory");
    for (size_t k = 0; k < s->n_classes; k++) {
        s->label_names[k] = ser_model_label(c->model, k);
        if (ser_label_parse(s->label_names[k], &s->class_labels[k]))
            s->class_labels[k] = SER_LABEL_NONE;
    }
    if (!ser__stream_plan_lends(c->plan) && ser_model_ctx_create(c->model, &s->ctx))
        return ser_error_set(err, SER_ERR_NOMEM, "stream: out of memory (model context)");
    ser_frame_stream_config fc = frame_config(c->model);
    s->fs = c->plan ? ser_frame_stream_create_planned(c->plan->frames, &st) : ser_frame_stream_create(&fc, &st);
    if (!s->fs)
        return ser_error_set(err, st, "stream: frame features at %g Hz: %s", s->rate, ser_strerror(st));
    s->n_fft_half = fc.stft.n_fft / 2;
    s->hop_len = fc.stft.hop_length;
    double fr = ser_frame_stream_frame_rate(s->fs);
    s->win_frames = (size_t)fmax(1.0, round(c->window_s * fr));
    s->hop_frames = (size_t)fmax(1.0, round(c->hop_s * fr));
    size_t cnt;
    s->rms_col = ser_frame_stream_block(s->fs, SER_FRAME_RMS, &cnt);
    s->zcr_col = ser_frame_stream_block(s->fs, SER_FRAME_ZCR, &cnt);
    s->flat_col = ser_frame_stream_block(s->fs, SER_FRAME_FLATNESS, &cnt);
    if ((s->cnn_frames = cnn_frames(c->model))) {
        s->mel_db_col = ser_frame_stream_block(s->fs, SER_FRAME_MEL_DB, &cnt);
        if (!(s->mel_img = ser_calloc_array(s->win_frames, CNN_MELS * sizeof(float))))
            return ser_error_set(err, SER_ERR_NOMEM, "stream: out of memory");
    }
    if (!(s->w = ser_frame_window_create(ser_frame_stream_row_dim(s->fs), s->win_frames, &st)))
        return ser_error_set(err, st, "stream: window of %zu frames: %s", s->win_frames, ser_strerror(st));
    if (c->input_rate != s->rate) {
        ser_resampler_config rc = ser_resampler_config_default();
        rc.input_rate = c->input_rate;
        rc.output_rate = s->rate;
        rc.max_chunk = c->max_chunk;
        if (!(s->rs = ser_resampler_create(&rc, &st)))
            return ser_error_set(err, st, "stream: resampler %g -> %g Hz: %s", c->input_rate, s->rate,
                                 ser_strerror(st));
        s->rs_cap = ser_resampler_max_output(s->rs);
        if (!(s->rs_out = ser_calloc_array(s->rs_cap, sizeof(float))))
            return ser_error_set(err, SER_ERR_NOMEM, "stream: out of memory");
    }
    const double *prior_mean, *prior_std;
    if (!s->cnn_frames && ser_model_speaker_norm(c->model, &prior_mean, &prior_std)) {
        size_t d = ser_model_n_features(c->model);
        if (!(s->sn_buf = ser_calloc_array(ser_speaker_running_doubles(d), sizeof *s->sn_buf)))
            return ser_error_set(err, SER_ERR_NOMEM, "stream: out of memory");
        ser_speaker_running_init(&s->sn, d, s->sn_buf, prior_mean, prior_std, c->speaker_norm_prior);
    }
    ser_trend_init(&s->trend, &c->trend);
    return SER_OK;
}

ser_stream *ser_stream_create(const ser_stream_config *cfg, ser_status *status, ser_error *err)
{
    ser_status st = cfg ? check_config(cfg, err) : ser_error_set(err, SER_ERR_ARG, "stream: no configuration");
    if (!st && !cfg->plan) /* a plan checked its model */
        st = check_model(cfg->model, err);
    ser_stream *s = NULL;
    if (!st && !(s = calloc(1, sizeof *s)))
        st = ser_error_set(err, SER_ERR_NOMEM, "stream: out of memory");
    if (!st) {
        s->cfg = *cfg;
        st = build(s, err);
        s->cfg.track = s->track;
        s->cfg.call_id = s->call_id;
    }
    if (status)
        *status = st;
    if (st) {
        ser_stream_destroy(s);
        return NULL;
    }
    return s;
}

ser_status ser_stream_reset(ser_stream *s)
{
    if (!s)
        return SER_ERR_ARG;
    ser_frame_stream_reset(s->fs);
    ser_frame_window_reset(s->w);
    if (s->sn_buf)
        ser_speaker_running_init(&s->sn, s->sn.dim, s->sn_buf, s->sn.prior_mean, s->sn.prior_std,
                                 s->cfg.speaker_norm_prior);
    if (s->rs && ser_resampler_reset(s->rs))
        return SER_ERR_EXTERNAL;
    ser_trend_init(&s->trend, &s->cfg.trend);
    s->have_smooth = s->flushed = false;
    s->frames = s->since = s->n_carry = s->events = 0;
    s->in_frames = 0;
    s->cb_status = SER_OK;
    return SER_OK;
}

double ser_stream_seconds(const ser_stream *s) { return s ? (double)s->in_frames / s->cfg.input_rate : 0.0; }
size_t ser_stream_events(const ser_stream *s) { return s ? s->events : 0; }
size_t ser_stream_window_frames(const ser_stream *s) { return s ? s->win_frames : 0; }
size_t ser_stream_hop_frames(const ser_stream *s) { return s ? s->hop_frames : 0; }
