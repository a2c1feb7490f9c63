/* sertest_ws.c - a small RFC 6455 WebSocket client for the server tests
 * (raw sockets; wss:// with --tls, OpenSSL).
 *
 *   sertest ws PORT PATH [--tls CAFILE] [--header H]... [--pcm FILE] [--chunk BYTES]
 *              [--pace BYTES_PER_S] [--text MSG]... [--text-file FILE]... [--stop] [--listen SECONDS]
 *              [--twilio FILE] [--twilio-outbound FILE] [--call-sid SID]
 *              [--twilio-param NAME=VALUE]... [--twilio-rate HZ]
 *
 * Connects to 127.0.0.1:PORT, sends FILE's bytes as binary frames of CHUNK
 * bytes (3200), paced at BYTES_PER_S when given, then each --text message,
 * then {"type":"stop"} with --stop.  With --twilio FILE (µ-law bytes) it
 * speaks Twilio Media Streams instead: "connected", "start" (callSid,
 * streamSid, tracks, mediaFormat audio/x-mulaw RATE 1 channel,
 * customParameters), one "media" message per 20 ms (160 bytes at 8 kHz) of
 * each track (inbound = FILE, outbound = --twilio-outbound), then "stop";
 * --pace works the same (8000 for real time at 8 kHz).  Prints every text
 * frame received as one line on stdout (flushed) and finally
 * "CLOSE <code> <reason>"; a refused upgrade prints "HTTP <status> <body>"
 * and exits 3.  With --listen the client waits at most SECONDS for frames
 * after sending (else until the server closes).  With --tls CAFILE it speaks
 * TLS (1.2 or newer) and checks the server's certificate against CAFILE
 * for the address 127.0.0.1; a failed handshake prints "TLS failed ..." and
 * exits 1. */
#define _GNU_SOURCE /* memmem */
#include "sertest_ws.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct conn {
    int fd;
    SSL_CTX *ctx; /* --tls */
    SSL *ssl;
    unsigned char buf[1 << 16];
    size_t have;
    uint32_t rng;
} conn;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static bool send_all(conn *c, const void *data, size_t n)
{
    const unsigned char *p = data;
    while (n > 0) {
        long w = c->ssl ? SSL_write(c->ssl, p, n > 1 << 30 ? 1 << 30 : (int)n) : send(c->fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Read more bytes into c->buf; timeout_s < 0 waits forever.  0 on EOF /
 * error / timeout. */
static long fill(conn *c, double timeout_s)
{
    if (c->have == sizeof c->buf)
        return 0;
    double deadline = timeout_s < 0 ? -1 : now() + timeout_s;
    for (;;) {
        if (!c->ssl || SSL_pending(c->ssl) == 0) {
            double left = deadline < 0 ? -1 : deadline - now();
            struct pollfd pf = {c->fd, POLLIN, 0};
            if (poll(&pf, 1, deadline < 0 ? -1 : left > 0 ? (int)(left * 1000) : 0) <= 0)
                return 0;
        }
        long r;
        if (c->ssl) {
            r = SSL_read(c->ssl, c->buf + c->have, (int)(sizeof c->buf - c->have));
            if (r <= 0 && SSL_get_error(c->ssl, (int)r) == SSL_ERROR_WANT_READ)
                continue; /* a record that was not data (a session ticket) */
        } else {
            r = recv(c->fd, c->buf + c->have, sizeof c->buf - c->have, 0);
        }
        if (r <= 0)
            return 0;
        c->have += (size_t)r;
        return r;
    }
}

/* TLS over c->fd, the server's certificate checked against cafile for 127.0.0.1. */
static bool tls_connect(conn *c, const char *cafile)
{
    signal(SIGPIPE, SIG_IGN); /* SSL_write to a closed socket */
    c->ctx = SSL_CTX_new(TLS_client_method());
    if (!c->ctx || SSL_CTX_load_verify_locations(c->ctx, cafile, NULL) != 1) {
        printf("TLS failed: cannot load %s\n", cafile);
        return false;
    }
    SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
    c->ssl = SSL_new(c->ctx);
    if (!c->ssl || X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), "127.0.0.1") != 1 ||
        SSL_set_fd(c->ssl, c->fd) != 1) {
        printf("TLS failed: set-up\n");
        return false;
    }
    /* a blocking socket, but fill() keeps its timeout across non-data records */
    SSL_clear_mode(c->ssl, SSL_MODE_AUTO_RETRY);
    if (SSL_connect(c->ssl) != 1) {
        unsigned long e = ERR_get_error();
        const char *r = e ? ERR_reason_error_string(e) : NULL;
        printf("TLS failed: %s\n", r ? r : "handshake");
        return false;
    }
    return true;
}

static uint32_t next_rand(conn *c)
{
    c->rng ^= c->rng << 13;
    c->rng ^= c->rng >> 17;
    c->rng ^= c->rng << 5;
    return c->rng;
}

static bool send_frame(conn *c, int op, const void *payload, size_t n)
{
    unsigned char head[14];
    size_t h = 0;
    head[h++] = (unsigned char)(0x80 | op);
    if (n < 126) {
        head[h++] = (unsigned char)(0x80 | n);
    } else if (n < 65536) {
        head[h++] = 0x80 | 126;
        head[h++] = (unsigned char)(n >> 8);
        head[h++] = (unsigned char)n;
    } else {
        head[h++] = 0x80 | 127;
        for (int i = 7; i >= 0; i--)
            head[h++] = (unsigned char)((uint64_t)n >> (8 * i));
    }
    uint32_t m = next_rand(c);
    unsigned char mask[4] = {(unsigned char)m, (unsigned char)(m >> 8), (unsigned char)(m >> 16),
                             (unsigned char)(m >> 24)};
    memcpy(head + h, mask, 4);
    h += 4;
    unsigned char *out = malloc(h + n);
    if (!out)
        return false;
    memcpy(out, head, h);
    const unsigned char *p = payload;
    for (size_t i = 0; i < n; i++)
        out[h + i] = p[i] ^ mask[i % 4];
    bool ok = send_all(c, out, h + n);
    free(out);
    return ok;
}

static void base64(const unsigned char *in, size_t n, char *out)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t k = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
        out[k++] = a[v >> 18 & 63];
        out[k++] = a[v >> 12 & 63];
        out[k++] = i + 1 < n ? a[v >> 6 & 63] : '=';
        out[k++] = i + 2 < n ? a[v & 63] : '=';
    }
    out[k] = '\0';
}

