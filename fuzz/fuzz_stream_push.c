/* The live analyser's input path (ser_stream_push, as the server's
 * /ws/stream binary frames and /v1/analyze raw bodies feed it): the first
 * bytes choose the encoding, input rate, channels, channel and chunk size;
 * the rest is pushed in chunks, then flushed (model: fuzz_model.h). */
#include "fuzz_common.h"

#include <math.h>

#include "fuzz_model.h"
#include "ser/rules.h"
#include "ser/stream.h"

static ser_model *model;
static ser_rules *rules;

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
        model = fz_stream_model();
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
