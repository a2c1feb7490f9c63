/* ws_load - load generator for `ser serve`: N concurrent WebSocket streams
 * (/ws/stream) fed with real audio at real-time pace; measures event
 * latency, errors and the server's memory.
 *
 *   ws_load --port P --audio FILE.raw [--streams N] [--duration S]
 *           [--frame-ms 20] [--warmup S] [--connect-rate R] [--pid PID]
 *           [--token T] [--host 127.0.0.1] [--seed N]
 *
 * FILE.raw: s16le mono 16 kHz (e.g. `sox a.flac b.flac -t raw -r 16000
 * -e signed-integer -b 16 -L -c 1 call.raw`), looped; stream i starts at
 * a different offset of it.  Connections open at --connect-rate per
 * second (so their hops are spread in time, as real calls are); each
 * stream, once upgraded, sends one binary frame of --frame-ms of audio
 * every --frame-ms (the schedule is absolute: t0 + k * frame).
 *
 * Latency (DESIGN.md: from the arrival of the last audio sample an event
 * covers to its emission), seen by the client: receipt time of the event
 * minus the time the frame holding its last sample (sample round(t_end *
 * 16000) - 1) was written to the socket; it adds the loopback network and
 * the server's queueing to the server-side figure.  Only events received
 * during the measurement window (after every stream is connected and
 * --warmup seconds more) count.  lag = send time - scheduled time shows
 * when the generator itself falls behind (then the figures are not the
 * server's).  Receipt is the kernel's arrival stamp (SO_TIMESTAMPNS) of
 * the first bytes of the read that holds the event, so a generator
 * starved of CPU does not count its own delay after the arrival.  The
 * server's own view (its ser_event_latency_seconds histogram over the
 * window, GET /metrics before and after): server_p50_le_ms and
 * server_p99_le_ms, the upper bound of the bucket holding the percentile.
 *
 * Output: one line of key=value (streams, connected, events,
 * events_per_stream_s, errors and each error kind, p50_ms, p90_ms,
 * p99_ms, max_ms, lag_p99_ms, lag_max_ms, server_cpu (cores used during
 * the window), client_cpu, rss_kb (server VmRSS at the end of the
 * window), rss_start_kb (before the first connection)).
 * Exit 0 when it ran (even with errors), 2 on usage errors.
 * Single thread, epoll, no dependency beyond libc. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RATE 16000
#define RING 1024 /* send times of the last RING frames of a stream */

enum { C_IDLE, C_CONNECTING, C_HANDSHAKE, C_STREAMING, C_DONE };
enum { E_CONNECT, E_HTTP, E_CLOSED, E_EOF, E_PROTOCOL, E_N };
static const char *const err_name[E_N] = {"err_connect", "err_http", "err_closed", "err_eof", "err_protocol"};

typedef struct conn {
    int fd, state;
    size_t id;
    double t0;              /* scheduled time of frame 0 */
    uint64_t sent, marked;  /* frames queued; frames whose send time is known */
    size_t audio_pos;       /* next sample of the looped audio */
    unsigned char *out;     /* pending bytes */
    size_t out_len, out_off, out_cap;
    unsigned char *in;
    size_t in_len, in_cap;
    double sent_at[RING];
    uint64_t events;
} conn;

typedef struct dvec {
    double *v;
    size_t n, cap;
} dvec;

static struct {
    const char *host, *token, *audio_path;
    int port, pid, n_streams;
    double duration, frame_s, warmup, connect_rate;
    unsigned long long seed;
} opt = {"127.0.0.1", NULL, NULL, 0, 0, 100, 20.0, 0.020, 3.0, 200.0, 1};

static int16_t *audio;
static size_t n_audio, frame_samples;
static unsigned long long errors[E_N], http_codes[600];
static dvec lat, lag;
static uint64_t rng_state;
static int ep;

/* CLOCK_REALTIME: the clock of the kernel's receive timestamps. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static void push(dvec *d, double x)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 4096;
        d->v = realloc(d->v, d->cap * sizeof *d->v);
        if (!d->v) {
            fprintf(stderr, "ws_load: out of memory\n");
            exit(1);
        }
    }
    d->v[d->n++] = x;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted vector. */
static double pct(const dvec *d, double p)
{
    if (!d->n)
        return NAN;
    size_t k = (size_t)ceil(p / 100.0 * (double)d->n);
    return d->v[k ? k - 1 : 0];
}

static long proc_kb(int pid, const char *key)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    size_t kl = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, key, kl) && line[kl] == ':')
            kb = atol(line + kl + 1);
    if (f)
        fclose(f);
    return kb;
}

