/* Twilio Media Streams messages (app/server/twilio_message.c, the message
 * side of /v1/twilio): the first byte chooses whether a token is
 * configured, whether the upgrade carried it and whether agent tracks are
 * analysed; the rest is a sequence of messages separated by newlines,
 * handled in order until one closes the call.  Model: fuzz_model.h. */
#include "fuzz_common.h"

#include "fuzz_model.h"
#include "server/twilio_message.h"

static ser_model *model;

static void release(void)
{
    ser_model_destroy(model);
}

static void on_event(void *user, const ser_stream_event *ev)
{
    (void)user;
    char json[8192];
    size_t len;
    if (ev->label >= 0 && (size_t)ev->label >= ev->n_classes)
        abort();
    ser_stream_event_json(ev, json, sizeof json, &len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model) {
        if (!(model = fz_stream_model()))
            abort();
        atexit(release);
    }
    uint8_t a = fz_byte(&data, &size);
    server srv;
    memset(&srv, 0, sizeof srv);
    srv.cfg.model = model;
    srv.cfg.token = a & 1 ? "s3cret" : NULL;
    srv.cfg.analyze_agent = (a >> 1) & 1;
    twilio_call call;
    memset(&call, 0, sizeof call);
    call.srv = &srv;
    call.on_event = on_event;
    call.authorized = !(a & 1) || ((a >> 2) & 1);
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        const char *why = NULL;
        int code = twilio_message(&call, p, n, &why);
        if (code && !why)
            abort(); /* a close code always comes with its reason */
        if (code)
            break;
        p += n + 1;
    }
    twilio_call_free(&call);
    return 0;
}
