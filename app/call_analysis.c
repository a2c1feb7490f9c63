/* call_analysis.c - a recorded call through ser_stream: timeline, per-track
 * summary, alerts (call_analysis.h). */
#include "call_analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/stream.h"
#include "ser/util.h"

#define EVENT_CAP 8192

typedef struct track_acc {
    const char *name;
    size_t n_classes;
    double label_time[64]; /* s per class (models have at most a dozen) */
    double voiced, last_end, arousal, valence, peak, peak_t;
    size_t n_alerts, n_events;
    bool started, failed;
    cJSON *events; /* the stream events, in order */
    cJSON *alerts; /* {"track","type","t","frustration","reason","suggestion"} */
    char json[EVENT_CAP];
} track_acc;

call_options call_options_default(void)
{
    call_options o;
    memset(&o, 0, sizeof o);
    o.agent_channel = -1;
    o.call_id = "";
    return o;
}

static void on_event(void *user, const ser_stream_event *ev)
{
    track_acc *t = user;
    size_t len;
    cJSON *j = NULL;
    if (t->failed || ser_stream_event_json(ev, t->json, sizeof t->json, &len) != SER_OK ||
        !(j = cJSON_ParseWithLength(t->json, len))) {
        t->failed = true;
        return;
    }
    cJSON_AddItemToArray(t->events, j);
    t->n_events++;
    if (ev->frustration > t->peak || !t->started) {
        t->peak = ev->frustration;
        t->peak_t = ev->t_end;
    }
    if (ev->type == SER_STREAM_ALERT || ev->type == SER_STREAM_CALM) {
        cJSON *a = cJSON_CreateObject();
        if (!a) {
            t->failed = true;
            return;
        }
        cJSON_AddStringToObject(a, "track", t->name);
        cJSON_AddStringToObject(a, "type", ser_stream_event_type_name(ev->type));
        cJSON_AddNumberToObject(a, "t", ev->t_end);
        cJSON_AddNumberToObject(a, "frustration", ev->frustration);
        if (ev->reason)
            cJSON_AddStringToObject(a, "reason", ev->reason);
        else
            cJSON_AddNullToObject(a, "reason");
        if (ev->suggestion)
            cJSON_AddStringToObject(a, "suggestion", ev->suggestion);
        else
            cJSON_AddNullToObject(a, "suggestion");
        cJSON_AddItemToArray(t->alerts, a);
        if (ev->type == SER_STREAM_ALERT)
            t->n_alerts++;
        t->started = true;
        return;
    }
    double dt = t->started ? ev->t_end - t->last_end : ev->t_end - ev->t_start;
    if (dt < 0)
        dt = 0;
    t->last_end = ev->t_end;
    t->started = true;
    if (ev->type == SER_STREAM_EMOTION && ev->label >= 0 && (size_t)ev->label < t->n_classes) {
        t->label_time[ev->label] += dt;
        t->voiced += dt;
        t->arousal += dt * ev->arousal;
        t->valence += dt * ev->valence;
    }
}

