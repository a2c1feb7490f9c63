/* The server's HTTP side (app/server/: civetweb's request parsing, the
 * handlers of /healthz, /metrics, /v1/model, /, /v1/analyze, and the
 * WebSocket upgrades and frames of /ws/stream, /v1/events, /v1/twilio):
 * one `ser serve` server runs in this process (loopback, free port, token
 * "s3cret", the stream model of fuzz_model.h); each input is written as is
 * to a new connection, the write side is shut, and the answer is read
 * until the server closes (at most 3 s).  A crash, a sanitizer report or a
 * hang in the server fails the input; so does a server that no longer
 * answers /healthz afterwards (checked every 64 inputs and at exit). */
#define _GNU_SOURCE
#include "fuzz_common.h"

#include <arpa/inet.h>
#include <civetweb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>

#include "fuzz_model.h"
#include "server/server.h"

static ser_model *model;
static server *srv;
static int port;

static void release(void)
{
    server_stop(srv);
    mg_exit_library();
    ser_model_destroy(model);
}

static int connect_loopback(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Send data, shut the write side, read the answer until EOF or 3 s.
 * Bytes of answer read into out (up to cap), or -1 when no connection. */
static long exchange(const void *data, size_t size, char *out, size_t cap)
{
    int fd = connect_loopback();
    if (fd < 0)
        return -1;
    const char *p = data;
    for (size_t left = size; left > 0;) {
        ssize_t w = send(fd, p, left, MSG_NOSIGNAL);
        if (w <= 0)
            break; /* the server closed early: fine */
        p += w;
        left -= (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    size_t n = 0;
    double deadline = now_s() + 3;
    char sink[4096];
    for (;;) {
        int left_ms = (int)((deadline - now_s()) * 1000);
        struct pollfd pf = {fd, POLLIN, 0};
        if (left_ms <= 0 || poll(&pf, 1, left_ms) <= 0)
            break;
        ssize_t r = recv(fd, n < cap ? out + n : sink, n < cap ? cap - n : sizeof sink, 0);
        if (r <= 0)
            break;
        if (n < cap)
            n += (size_t)r;
    }
    close(fd);
    return (long)n;
}

static void check_alive(void)
{
    static const char req[] = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    char out[512];
    long n = exchange(req, sizeof req - 1, out, sizeof out - 1);
    if (n < 12 || memcmp(out, "HTTP/1.1 200", 12) != 0) {
        fprintf(stderr, "fuzz_http: the server no longer answers /healthz\n");
        abort();
    }
}

static void at_exit_check(void)
{
    check_alive();
    release();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned long runs;
    if (!srv) {
        signal(SIGPIPE, SIG_IGN);
        if (!(model = fz_stream_model()))
            abort();
        mg_init_library(0);
        server_config c = server_config_default();
        c.port = 0;
        c.token = "s3cret";
        c.model = model;
        c.model_path = "fuzz.sermodel";
        c.max_streams = 4;
        c.max_watchers = 2;
        c.max_body = 1u << 20;
        c.idle_timeout_ms = 3000;
        char err[256];
        if (!(srv = server_start(&c, err, sizeof err))) {
            fprintf(stderr, "fuzz_http: %s\n", err);
            abort();
        }
        port = server_port(srv);
        atexit(at_exit_check);
    }
    char out[256];
    if (exchange(data, size, out, sizeof out) < 0) {
        fprintf(stderr, "fuzz_http: cannot connect to the server\n");
        abort();
    }
    if (++runs % 64 == 0)
        check_alive();
    return 0;
}
