/* One analysis of the live analyser's window: gate, vector, model,
 * smoothing, affect, trend, rules -> events (include/ser/stream.h). */
#include <math.h>
#include <string.h>

#include "ser/cnn.h"

#include "stream/stream_internal.h"

static void emit(ser_stream *s, const ser_stream_event *ev)
{
    s->events++;
    if (s->fn)
        s->fn(s->user, ev);
}

/* A CNN's image of the window: its k rows of mel dB with the top_db floor
 * of the offline image (power_to_db over the clip: max - 80 dB) taken
 * over the window, the causal equivalent; then ser_cnn_fit_length to the
 * model's frames (centre crop or padding, as training did). */
static ser_status cnn_image(ser_stream *s, const float *rows, size_t k, size_t dim)
{
    float top = -INFINITY;
    for (size_t t = 0; t < k; t++) {
        const float *r = rows + t * dim + s->mel_db_col;
        float *o = s->mel_img + t * CNN_MELS;
        for (size_t m = 0; m < CNN_MELS; m++) {
            o[m] = r[m];
            top = r[m] > top ? r[m] : top;
        }
    }
    float floor_db = (float)((double)top - ser_frame_stream_config_of(s->fs)->db.top_db);
    for (size_t i = 0; i < k * CNN_MELS; i++)
        s->mel_img[i] = s->mel_img[i] < floor_db ? floor_db : s->mel_img[i];
    ser_error err;
    return ser_cnn_fit_length(s->mel_img, k, CNN_MELS, s->cnn_frames, s->fvec, &err);
}

void ser__stream_analyse(ser_stream *s)
{
    size_t count = ser_frame_window_count(s->w);
    size_t k = count < s->win_frames ? count : s->win_frames;
    s->since = 0;
    if (!k || s->cb_status)
        return;
    size_t last = s->frames - 1, first = s->frames - k;
    double start = (double)first * (double)s->hop_len - (double)s->n_fft_half;
    double end = (double)last * (double)s->hop_len + (double)s->n_fft_half;
    double total = (double)ser_frame_stream_samples(s->fs);
    ser_stream_event ev;
    memset(&ev, 0, sizeof ev);
    ev.call_id = s->call_id;
    ev.track = s->track;
    ev.t_start = (start > 0.0 ? start : 0.0) / s->rate;
    ev.t_end = (end < total ? end : total) / s->rate;
    ev.n_classes = s->n_classes;
    ev.labels = s->label_names;
    ev.label = -1;

    const float *rows = ser_frame_window_last(s->w, k);
    size_t dim = ser_frame_window_row_dim(s->w);
    bool voiced = ser_stream_gate(&s->cfg.gate, rows + s->rms_col, rows + s->zcr_col, rows + s->flat_col, k, dim,
                                  &ev.voiced);
    if (!voiced) {
        ev.type = SER_STREAM_SILENCE;
        ev.frustration = ser_trend_value(&s->trend);
        emit(s, &ev);
        return;
    }
    size_t d = ser_model_n_features(s->model);
    ser_status st;
    if (s->cnn_frames) {
        st = cnn_image(s, rows, k, dim);
    } else {
        st = ser_frame_window_seed_vector(s->w, s->fs, k, s->vec);
        if (!st && s->sn_buf) { /* the call's own statistics, this window included */
            ser_speaker_running_update(&s->sn, s->vec);
            ser_speaker_running_apply(&s->sn, s->vec);
        }
        for (size_t i = 0; !st && i < d; i++)
            s->fvec[i] = (float)s->vec[i];
    }
    if (!st && s->ctx) {
        st = ser_model_predict(s->model, s->ctx, s->fvec, d, s->probs, s->n_classes, NULL);
    } else if (!st) { /* a context lent by the plan */
        size_t slot;
        ser_model_ctx *ctx = ser__stream_plan_borrow(s->cfg.plan, &slot);
        st = ser_model_predict(s->model, ctx, s->fvec, d, s->probs, s->n_classes, NULL);
        ser__stream_plan_return(s->cfg.plan, slot);
    }
    if (st) {
        s->cb_status = st;
        return;
    }
    double a = s->have_smooth ? s->cfg.smoothing : 0.0;
    size_t best = 0;
    for (size_t c = 0; c < s->n_classes; c++) {
        s->smooth[c] = a * s->smooth[c] + (1.0 - a) * s->probs[c];
        if (s->smooth[c] > s->smooth[best])
            best = c;
    }
    s->have_smooth = true;
    ev.type = SER_STREAM_EMOTION;
    ev.probabilities = s->smooth;
    ev.label = (int)best;
    ev.confidence = s->smooth[best];
    ser_affect_from_probs(s->class_labels, s->smooth, s->n_classes, &ev.arousal, &ev.valence);
    double score = ser_trend_score(&s->cfg.trend, s->class_labels, s->smooth, s->n_classes);
    ser_trend_signal sig = ser_trend_update(&s->trend, ev.t_end, score);
    ev.frustration = ser_trend_value(&s->trend);
    const char *label = s->label_names[best];
    ser_rules_match(s->cfg.rules, "emotion", s->track, label, ev.frustration, &ev.reason, &ev.suggestion);
    emit(s, &ev);
    if (sig == SER_TREND_NONE)
        return;
    ev.type = sig == SER_TREND_ALERT ? SER_STREAM_ALERT : SER_STREAM_CALM;
    ser_rules_match(s->cfg.rules, sig == SER_TREND_ALERT ? "alert" : "calm", s->track, label, ev.frustration,
                    &ev.reason, &ev.suggestion);
    emit(s, &ev);
}