static void add_number_or_null(cJSON *o, const char *key, bool have, double v)
{
    if (have)
        cJSON_AddNumberToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static cJSON *track_summary(const track_acc *t, const ser_model *m, double duration)
{
    cJSON *s = cJSON_CreateObject();
    cJSON *share = cJSON_CreateObject();
    if (!s || !share) {
        cJSON_Delete(s);
        cJSON_Delete(share);
        return NULL;
    }
    bool speech = t->voiced > 0;
    int dominant = -1;
    for (size_t k = 0; k < t->n_classes; k++) {
        cJSON_AddNumberToObject(share, ser_model_label(m, k), speech ? t->label_time[k] / t->voiced : 0.0);
        if (speech && (dominant < 0 || t->label_time[k] > t->label_time[dominant]))
            dominant = (int)k;
    }
    cJSON_AddBoolToObject(s, "analysed", true);
    cJSON_AddNumberToObject(s, "duration", duration);
    cJSON_AddNumberToObject(s, "events", (double)t->n_events);
    cJSON_AddNumberToObject(s, "speech_share", duration > 0 ? fmin(1.0, t->voiced / duration) : 0.0);
    if (dominant >= 0)
        cJSON_AddStringToObject(s, "dominant", ser_model_label(m, (size_t)dominant));
    else
        cJSON_AddNullToObject(s, "dominant");
    cJSON_AddItemToObject(s, "label_share", share);
    add_number_or_null(s, "arousal_mean", speech, speech ? t->arousal / t->voiced : 0);
    add_number_or_null(s, "valence_mean", speech, speech ? t->valence / t->voiced : 0);
    cJSON_AddNumberToObject(s, "frustration_peak", t->peak);
    add_number_or_null(s, "frustration_peak_t", t->started, t->peak_t);
    cJSON_AddNumberToObject(s, "alerts", (double)t->n_alerts);
    return s;
}

/* Merge the items of two arrays (each in time order) by `key`; a wins ties.
 * Empties a and b. */
static cJSON *merge_by_time(cJSON *a, cJSON *b, const char *key)
{
    cJSON *out = cJSON_CreateArray();
    if (!out)
        return NULL;
    while (cJSON_GetArraySize(a) || (b && cJSON_GetArraySize(b))) {
        cJSON *x = cJSON_GetArrayItem(a, 0), *y = b ? cJSON_GetArrayItem(b, 0) : NULL;
        bool take_a = x && (!y || cJSON_GetNumberValue(cJSON_GetObjectItem(x, key)) <=
                                      cJSON_GetNumberValue(cJSON_GetObjectItem(y, key)));
        cJSON_AddItemToArray(out, take_a ? cJSON_DetachItemFromArray(a, 0) : cJSON_DetachItemFromArray(b, 0));
    }
    return out;
}

static ser_status load(const call_options *o, const char *path, const void *data, size_t size,
                       const ser_raw_format *raw, int channel, ser_audio *a, ser_error *err)
{
    ser_load_config lc = ser_load_config_default();
    lc.sample_rate = 0;
    if (raw)
        lc.raw = *raw;
    if (channel >= 0) {
        lc.channel_mode = SER_CHANNELS_SELECT;
        lc.channel = channel;
    }
    (void)o;
    return data ? ser_audio_load_memory(data, size, path, &lc, a, err) : ser_audio_load(path, &lc, a, err);
}

static ser_status run_track(const call_options *o, const ser_audio *a, track_acc *t, ser_error *err)
{
    ser_stream_config c = ser_stream_config_default();
    c.model = o->model;
    c.rules = o->rules;
    c.encoding = SER_RAW_F32LE;
    c.input_rate = a->sample_rate;
    c.channels = 1;
    c.track = t->name;
    c.call_id = o->call_id ? o->call_id : "";
    ser_status st = SER_OK;
    ser_stream *s = ser_stream_create(&c, &st, err);
    if (!s)
        return st;
    st = ser_stream_push_float(s, a->samples, a->n_samples, on_event, t);
    if (!st)
        st = ser_stream_flush(s, on_event, t);
    ser_stream_destroy(s);
    if (!st && t->failed)
        st = ser_error_set(err, SER_ERR_NOMEM, "out of memory while collecting events");
    return st;
}

cJSON *call_analyze(const call_options *o, const char *path, const void *data, size_t size,
                    const ser_raw_format *raw, char *errbuf, size_t cap, bool *undecodable)
{
    static const char *const names[2] = {"caller", "agent"};
    size_t n_classes = ser_model_n_classes(o->model);
    int n_tracks = o->agent_channel >= 0 && o->analyze_agent ? 2 : 1;
    track_acc *t = calloc(2, sizeof *t);
    ser_audio a[2] = {{0}};
    ser_error err = {0};
    ser_status st = SER_OK;
    cJSON *out = NULL;
    if (undecodable)
        *undecodable = false;
    if (!t || n_classes > sizeof t->label_time / sizeof t->label_time[0]) {
        snprintf(errbuf, cap, "%s", t ? "the model has too many classes" : "out of memory");
        free(t);
        return NULL;
    }
    for (int i = 0; i < n_tracks && !st; i++) {
        int channel = o->agent_channel < 0 ? -1 : i == 0 ? 1 - o->agent_channel : o->agent_channel;
        if ((st = load(o, path, data, size, raw, channel, &a[i], &err))) {
            if (undecodable) /* SER_ERR_ARG: a channel the input does not have */
                *undecodable = st != SER_ERR_ARG;
        } else if (o->agent_channel >= 0 && a[i].source.channels != 2) {
            st = ser_error_set(&err, SER_ERR_ARG, "%s: --agent-channel needs a two-channel recording (it has %d)",
                               path, a[i].source.channels);
        }
    }
    for (int i = 0; i < n_tracks && !st; i++) {
        t[i].name = names[i];
        t[i].n_classes = n_classes;
        t[i].events = cJSON_CreateArray();
        t[i].alerts = cJSON_CreateArray();
        if (!t[i].events || !t[i].alerts)
            st = ser_error_set(&err, SER_ERR_NOMEM, "out of memory");
        else
            st = run_track(o, &a[i], &t[i], &err);
    }
    if (!st && (out = cJSON_CreateObject())) {
        double duration = a[0].sample_rate > 0 ? (double)a[0].n_samples / a[0].sample_rate : 0;
        if (!data)
            cJSON_AddStringToObject(out, "path", path);
        cJSON_AddStringToObject(out, "call_id", o->call_id ? o->call_id : "");
        cJSON_AddNumberToObject(out, "duration", duration);
        cJSON_AddNumberToObject(out, "sample_rate", a[0].source.sample_rate);
        cJSON_AddNumberToObject(out, "channels", a[0].source.channels);
        cJSON *labels = cJSON_AddArrayToObject(out, "labels");
        for (size_t k = 0; labels && k < n_classes; k++)
            cJSON_AddItemToArray(labels, cJSON_CreateString(ser_model_label(o->model, k)));
        cJSON *tracks = cJSON_AddObjectToObject(out, "tracks");
        for (int i = 0; tracks && i < n_tracks; i++)
            cJSON_AddItemToObject(tracks, names[i], track_summary(&t[i], o->model, duration));
        if (tracks && o->agent_channel >= 0 && !o->analyze_agent) {
            cJSON *ag = cJSON_AddObjectToObject(tracks, "agent");
            cJSON_AddBoolToObject(ag, "analysed", false);
            cJSON_AddStringToObject(ag, "note", "not analysed: the agent's emotions are analysed only when asked "
                                                "(restricted in some jurisdictions)");
        }
        cJSON_AddItemToObject(out, "alerts", merge_by_time(t[0].alerts, n_tracks > 1 ? t[1].alerts : NULL, "t"));
        cJSON_AddItemToObject(out, "timeline",
                              merge_by_time(t[0].events, n_tracks > 1 ? t[1].events : NULL, "t_end"));
    } else if (!st) {
        snprintf(errbuf, cap, "out of memory");
    }
    if (st)
        snprintf(errbuf, cap, "%s", ser_error_message(&err, st));
    for (int i = 0; i < 2; i++) {
        cJSON_Delete(t[i].events);
        cJSON_Delete(t[i].alerts);
        ser_audio_free(&a[i]);
    }
    free(t);
    return out;
}

/* ---- summary CSV ---- */

static void csv_number(FILE *f, const cJSON *v)
{
    if (cJSON_IsNumber(v))
        fprintf(f, "%.6g", v->valuedouble);
}

void call_summary_csv_header(FILE *f, const ser_model *model, bool agent)
{
    fputs("path,call_id,duration", f);
    for (int i = 0; i < (agent ? 2 : 1); i++) {
        const char *t = i ? "agent" : "caller";
        fprintf(f, ",%s_speech_share,%s_dominant", t, t);
        for (size_t k = 0; k < ser_model_n_classes(model); k++) {
            fprintf(f, ",%s_share_", t);
            ser_csv_write_field(f, ser_model_label(model, k));
        }
        fprintf(f, ",%s_arousal_mean,%s_valence_mean,%s_frustration_peak,%s_frustration_peak_t,%s_alerts", t, t, t,
                t, t);
    }
    fputs(",alerts,first_alert_t\n", f);
}

void call_summary_csv_row(FILE *f, const cJSON *an, const ser_model *model, bool agent)
{
    ser_csv_write_field(f, cJSON_GetStringValue(cJSON_GetObjectItem(an, "path")));
    fputc(',', f);
    ser_csv_write_field(f, cJSON_GetStringValue(cJSON_GetObjectItem(an, "call_id")));
    fputc(',', f);
    csv_number(f, cJSON_GetObjectItem(an, "duration"));
    const cJSON *tracks = cJSON_GetObjectItem(an, "tracks");
    for (int i = 0; i < (agent ? 2 : 1); i++) {
        const cJSON *t = cJSON_GetObjectItem(tracks, i ? "agent" : "caller");
        const cJSON *share = cJSON_GetObjectItem(t, "label_share");
        fputc(',', f);
        csv_number(f, cJSON_GetObjectItem(t, "speech_share"));
        fputc(',', f);
        ser_csv_write_field(f, cJSON_GetStringValue(cJSON_GetObjectItem(t, "dominant")));
        for (size_t k = 0; k < ser_model_n_classes(model); k++) {
            fputc(',', f);
            csv_number(f, cJSON_GetObjectItem(share, ser_model_label(model, k)));
        }
        static const char *const keys[] = {"arousal_mean", "valence_mean", "frustration_peak", "frustration_peak_t",
                                           "alerts"};
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            fputc(',', f);
            csv_number(f, cJSON_GetObjectItem(t, keys[k]));
        }
    }
    size_t n_alerts = 0;
    double first = -1;
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItem(an, "alerts"))
    {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(a, "type"));
        if (!type || strcmp(type, "alert"))
            continue;
        if (!n_alerts++)
            first = cJSON_GetNumberValue(cJSON_GetObjectItem(a, "t"));
    }
    fprintf(f, ",%zu,", n_alerts);
    if (n_alerts)
        fprintf(f, "%.6g", first);
    fputc('\n', f);
}
