/* make_corpus - write the committed seed corpus of the fuzz targets:
 *   build-fuzz/fuzz/fuzz_make_corpus fuzz/corpus
 * Every seed is synthesised here (small models trained on seeded blobs,
 * tiny sine WAV/FLAC/OGG files, hand-written CSV, JSON and queries, the
 * default rules file): no corpus audio.  Deterministic except for the
 * float WAV (libsndfile stamps its PEAK chunk with the time) and the Ogg
 * file (a random stream serial number). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../tests/ml/model_fixture.h"
#include "data/csv.h"
#include "ser/audio.h"
#include "ser/model.h"

static const char *root;

static void put(const char *target, const char *name, const void *data, size_t size)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root, target);
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        perror(path);
        exit(1);
    }
    snprintf(path, sizeof path, "%s/%s/%s", root, target, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

static void put_text(const char *target, const char *name, const char *text)
{
    put(target, name, text, strlen(text));
}

static void models(void)
{
    static const ser_model_kind kinds[] = {SER_MODEL_SVM, SER_MODEL_FOREST, SER_MODEL_BOOST};
    static const char *const names[] = {"svm.sermodel", "forest.sermodel", "boost.sermodel"};
    blobs b = fix_data(1);
    for (size_t i = 0; i < 3; i++) {
        ser_model *m = fix_model(kinds[i], &b, 7);
        unsigned char *bytes = NULL;
        size_t len = 0;
        ser_error err;
        if (!m || ser_model_serialize(m, &bytes, &len, &err) != SER_OK) {
            fprintf(stderr, "make_corpus: model %s failed\n", names[i]);
            exit(1);
        }
        put("fuzz_model_load", names[i], bytes, len);
        free(bytes);
        ser_model_destroy(m);
    }
    free(b.x);
    free(b.y);
}

/* A small untrained CNN (8 mels x 12 frames, 2 blocks): the cnn payload. */
static void cnn_model(void)
{
    static const char *const labels[3] = {"angry", "happy", "sad"};
    ser_cnn_config cfg;
    ser_cnn_config_default(&cfg);
    cfg.n_mels = 8;
    cfg.n_frames = 12;
    cfg.n_classes = 3;
    cfg.n_blocks = 2;
    cfg.filters[0] = 2;
    cfg.filters[1] = 3;
    cfg.pool[1] = 0;
    cfg.max_batch = 1;
    ser_status st;
    ser_error err;
    ser_cnn *net = ser_cnn_create(&cfg, &st, &err);
    ser_model_meta meta;
    ser_model_meta_default(&meta);
    meta.feature_set = "logmel8x12";
    meta.feature_config_json = "{\"spec\":\"logmel8x12\"}";
    meta.sample_rate = 16000;
    meta.label_names = labels;
    meta.n_classes = 3;
    meta.n_train = 3;
    ser_model *m = NULL;
    unsigned char *bytes = NULL;
    size_t len = 0;
    if (!net || ser_model_create_cnn(&meta, net, &m, &err) != SER_OK ||
        ser_model_serialize(m, &bytes, &len, &err) != SER_OK) {
        fprintf(stderr, "make_corpus: cnn model failed\n");
        exit(1);
    }
    put("fuzz_model_load", "cnn.sermodel", bytes, len);
    free(bytes);
    ser_model_destroy(m);
    ser_cnn_destroy(net);
}

/* A short sine in a container; the fuzz input is a config byte + the file. */
static void audio(const char *name, int rate, ser_sample_encoding enc, unsigned char config)
{
    size_t n = (size_t)rate / 20; /* 50 ms */
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = 0.5f * (float)sin(2 * M_PI * 440.0 * (double)i / rate);
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s/.tmp-%s", root, name);
    ser_error err;
    if (ser_audio_write(tmp, x, n, rate, enc, &err) != SER_OK) {
        fprintf(stderr, "make_corpus: %s\n", err.message);
        exit(1);
    }
    FILE *f = fopen(tmp, "rb");
    unsigned char *buf = malloc((1 << 20) + 1);
    buf[0] = config;
    size_t len = f ? fread(buf + 1, 1, 1 << 20, f) : 0;
    if (f)
        fclose(f);
    remove(tmp);
    put("fuzz_audio_decode", name, buf, len + 1);
    free(buf);
    free(x);
}