/* utime + stime of a process, s. */
static double proc_cpu(int pid)
{
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return NAN;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    if (!p)
        return NAN;
    unsigned long ut = 0, st = 0;
    /* fields after ")": state(3) ... utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return NAN;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static double self_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_sec
           + 1e-6 * (double)ru.ru_stime.tv_usec;
}

static void reserve(unsigned char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return;
    size_t c = *cap ? *cap : 4096;
    while (c < need)
        c *= 2;
    *buf = realloc(*buf, c);
    if (!*buf) {
        fprintf(stderr, "ws_load: out of memory\n");
        exit(1);
    }
    *cap = c;
}

static void finish(conn *c, int kind)
{
    if (c->state == C_DONE)
        return;
    if (kind >= 0)
        errors[kind]++;
    if (c->fd >= 0) {
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
    }
    c->fd = -1;
    c->state = C_DONE;
}

static void want_write(conn *c, int on)
{
    struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0u), .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Write what is pending; frames become "sent" when the buffer drains. */
static void flush_out(conn *c, double t)
{
    while (c->out_off < c->out_len) {
        ssize_t k = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            want_write(c, 1);
            return;
        }
        if (k <= 0) {
            finish(c, E_EOF);
            return;
        }
        c->out_off += (size_t)k;
    }
    c->out_off = c->out_len = 0;
    for (; c->marked < c->sent; c->marked++) {
        c->sent_at[c->marked % RING] = t;
        if (c->state == C_STREAMING)
            push(&lag, t - (c->t0 + (double)c->marked * opt.frame_s));
    }
    if (c->fd >= 0)
        want_write(c, 0);
}

static void queue_frame(conn *c)
{
    size_t payload = frame_samples * 2, hdr = payload < 126 ? 6 : 8;
    reserve(&c->out, &c->out_cap, c->out_len + hdr + payload);
    unsigned char *p = c->out + c->out_len;
    p[0] = 0x82; /* FIN, binary */
    if (payload < 126) {
        p[1] = (unsigned char)(0x80 | payload);
    } else {
        p[1] = 0x80 | 126;
        p[2] = (unsigned char)(payload >> 8);
        p[3] = (unsigned char)(payload & 0xff);
    }
    uint32_t key = rnd();
    unsigned char *mask = p + hdr - 4, *data = p + hdr;
    memcpy(mask, &key, 4);
    for (size_t i = 0; i < frame_samples; i++) {
        uint16_t s = (uint16_t)audio[c->audio_pos];
        c->audio_pos = (c->audio_pos + 1) % n_audio;
        data[2 * i] = (unsigned char)(s & 0xff) ^ mask[(2 * i) & 3];
        data[2 * i + 1] = (unsigned char)(s >> 8) ^ mask[(2 * i + 1) & 3];
    }
    c->out_len += hdr + payload;
    c->sent++;
}

