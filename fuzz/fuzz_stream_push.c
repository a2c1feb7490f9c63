/* The live analyser's input path (ser_stream_push, as the server's
 * /ws/stream binary frames and /v1/analyze raw bodies feed it): the first
 * bytes choose the encoding, input rate, channels, channel and chunk size;
 * the rest is pushed in chunks, then flushed.  The model is an SVM of the
 * streaming "seed" layout trained once on seeded random vectors (its
 * predictions mean nothing; the path through framing, features, gating,
 * model, trend and rules is what is exercised). */
#include "fuzz_common.h"

#include <math.h>

#include "ser/features.h"
#include "ser/model.h"
#include "ser/rng.h"
#include "ser/rules.h"
#include "ser/scaler.h"
#include "ser/stream.h"
#include "ser/svm.h"

static ser_model *model;
static ser_rules *rules;

static ser_model *make_model(void)
{
    ser_status st;
    ser_error err;
    ser_feature_set_config *c = ser_feature_set_parse("seed", &st, &err);
    if (!c)
        return NULL;
    ser_feature_set_set_streaming(c, true);
    ser_extractor *ex = ser_extractor_create(c, 16000, &st, &err);
    size_t d = ex ? ser_extractor_dim(ex) : 0, n = 40;
    double *x = malloc(n * d * sizeof *x);
    int *y = malloc(n * sizeof *y);
    const char **names = malloc(d * sizeof *names);
    ser_model *m = NULL;
    ser_scaler *sc = NULL;
    ser_svm *svm = NULL;
    if (ex && x && y && names) {
        ser_rng rng;
        ser_rng_seed(&rng, 1);
        for (size_t i = 0; i < n; i++) {
            y[i] = (int)(i % 2);
            for (size_t j = 0; j < d; j++)
                x[i * d + j] = ser_rng_normal(&rng) + (double)y[i];
        }
        for (size_t j = 0; j < d; j++)
            names[j] = ser_extractor_name(ex, j);
        ser_svm_config sv;
        ser_svm_config_default(&sv);
        sv.probability = true;
        static const char *const labels[2] = {"neutral", "angry"};
        ser_model_meta meta;
        ser_model_meta_default(&meta);
        meta.feature_set = "seed";
        meta.feature_names = names;
        meta.n_features = d;
        meta.sample_rate = 16000;
        meta.label_names = labels;
        meta.n_classes = 2;
        meta.n_train = n;
        if (ser_scaler_fit(x, n, d, &sc, &err) == SER_OK) {
            ser_scaler_transform(sc, x, n);
            if (ser_svm_train(x, n, d, y, 2, &sv, &svm, &err) == SER_OK)
                ser_model_create_svm(&meta, sc, svm, &m, &err);
        }
    }
    ser_svm_destroy(svm);
    ser_scaler_destroy(sc);
    free(names);
    free(x);
    free(y);
    ser_extractor_destroy(ex);
    ser_feature_set_config_destroy(c);
    return m;
}

static void release(void)
{
    ser_model_destroy(model);
    ser_rules_destroy(rules);
}

static size_t events;

static void on_event(void *user, const ser_stream_event *ev)
{
    (void)user;
    char json[4096];
    size_t len;
    if (ev->label >= 0 && (size_t)ev->label >= ev->n_classes)
        abort();
    if (!(ev->t_end >= ev->t_start) || !isfinite(ev->frustration))
        abort();
    ser_stream_event_json(ev, json, sizeof json, &len);
    events++;
}

static const double rates[] = {16000, 8000, 44100, 1000, 384000, 12345.5, 48000, 22050};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model) {
        static const char text[] = "{\"version\": 1, \"rules\": [{\"on\": \"alert\", \"reason\": \"r\", "
                                   "\"suggestion\": \"s\"}, {\"on\": \"calm\", \"reason\": \"c\", "
                                   "\"suggestion\": \"d\"}]}";
        ser_error err;
        model = make_model();
        if (!model || ser_rules_parse(text, sizeof text - 1, "rules", &rules, &err) != SER_OK)
            abort();
        atexit(release);
    }
    uint8_t a = fz_byte(&data, &size), b = fz_byte(&data, &size), c = fz_byte(&data, &size);
    ser_stream_config cfg = ser_stream_config_default();
    cfg.model = model;
    cfg.rules = rules;
    cfg.encoding = (ser_raw_encoding)(1 + a % 4);
    cfg.input_rate = rates[(a >> 2) % 8];
    cfg.channels = 1 + b % 3;
    cfg.channel = (b >> 2) % 4 - 1;
    cfg.window_s = (b >> 4) & 1 ? 0.25 : 2.0;
    cfg.hop_s = (b >> 5) & 1 ? 0.1 : 0.5;
    cfg.call_id = "fuzz";
    ser_status st;
    ser_error err;
    ser_stream *s = ser_stream_create(&cfg, &st, &err);
    if (!s)
        return 0;
    size_t chunk = 1 + (size_t)c * 7;
    events = 0;
    for (size_t off = 0; off < size; off += chunk) {
        size_t n = size - off < chunk ? size - off : chunk;
        if (ser_stream_push(s, data + off, n, on_event, NULL) != SER_OK)
            break;
    }
    ser_stream_flush(s, on_event, NULL);
    if (ser_stream_events(s) != events)
        abort();
    ser_stream_destroy(s);
    return 0;
}