static void raw(void)
{
    unsigned char buf[2 + 64];
    for (int enc = 0; enc < 4; enc++) {
        buf[0] = (unsigned char)(enc | 1 << 2); /* 16 kHz */
        buf[1] = (unsigned char)(enc % 2);      /* 1 or 2 channels */
        for (int i = 0; i < 64; i++)
            buf[2 + i] = (unsigned char)(128 + 100 * sin(i * 0.4));
        char name[32];
        snprintf(name, sizeof name, "enc%d.raw", enc);
        put("fuzz_raw_pcm", name, buf, sizeof buf);
    }
}

/* Stream pushes: 3 config bytes + about 0.3 s of a 16 kHz s16le sine. */
static void stream(void)
{
    static unsigned char buf[3 + 2 * 4800];
    for (int k = 0; k < 2; k++) {
        buf[0] = 0;                       /* s16le, 16 kHz */
        buf[1] = (unsigned char)(k << 4 | k << 5); /* mono; short windows for k = 1 */
        buf[2] = (unsigned char)(k ? 9 : 146);     /* chunks of 64 or 1023 bytes */
        for (int i = 0; i < 4800; i++) {
            int v = (int)(8000 * sin(2 * M_PI * 220.0 * i / 16000.0) * (1 + k));
            buf[3 + 2 * i] = (unsigned char)(v & 0xff);
            buf[4 + 2 * i] = (unsigned char)((v >> 8) & 0xff);
        }
        put("fuzz_stream_push", k ? "short_windows" : "sine", buf, sizeof buf);
    }
}

/* Twilio sessions: a config byte + newline-separated JSON messages, the
 * media payloads base64 of 20 ms of 8 kHz G.711. */
static void b64(const unsigned char *in, size_t n, char *out)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t k = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
        out[k++] = abc[v >> 18 & 63];
        out[k++] = abc[v >> 12 & 63];
        out[k++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
        out[k++] = i + 2 < n ? abc[v & 63] : '=';
    }
    out[k] = '\0';
}

static void twilio(const char *name, unsigned char config, const char *encoding, const char *tracks)
{
    static char buf[8192];
    unsigned char pcm[160];
    char payload[256];
    size_t n = (size_t)snprintf(buf, sizeof buf,
                                "%c{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}\n"
                                "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"streamSid\":\"MZ1\","
                                "\"callSid\":\"CA1\",\"tracks\":%s,\"mediaFormat\":{\"encoding\":\"%s\","
                                "\"sampleRate\":8000,\"channels\":1},\"customParameters\":{\"token\":\"s3cret\"}},"
                                "\"streamSid\":\"MZ1\"}\n",
                                config, tracks, encoding);
    for (int m = 0; m < 4; m++) {
        for (int i = 0; i < 160; i++)
            pcm[i] = (unsigned char)(128 + 90 * sin(2 * M_PI * 300.0 * (m * 160 + i) / 8000.0));
        b64(pcm, sizeof pcm, payload);
        n += (size_t)snprintf(buf + n, sizeof buf - n,
                              "{\"event\":\"media\",\"sequenceNumber\":\"%d\",\"media\":{\"track\":\"%s\","
                              "\"chunk\":\"%d\",\"timestamp\":\"%d\",\"payload\":\"%s\"},\"streamSid\":\"MZ1\"}\n",
                              m + 2, m == 3 ? "outbound" : "inbound", m + 1, 20 * m, payload);
    }
    n += (size_t)snprintf(buf + n, sizeof buf - n,
                          "{\"event\":\"mark\",\"mark\":{\"name\":\"x\"}}\n"
                          "{\"event\":\"stop\",\"stop\":{\"callSid\":\"CA1\"}}\n");
    put("fuzz_twilio", name, buf, n);
}