static void start_connect(conn *c, const struct sockaddr_in *sa)
{
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        finish(c, E_CONNECT);
        return;
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(c->fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
    c->state = C_CONNECTING;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
    if (connect(c->fd, (const struct sockaddr *)sa, sizeof *sa) < 0 && errno != EINPROGRESS)
        finish(c, E_CONNECT);
}

static void send_handshake(conn *c, double t)
{
    char req[1024];
    int n = snprintf(req, sizeof req,
                     "GET /ws/stream?call_id=load-%zu&format=s16le&rate=%d HTTP/1.1\r\nHost: %s:%d\r\n"
                     "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n%s%s%s\r\n",
                     c->id, RATE, opt.host, opt.port, opt.token ? "Authorization: Bearer " : "",
                     opt.token ? opt.token : "", opt.token ? "\r\n" : "");
    reserve(&c->out, &c->out_cap, (size_t)n);
    memcpy(c->out, req, (size_t)n);
    c->out_len = (size_t)n;
    c->out_off = 0;
    c->state = C_HANDSHAKE;
    flush_out(c, t);
}

/* One text frame from the server: an event. */
static void on_event(conn *c, const char *s, size_t n, double t, double m0, double m1)
{
    const char *k = memmem(s, n, "\"t_end\":", 8);
    if (!k) {
        errors[E_PROTOCOL]++;
        return;
    }
    double t_end = strtod(k + 8, NULL);
    long long e = llround(t_end * RATE);
    uint64_t f = e > 0 ? (uint64_t)(e - 1) / frame_samples : 0;
    c->events++;
    if (f >= c->marked) { /* an event for audio not (fully) sent: impossible */
        errors[E_PROTOCOL]++;
        return;
    }
    if (t < m0 || t > m1)
        return;
    double sent = c->marked - f <= RING ? c->sent_at[f % RING] : c->t0 + (double)f * opt.frame_s;
    push(&lat, t - sent);
}

static void on_readable(conn *c, double t, double m0, double m1)
{
    bool eof = false, stamped = false;
    for (;;) {
        reserve(&c->in, &c->in_cap, c->in_len + 65536);
        struct iovec iov = {c->in + c->in_len, c->in_cap - c->in_len};
        union {
            char buf[CMSG_SPACE(sizeof(struct timespec))];
            struct cmsghdr align;
        } ctl;
        struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
        ssize_t k = recvmsg(c->fd, &mh, 0);
        /* receipt = the kernel's arrival time of the first bytes read, so that a
           generator starved of CPU does not count its own delay as the server's */
        for (struct cmsghdr *cm = k > 0 ? CMSG_FIRSTHDR(&mh) : NULL; cm && !stamped; cm = CMSG_NXTHDR(&mh, cm))
            if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_TIMESTAMPNS) {
                struct timespec ts;
                memcpy(&ts, CMSG_DATA(cm), sizeof ts);
                t = (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
                stamped = true;
            }
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (k <= 0) { /* parse what came first (an HTTP refusal, a close frame) */
            eof = true;
            break;
        }
        c->in_len += (size_t)k;
    }
    size_t off = 0;
    if (c->state == C_HANDSHAKE) {
        unsigned char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
        if (!end) {
            if (eof)
                finish(c, E_HTTP);
            return;
        }
        int code = 0;
        if (sscanf((const char *)c->in, "HTTP/1.1 %d", &code) != 1 || code != 101) {
            if (code > 0 && code < 600)
                http_codes[code]++;
            finish(c, E_HTTP);
            return;
        }
        off = (size_t)(end + 4 - c->in);
        c->state = C_STREAMING;
        c->t0 = t;
    }
    while (c->state == C_STREAMING && c->in_len - off >= 2) {
        const unsigned char *p = c->in + off;
        size_t avail = c->in_len - off, hdr = 2;
        uint64_t len = p[1] & 0x7f;
        if (len == 126) {
            if (avail < 4)
                break;
            len = ((uint64_t)p[2] << 8) | p[3];
            hdr = 4;
        } else if (len == 127) {
            if (avail < 10)
                break;
            len = 0;
            for (int i = 0; i < 8; i++)
                len = (len << 8) | p[2 + i];
            hdr = 10;
        }
        if (avail < hdr + len)
            break;
        int op = p[0] & 0x0f;
        if (op == 1)
            on_event(c, (const char *)p + hdr, (size_t)len, t, m0, m1);
        else if (op == 8) {
            int code = len >= 2 ? (p[hdr] << 8) | p[hdr + 1] : 0;
            fprintf(stderr, "ws_load: stream %zu closed by the server (%d %.*s)\n", c->id, code,
                    len > 2 ? (int)len - 2 : 0, (const char *)p + hdr + 2);
            finish(c, E_CLOSED);
            return;
        }
        off += hdr + (size_t)len;
    }
    memmove(c->in, c->in + off, c->in_len - off);
    c->in_len -= off;
    if (eof)
        finish(c, E_EOF);
}

/* The server's event-latency histogram (GET /metrics): cumulative counts
 * per bucket bound; returns the number of buckets (0 on failure). */
#define MAX_BUCKETS 32
static int fetch_hist(const struct sockaddr_in *sa, double *le, unsigned long long *cum)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct timeval tv = {2, 0};
    if (fd < 0)
        return 0;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char req[512], *resp = NULL;
    int n = snprintf(req, sizeof req, "GET /metrics HTTP/1.1\r\nHost: %s\r\n%s%s%sConnection: close\r\n\r\n",
                     opt.host, opt.token ? "Authorization: Bearer " : "", opt.token ? opt.token : "",
                     opt.token ? "\r\n" : "");
    size_t len = 0, cap = 0;
    if (connect(fd, (const struct sockaddr *)sa, sizeof *sa) == 0 && send(fd, req, (size_t)n, MSG_NOSIGNAL) == n)
        for (;;) {
            reserve((unsigned char **)&resp, &cap, len + 8192);
            ssize_t k = recv(fd, resp + len, cap - len - 1, 0);
            if (k <= 0)
                break;
            len += (size_t)k;
        }
    close(fd);
    int nb = 0;
    for (char *p = resp ? (resp[len] = '\0', resp) : NULL; p && (p = strstr(p, "ser_event_latency_seconds_bucket{le=\""));) {
        p += strlen("ser_event_latency_seconds_bucket{le=\"");
        if (nb < MAX_BUCKETS) {
            le[nb] = !strncmp(p, "+Inf", 4) ? INFINITY : strtod(p, NULL);
            char *q = strstr(p, "} ");
            cum[nb++] = q ? strtoull(q + 2, NULL, 10) : 0;
        }
    }
    free(resp);
    return nb;
}