static unsigned char *slurp_bytes(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "sertest ws: cannot open %s\n", path);
        return NULL;
    }
    size_t cap = 1 << 16;
    unsigned char *b = malloc(cap);
    *n = 0;
    size_t got;
    while (b && (got = fread(b + *n, 1, cap - *n, f)) > 0) {
        *n += got;
        if (*n == cap) {
            unsigned char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    fclose(f);
    return b;
}

static void pace(double t0, double bytes, double rate)
{
    if (rate <= 0)
        return;
    double wait = t0 + bytes / rate - now();
    if (wait > 0) {
        struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

/* Twilio Media Streams: connected, start, media per 20 ms of each track, stop. */
static bool send_twilio(conn *c, const unsigned char *in, size_t n_in, const unsigned char *out, size_t n_out,
                        const char *call_sid, char **params, int n_params, int rate, double pace_rate)
{
    char msg[4096];
    const char *sid = "MZ00000000000000000000000000000001";
    snprintf(msg, sizeof msg, "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
    if (!send_frame(c, 1, msg, strlen(msg)))
        return false;
    int k = snprintf(msg, sizeof msg,
                     "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"AC0\","
                     "\"streamSid\":\"%s\",\"callSid\":\"%s\",\"tracks\":[\"inbound\"%s],"
                     "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":%d,\"channels\":1},"
                     "\"customParameters\":{",
                     sid, call_sid, out ? ",\"outbound\"" : "", rate);
    for (int i = 0; i < n_params; i++) {
        char *eq = strchr(params[i], '=');
        if (!eq)
            continue;
        k += snprintf(msg + k, sizeof msg - (size_t)k, "%s\"%.*s\":\"%s\"", i ? "," : "", (int)(eq - params[i]),
                      params[i], eq + 1);
    }
    snprintf(msg + k, sizeof msg - (size_t)k, "}},\"streamSid\":\"%s\"}", sid);
    if (!send_frame(c, 1, msg, strlen(msg)))
        return false;
    size_t chunk = (size_t)rate / 50, seq = 2, total = n_in > n_out ? n_in : n_out;
    char b64[2048];
    double t0 = now();
    for (size_t at = 0; at < total; at += chunk) {
        pace(t0, (double)at, pace_rate);
        for (int tr = 0; tr < 2; tr++) {
            const unsigned char *src = tr ? out : in;
            size_t n = tr ? n_out : n_in;
            if (!src || at >= n)
                continue;
            size_t m = n - at < chunk ? n - at : chunk;
            base64(src + at, m, b64);
            snprintf(msg, sizeof msg,
                     "{\"event\":\"media\",\"sequenceNumber\":\"%zu\",\"media\":{\"track\":\"%s\",\"chunk\":\"%zu\","
                     "\"timestamp\":\"%zu\",\"payload\":\"%s\"},\"streamSid\":\"%s\"}",
                     seq++, tr ? "outbound" : "inbound", at / chunk + 1, at * 1000 / (size_t)rate, b64, sid);
            if (!send_frame(c, 1, msg, strlen(msg)))
                return false;
        }
    }
    snprintf(msg, sizeof msg,
             "{\"event\":\"stop\",\"sequenceNumber\":\"%zu\",\"stop\":{\"accountSid\":\"AC0\",\"callSid\":\"%s\"},"
             "\"streamSid\":\"%s\"}",
             seq, call_sid, sid);
    return send_frame(c, 1, msg, strlen(msg));
}

static int usage(void)
{
    fprintf(stderr, "usage: sertest ws PORT PATH [options] (see tests/tools/sertest_ws.c)\n");
    return 2;
}

static int run(int argc, char **argv, char **owned, int *n_owned);

static conn store; /* one connection per process */

int sertest_ws(int argc, char **argv)
{
    char *owned[16];
    int n_owned = 0;
    store.fd = -1;
    int rc = run(argc, argv, owned, &n_owned);
    for (int i = 0; i < n_owned; i++)
        free(owned[i]);
    if (store.ssl) {
        SSL_shutdown(store.ssl);
        SSL_free(store.ssl);
    }
    SSL_CTX_free(store.ctx);
    if (store.fd >= 0)
        close(store.fd);
    return rc;
}

static int run(int argc, char **argv, char **owned, int *n_owned)
{
    if (argc < 2)
        return usage();
    int port = atoi(argv[0]);
    const char *path = argv[1], *cafile = NULL, *pcm = NULL, *tw = NULL, *tw_out = NULL, *call_sid = "CA00000000000000000000000000000001";
    char *headers[16], *texts[16], *params[8];
    int n_headers = 0, n_texts = 0, n_params = 0, tw_rate = 8000;
    size_t chunk = 3200;
    double pace_rate = 0, listen_s = -1;
    bool stop = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--stop")) { stop = true; continue; }
        if (!v)
            return usage();
        i++;
        if (!strcmp(a, "--header") && n_headers < 16) headers[n_headers++] = argv[i];
        else if (!strcmp(a, "--text") && n_texts < 16) texts[n_texts++] = argv[i];
        else if (!strcmp(a, "--twilio-param") && n_params < 8) params[n_params++] = argv[i];
        else if (!strcmp(a, "--text-file") && n_texts < 16) {
            size_t n;
            unsigned char *b = slurp_bytes(v, &n);
            char *t = b ? realloc(b, n + 1) : NULL;
            if (!t)
                return 1;
            t[n] = '\0';
            texts[n_texts++] = owned[(*n_owned)++] = t;
        }
        else if (!strcmp(a, "--pcm")) pcm = v;
        else if (!strcmp(a, "--tls")) cafile = v;
        else if (!strcmp(a, "--twilio")) tw = v;
        else if (!strcmp(a, "--twilio-outbound")) tw_out = v;
        else if (!strcmp(a, "--call-sid")) call_sid = v;
        else if (!strcmp(a, "--twilio-rate")) tw_rate = atoi(v);
        else if (!strcmp(a, "--chunk")) chunk = (size_t)atol(v);
        else if (!strcmp(a, "--pace")) pace_rate = atof(v);
        else if (!strcmp(a, "--listen")) listen_s = atof(v);
        else return usage();
    }
    if (chunk == 0 || tw_rate < 50)
        return usage();
    conn *c = &store;
    c->rng = (uint32_t)getpid() * 2654435761u | 1u;
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa, sizeof sa)) {
        printf("CONNECT failed\n");
        return 1;
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (cafile && !tls_connect(c, cafile))
        return 1;
    unsigned char key_raw[16];
    char key[32], req[8192];
    for (int i = 0; i < 16; i++)
        key_raw[i] = (unsigned char)next_rand(c);
    base64(key_raw, 16, key);
    int k = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n",
                     path, port, key);
    for (int i = 0; i < n_headers; i++)
        k += snprintf(req + k, sizeof req - (size_t)k, "%s\r\n", headers[i]);
    snprintf(req + k, sizeof req - (size_t)k, "\r\n");
    if (!send_all(c, req, strlen(req))) {
        printf("CONNECT failed\n");
        return 1;
    }
    unsigned char *end = NULL;
    while (!(end = c->have >= 4 ? memmem(c->buf, c->have, "\r\n\r\n", 4) : NULL))
        if (!fill(c, 30))
            break;
    int status = 0;
    if (c->have > 9)
        status = atoi((const char *)c->buf + 9);
    if (status != 101) {
        while (fill(c, 5))
            ;
        size_t off = end ? (size_t)(end - c->buf) + 4 : c->have;
        size_t n = c->have - off;
        while (n > 0 && (c->buf[off + n - 1] == '\n' || c->buf[off + n - 1] == '\r'))
            n--;
        printf("HTTP %d %.*s\n", status, (int)n, (const char *)c->buf + off);
        return 3;
    }
    size_t off = (size_t)(end - c->buf) + 4;
    memmove(c->buf, c->buf + off, c->have - off);
    c->have -= off;
    size_t n_pcm = 0, n_tw = 0, n_out = 0;
    unsigned char *data = pcm ? slurp_bytes(pcm, &n_pcm) : NULL;
    unsigned char *twd = tw ? slurp_bytes(tw, &n_tw) : NULL;
    unsigned char *outd = tw_out ? slurp_bytes(tw_out, &n_out) : NULL;
    if ((pcm && !data) || (tw && !twd) || (tw_out && !outd))
        return 1;
    bool ok = true;
    double t0 = now();
    for (size_t at = 0; ok && at < n_pcm; at += chunk) {
        pace(t0, (double)at, pace_rate);
        ok = send_frame(c, 2, data + at, n_pcm - at < chunk ? n_pcm - at : chunk);
    }
    if (ok && tw)
        ok = send_twilio(c, twd, n_tw, outd, n_out, call_sid, params, n_params, tw_rate, pace_rate);
    for (int i = 0; ok && i < n_texts; i++)
        ok = send_frame(c, 1, texts[i], strlen(texts[i]));
    if (ok && stop)
        ok = send_frame(c, 1, "{\"type\":\"stop\"}", 15);
    free(data);
    free(twd);
    free(outd);
    /* read frames until close, EOF or the --listen deadline */
    double deadline = listen_s >= 0 ? now() + listen_s : -1;
    int code = -1;
    char reason[128] = "";
    for (;;) {
        size_t need = 2, n;
        if (c->have >= 2) {
            n = c->buf[1] & 0x7f;
            need = 2 + (n == 126 ? 2 : n == 127 ? 8 : 0);
            if (c->have >= need) {
                if (n == 126)
                    n = (size_t)c->buf[2] << 8 | c->buf[3];
                else if (n == 127) {
                    n = 0;
                    for (int i = 0; i < 8; i++)
                        n = n << 8 | c->buf[2 + i];
                }
                if (n > sizeof c->buf - need) {
                    printf("frame too large for the client\n");
                    break;
                }
                if (c->have >= need + n) {
                    int op = c->buf[0] & 0xf;
                    const unsigned char *p = c->buf + need;
                    if (op == 1) {
                        printf("%.*s\n", (int)n, (const char *)p);
                        fflush(stdout);
                    } else if (op == 8) {
                        code = n >= 2 ? p[0] << 8 | p[1] : 1005;
                        snprintf(reason, sizeof reason, "%.*s", n >= 2 ? (int)(n - 2) : 0, (const char *)p + 2);
                        send_frame(c, 8, p, n >= 2 ? 2 : 0);
                        break;
                    } else if (op == 9) {
                        send_frame(c, 10, p, n);
                    }
                    memmove(c->buf, c->buf + need + n, c->have - need - n);
                    c->have -= need + n;
                    continue;
                }
            }
        }
        double left = deadline < 0 ? -1 : deadline - now();
        if ((deadline >= 0 && left <= 0) || !fill(c, left))
            break;
    }
    if (code >= 0)
        printf("CLOSE %d %s\n", code, reason);
    else
        printf("CLOSE none \n");
    return 0;
}