/* One masked WebSocket frame (client to server) appended at buf + *n. */
static void ws_frame(unsigned char *buf, size_t *n, int opcode, const void *payload, size_t len)
{
    static const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
    const unsigned char *p = payload;
    buf[(*n)++] = (unsigned char)(0x80 | opcode);
    if (len < 126) {
        buf[(*n)++] = (unsigned char)(0x80 | len);
    } else {
        buf[(*n)++] = 0x80 | 126;
        buf[(*n)++] = (unsigned char)(len >> 8);
        buf[(*n)++] = (unsigned char)(len & 0xff);
    }
    memcpy(buf + *n, mask, 4);
    *n += 4;
    for (size_t i = 0; i < len; i++)
        buf[(*n)++] = p[i] ^ mask[i & 3];
}

/* HTTP requests and WebSocket sessions as a client sends them to `ser serve`. */
static void http(void)
{
    static const char upgrade[] = "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                  "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                  "Sec-WebSocket-Version: 13\r\n\r\n";
    static unsigned char buf[16384];
    size_t n;
    put_text("fuzz_http", "healthz", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    put_text("fuzz_http", "metrics", "GET /metrics?token=s3cret HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    put_text("fuzz_http", "model", "GET /v1/model HTTP/1.1\r\nAuthorization: Bearer s3cret\r\n\r\n");
    put_text("fuzz_http", "dashboard", "HEAD /?token=s3cret HTTP/1.0\r\n\r\n");
    put_text("fuzz_http", "analyze_raw",
             "POST /v1/analyze?token=s3cret&format=s16le&rate=8000&call_id=a HTTP/1.1\r\n"
             "Content-Type: application/octet-stream\r\nContent-Length: 16\r\n\r\n"
             "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10");
    put_text("fuzz_http", "analyze_chunked",
             "POST /v1/analyze?token=s3cret&format=ulaw&rate=8000 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
             "4\r\n\xff\x7f\xff\x7f\r\n0\r\n\r\n");
    /* /ws/stream: two s16le frames of a 300 Hz tone, then stop */
    n = (size_t)snprintf((char *)buf, sizeof buf, upgrade, "/ws/stream?token=s3cret&call_id=f&format=s16le&rate=8000");
    short pcm[400];
    for (int i = 0; i < 400; i++)
        pcm[i] = (short)(8000 * sin(2 * M_PI * 300.0 * i / 8000.0));
    ws_frame(buf, &n, 2, pcm, sizeof pcm);
    ws_frame(buf, &n, 2, pcm, sizeof pcm);
    ws_frame(buf, &n, 1, "{\"type\":\"stop\"}", 15);
    put("fuzz_http", "ws_stream", buf, n);
    /* /v1/events: a watcher that sends a text frame and closes */
    n = (size_t)snprintf((char *)buf, sizeof buf, upgrade, "/v1/events?token=s3cret");
    ws_frame(buf, &n, 1, "hello", 5);
    ws_frame(buf, &n, 8, "\x03\xe8", 2);
    put("fuzz_http", "ws_events", buf, n);
    /* /v1/twilio: start with the token, one media message, stop */
    n = (size_t)snprintf((char *)buf, sizeof buf, upgrade, "/v1/twilio");
    static const char start[] = "{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ1\",\"callSid\":\"CA1\","
                                "\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\","
                                "\"sampleRate\":8000,\"channels\":1},\"customParameters\":{\"token\":\"s3cret\"}}}";
    ws_frame(buf, &n, 1, start, strlen(start));
    static const char media[] = "{\"event\":\"media\",\"media\":{\"track\":\"inbound\",\"payload\":\"//79/Pv6+fj39vX08/Lx8A==\"}}";
    ws_frame(buf, &n, 1, media, strlen(media));
    ws_frame(buf, &n, 1, "{\"event\":\"stop\"}", 16);
    put("fuzz_http", "ws_twilio", buf, n);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz_make_corpus DIR (fuzz/corpus)\n");
        return 2;
    }
    root = argv[1];
    mkdir(root, 0777);
    models();
    cnn_model();

    audio("pcm16.wav", 8000, SER_ENCODING_PCM16, 0);
    audio("float.wav", 16000, SER_ENCODING_FLOAT, 0x02);
    audio("pcm16.flac", 8000, SER_ENCODING_PCM16, 0x40);
    audio("vorbis.ogg", 8000, SER_ENCODING_PCM16, 0x01);
    raw();
    stream();
    twilio("mulaw_inbound", 0, "audio/x-mulaw", "[\"inbound\"]");
    twilio("alaw_both_token", 0x07, "audio/x-alaw", "[\"inbound\",\"outbound\"]");
    http();

    put_text("fuzz_manifest", "header.csv", "path,label,speaker\na.wav,angry,s1\n\"DC_a01.flac\",Sadness,s2\n");
    put_text("fuzz_manifest", "plain.csv", "\xEF\xBB\xBF" "03-01-05-01-01-01-03.wav,angry\r\nmissing.wav,sad\r\n");
    put_text("fuzz_manifest", "reordered.csv", "speaker,emotion,file\nravdess:01,ps,./a.wav\nx,zz,a.mp3\n");

    put("fuzz_label_map", "select", "neutral,happy,sad,angry", 23);
    put("fuzz_label_map", "merge", "neutral,angry\0calm=neutral\0surprised=happy,disgust=angry", 56);
    put("fuzz_label_map", "chain", "\0a=b,b=c\0fear=sad", 17);

    put_text("fuzz_feature_csv", "small.csv",
             "path,label,speaker,corpus,mfcc1_mean,rms_mean\n"
             "a.wav,angry,ravdess:01,ravdess,-312.5,0.0123\n"
             "\"b,c.wav\",sad,,folder,nan,1e-3\n");
    put_text("fuzz_feature_csv", "inf.csv", "path,label,speaker,corpus,x\nq.wav,happy,s,c,inf\n");

    put_text("fuzz_rules", "one.json",
             "{\"version\": 1, \"rules\": [{\"on\": \"alert\", \"label\": \"angry\", \"min_frustration\": 0.7, "
             "\"reason\": \"r\", \"suggestion\": \"s\"}, {\"on\": \"emotion\", \"track\": \"caller\", "
             "\"label\": \"neutral\", \"reason\": \"n\", \"suggestion\": \"m\"}]}");
    size_t len = 0;
    char *rules = ser__read_file(SER_SOURCE_DIR "/share/ser/rules.json", &len);
    if (!rules) {
        perror("share/ser/rules.json");
        return 1;
    }
    put("fuzz_rules", "default.json", rules, len);
    free(rules);
    put_text("fuzz_rules", "empty.json", "{\"version\": 1, \"rules\": []}");

    put_text("fuzz_folds", "ok.csv", "path,fold\n@/a.wav,0\n@/b.wav,1\n\"@/c,d.wav\",-1\n");
    put_text("fuzz_folds", "extra.csv", "path,fold\nzz.wav,3\n@/a.wav,0\n@/b.wav,0\n@/a.wav,1\n");

    put_text("fuzz_stream_query", "full", "call_id=abc-1.2:3_x&format=ulaw&rate=8000&channels=2");
    put_text("fuzz_stream_query", "escaped", "call_id=%41%42&rate=16000.0&format=f32le&token=t");
    put_text("fuzz_stream_query", "empty", "");
    return 0;
}