/* The bound of the first bucket holding the p-th percentile of the events
 * between two histograms (NAN without events). */
static double hist_pct(int nb, const double *le, const unsigned long long *c0, const unsigned long long *c1, double p)
{
    unsigned long long total = nb ? c1[nb - 1] - c0[nb - 1] : 0;
    for (int b = 0; b < nb && total; b++)
        if ((double)(c1[b] - c0[b]) >= p / 100.0 * (double)total)
            return le[b];
    return NAN;
}

static int16_t *read_audio(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat sb;
    if (fstat(fileno(f), &sb) || sb.st_size < 2 * RATE) {
        fclose(f);
        return NULL;
    }
    *n = (size_t)sb.st_size / 2;
    int16_t *a = malloc(*n * sizeof *a);
    if (a && fread(a, 2, *n, f) != *n) {
        free(a);
        a = NULL;
    }
    fclose(f);
    return a;
}

static int usage(void)
{
    fprintf(stderr, "usage: ws_load --port P --audio FILE.raw (s16le mono 16 kHz) [--streams N] [--duration S]\n"
                    "               [--frame-ms MS] [--warmup S] [--connect-rate R] [--pid SERVER_PID]\n"
                    "               [--token T] [--host A.B.C.D] [--seed N]\n");
    return 2;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return usage();
        if (!strcmp(a, "--port"))
            opt.port = atoi(v);
        else if (!strcmp(a, "--audio"))
            opt.audio_path = v;
        else if (!strcmp(a, "--streams"))
            opt.n_streams = atoi(v);
        else if (!strcmp(a, "--duration"))
            opt.duration = atof(v);
        else if (!strcmp(a, "--frame-ms"))
            opt.frame_s = atof(v) / 1000.0;
        else if (!strcmp(a, "--warmup"))
            opt.warmup = atof(v);
        else if (!strcmp(a, "--connect-rate"))
            opt.connect_rate = atof(v);
        else if (!strcmp(a, "--pid"))
            opt.pid = atoi(v);
        else if (!strcmp(a, "--token"))
            opt.token = v;
        else if (!strcmp(a, "--host"))
            opt.host = v;
        else if (!strcmp(a, "--seed"))
            opt.seed = strtoull(v, NULL, 10);
        else
            return usage();
        i++;
    }
    if (opt.port <= 0 || !opt.audio_path || opt.n_streams < 0 || !(opt.duration > 0) || !(opt.frame_s >= 0.001)
        || !(opt.connect_rate > 0))
        return usage();
    if (!(audio = read_audio(opt.audio_path, &n_audio))) {
        fprintf(stderr, "ws_load: cannot read %s (s16le, at least 1 s)\n", opt.audio_path);
        return 2;
    }
    frame_samples = (size_t)llround(opt.frame_s * RATE);
    opt.frame_s = (double)frame_samples / RATE;
    rng_state = opt.seed * 0x9E3779B97F4A7C15ull + 1;
    struct rlimit rl;
    if (!getrlimit(RLIMIT_NOFILE, &rl)) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    signal(SIGPIPE, SIG_IGN);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt.port)};
    if (inet_pton(AF_INET, opt.host, &sa.sin_addr) != 1)
        return usage();
    ep = epoll_create1(EPOLL_CLOEXEC);
    size_t N = (size_t)opt.n_streams;
    conn *cs = calloc(N ? N : 1, sizeof *cs);
    if (ep < 0 || !cs)
        return 1;
    for (size_t i = 0; i < N; i++) {
        cs[i].fd = -1;
        cs[i].id = i;
        cs[i].audio_pos = (size_t)(((unsigned long long)i * 7919u * 160u + rnd() % 160u) % n_audio);
    }
    long rss_start = opt.pid ? proc_kb(opt.pid, "VmRSS") : -1;
    double start = now_s();
    double ramp_end = start + (double)N / opt.connect_rate;
    double m0 = ramp_end + opt.warmup, m1 = m0 + opt.duration;
    double cpu0 = NAN, self0 = 0.0, cpu1 = NAN, self1 = 0.0;
    long rss = -1, hwm = -1;
    double le0[MAX_BUCKETS], le1[MAX_BUCKETS];
    unsigned long long h0[MAX_BUCKETS], h1[MAX_BUCKETS];
    int nb0 = 0;
    size_t next_open = 0;
    struct epoll_event evs[256];
    for (;;) {
        double t = now_s();
        if (isnan(cpu0) && t >= m0) {
            cpu0 = opt.pid ? proc_cpu(opt.pid) : 0.0;
            self0 = self_cpu();
            nb0 = fetch_hist(&sa, le0, h0);
        }
        if (t >= m1)
            break;
        while (next_open < N && start + (double)next_open / opt.connect_rate <= t)
            start_connect(&cs[next_open++], &sa);
        for (size_t i = 0; i < N; i++) {
            conn *c = &cs[i];
            if (c->state != C_STREAMING)
                continue;
            bool queued = false;
            while (c->state == C_STREAMING && c->t0 + (double)c->sent * opt.frame_s <= t) {
                queue_frame(c);
                queued = true;
            }
            if (queued && c->out_off == 0)
                flush_out(c, t);
        }
        int n = epoll_wait(ep, evs, 256, 1);
        t = now_s();
        for (int k = 0; k < n; k++) {
            conn *c = evs[k].data.ptr;
            if (c->state == C_DONE)
                continue;
            if (c->state == C_CONNECTING) {
                int e = 0;
                socklen_t el = sizeof e;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &el);
                if (e || (evs[k].events & (EPOLLERR | EPOLLHUP))) {
                    finish(c, E_CONNECT);
                    continue;
                }
                send_handshake(c, t);
                continue;
            }
            if (evs[k].events & EPOLLOUT)
                flush_out(c, t);
            if (c->state != C_DONE && (evs[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                on_readable(c, t, m0, m1);
        }
    }
    int nb1 = fetch_hist(&sa, le1, h1);
    cpu1 = opt.pid ? proc_cpu(opt.pid) : 0.0;
    self1 = self_cpu();
    if (opt.pid) {
        rss = proc_kb(opt.pid, "VmRSS");
        hwm = proc_kb(opt.pid, "VmHWM");
    }
    size_t connected = 0;
    uint64_t events = 0;
    for (size_t i = 0; i < N; i++) {
        connected += cs[i].state == C_STREAMING;
        events += cs[i].events;
        if (cs[i].fd >= 0)
            close(cs[i].fd);
        free(cs[i].out);
        free(cs[i].in);
    }
    qsort(lat.v, lat.n, sizeof *lat.v, cmp_double);
    qsort(lag.v, lag.n, sizeof *lag.v, cmp_double);
    unsigned long long total_err = 0;
    for (int e = 0; e < E_N; e++)
        total_err += errors[e];
    printf("streams=%zu connected=%zu events=%llu measured=%zu events_per_stream_s=%.3f errors=%llu", N, connected,
           (unsigned long long)events, lat.n, N ? (double)lat.n / (double)N / opt.duration : 0.0, total_err);
    for (int e = 0; e < E_N; e++)
        printf(" %s=%llu", err_name[e], errors[e]);
    for (int h = 0; h < 600; h++)
        if (http_codes[h])
            printf(" http_%d=%llu", h, http_codes[h]);
    printf(" p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f lag_p99_ms=%.2f lag_max_ms=%.2f", 1e3 * pct(&lat, 50),
           1e3 * pct(&lat, 90), 1e3 * pct(&lat, 99), lat.n ? 1e3 * lat.v[lat.n - 1] : NAN, 1e3 * pct(&lag, 99),
           lag.n ? 1e3 * lag.v[lag.n - 1] : NAN);
    bool same = nb0 && nb0 == nb1;
    for (int b = 0; same && b < nb0; b++)
        same = le0[b] == le1[b];
    printf(" server_p50_le_ms=%g server_p99_le_ms=%g", same ? 1e3 * hist_pct(nb0, le0, h0, h1, 50) : NAN,
           same ? 1e3 * hist_pct(nb0, le0, h0, h1, 99) : NAN);
    printf(" server_cpu=%.3f client_cpu=%.3f rss_start_kb=%ld rss_kb=%ld hwm_kb=%ld\n",
           (cpu1 - cpu0) / opt.duration, (self1 - self0) / opt.duration, rss_start, rss, hwm);
    free(lat.v);
    free(lag.v);
    free(cs);
    free(audio);
    close(ep);
    return 0;
}
