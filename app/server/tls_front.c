/* tls_front.c - the front of civetweb: TLS termination and request-header
 * deadline (tls_front.h). */
#define _GNU_SOURCE /* accept4 */
#include "tls_front.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PUMP_BUF 16384                  /* bytes buffered each way per connection */
#define CONN_STACK ((size_t)256 << 10)  /* bytes of stack per connection thread */
#define PLAIN_DRAIN_MS 1000             /* reading a plain-HTTP request out before closing */

enum { SLOT_FREE, SLOT_RUNNING, SLOT_DONE };
enum { HS_OK, HS_FAIL, HS_PLAIN_HTTP };

typedef struct slot {
    pthread_t thread;
    int fd;    /* the client's socket */
    int state; /* SLOT_*, under front->lock */
    tls_front *front;
} slot;

struct tls_front {
    tls_front_config cfg;
    SSL_CTX *ctx;
    int listen_fd;
    int stop_pipe[2]; /* a byte in it: everyone stops (never read) */
    int backend_port;
    bool started;
    pthread_t acceptor;
    pthread_mutex_t lock;
    slot *slots; /* cfg.max_conns */
};

tls_front_config tls_front_config_default(void)
{
    tls_front_config c;
    memset(&c, 0, sizeof c);
    c.host = "127.0.0.1";
    c.port = 8443;
    c.max_conns = 64;
    c.handshake_timeout_ms = 10000;
    c.header_timeout_ms = 5000;
    return c;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void set_nodelay(int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* ---- certificate and key ---- */

/* Never prompt on the terminal for a passphrase: encrypted keys are refused. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return 0;
}

static const char *ssl_reason(void)
{
    unsigned long e = ERR_get_error();
    const char *r = e ? ERR_reason_error_string(e) : NULL;
    ERR_clear_error();
    return r ? r : "unknown error";
}

static bool readable(const char *opt, const char *path, char *err, size_t cap)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, cap, "%s %s: %s", opt, path, strerror(errno));
        return false;
    }
    fclose(fp);
    return true;
}

static SSL_CTX *load_context(const tls_front_config *cfg, char *err, size_t cap)
{
    if (!readable("--tls-cert", cfg->cert_file, err, cap) || !readable("--tls-key", cfg->key_file, err, cap))
        return NULL;
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        snprintf(err, cap, "TLS: %s", ssl_reason());
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_default_passwd_cb(ctx, no_passphrase);
    if (SSL_CTX_use_certificate_chain_file(ctx, cfg->cert_file) != 1) {
        snprintf(err, cap, "--tls-cert %s: not a PEM certificate (%s)", cfg->cert_file, ssl_reason());
        SSL_CTX_free(ctx);
        return NULL;
    }
    FILE *fp = fopen(cfg->key_file, "rb");
    EVP_PKEY *key = fp ? PEM_read_PrivateKey(fp, NULL, no_passphrase, NULL) : NULL;
    if (fp)
        fclose(fp);
    if (!key) {
        snprintf(err, cap, "--tls-key %s: not an unencrypted PEM private key (%s)", cfg->key_file, ssl_reason());
        SSL_CTX_free(ctx);
        return NULL;
    }
    if (X509_check_private_key(SSL_CTX_get0_certificate(ctx), key) != 1) {
        ERR_clear_error();
        snprintf(err, cap, "--tls-key %s does not match the certificate in --tls-cert %s", cfg->key_file,
                 cfg->cert_file);
        EVP_PKEY_free(key);
        SSL_CTX_free(ctx);
        return NULL;
    }
    int ok = SSL_CTX_use_PrivateKey(ctx, key);
    EVP_PKEY_free(key);
    if (ok != 1) {
        snprintf(err, cap, "--tls-key %s: %s", cfg->key_file, ssl_reason());
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static int listen_on(const char *host, int port, char *err, size_t cap)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc || !res) {
        snprintf(err, cap, "cannot listen on %s:%d: %s", host, port, gai_strerror(rc));
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(fd, res->ai_addr, res->ai_addrlen) || listen(fd, 128)) {
        snprintf(err, cap, "cannot listen on %s:%d: %s", host, port, strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    set_nonblocking(fd);
    return fd;
}

tls_front *tls_front_create(const tls_front_config *cfg, char *err, size_t cap)
{
    if (cfg->max_conns < 1 || !cfg->cert_file != !cfg->key_file || cfg->header_timeout_ms < 1) {
        snprintf(err, cap, "front: bad configuration");
        return NULL;
    }
    tls_front *f = calloc(1, sizeof *f);
    if (!f || !(f->slots = calloc((size_t)cfg->max_conns, sizeof *f->slots))) {
        free(f);
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    f->cfg = *cfg;
    f->listen_fd = f->stop_pipe[0] = f->stop_pipe[1] = -1;
    if ((cfg->cert_file && !(f->ctx = load_context(cfg, err, cap))) || (f->listen_fd = listen_on(cfg->host, cfg->port, err, cap)) < 0 ||
        pipe2(f->stop_pipe, O_CLOEXEC) || pthread_mutex_init(&f->lock, NULL)) {
        if ((f->ctx || !cfg->cert_file) && f->listen_fd >= 0)
            snprintf(err, cap, "front: %s", strerror(errno));
        if (f->stop_pipe[0] >= 0) {
            close(f->stop_pipe[0]);
            close(f->stop_pipe[1]);
        }
        if (f->listen_fd >= 0)
            close(f->listen_fd);
        SSL_CTX_free(f->ctx);
        free(f->slots);
        free(f);
        return NULL;
    }
    for (int i = 0; i < cfg->max_conns; i++)
        f->slots[i].front = f;
    return f;
}

int tls_front_port(const tls_front *f)
{
    struct sockaddr_in sa;
    socklen_t n = sizeof sa;
    if (getsockname(f->listen_fd, (struct sockaddr *)&sa, &n))
        return -1;
    return ntohs(sa.sin_port);
}

/* ---- one connection ---- */

/* poll fd for ev (and the stop pipe) until deadline (ms, now_ms()); false
 * on stop or timeout. */
static bool wait_for(tls_front *f, int fd, short ev, long long deadline)
{
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return false;
        struct pollfd p[2] = {{fd, ev, 0}, {f->stop_pipe[0], POLLIN, 0}};
        int n = poll(p, 2, (int)left);
        if (n < 0 && errno == EINTR)
            continue;
        return n > 0 && !p[1].revents;
    }
}

static int handshake(tls_front *f, SSL *ssl, int fd)
{
    long long deadline = now_ms() + f->cfg.handshake_timeout_ms;
    for (;;) {
        ERR_clear_error();
        int r = SSL_accept(ssl);
        if (r == 1)
            return HS_OK;
        int e = SSL_get_error(ssl, r);
        if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
            unsigned long le = ERR_peek_error();
            ERR_clear_error();
            return ERR_GET_LIB(le) == ERR_LIB_SSL && ERR_GET_REASON(le) == SSL_R_HTTP_REQUEST ? HS_PLAIN_HTTP
                                                                                                : HS_FAIL;
        }
        if (!wait_for(f, fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline))
            return HS_FAIL;
    }
}

/* A plain-HTTP request on the TLS port: say so, then read the rest of it
 * out (closing with unread bytes would reset the answer away). */
static void refuse_plain_http(tls_front *f, int fd)
{
#define PLAIN_BODY "this port speaks TLS: use https:// or wss://\n"
    static const char answer[] = "HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                                 "Content-Length: 45\r\n\r\n" PLAIN_BODY;
    _Static_assert(sizeof PLAIN_BODY - 1 == 45, "Content-Length");
    if (send(fd, answer, sizeof answer - 1, MSG_NOSIGNAL) < 0)
        return;
    shutdown(fd, SHUT_WR);
    long long deadline = now_ms() + PLAIN_DRAIN_MS;
    char sink[4096];
    while (wait_for(f, fd, POLLIN, deadline) && recv(fd, sink, sizeof sink, 0) > 0)
        ;
}

static int connect_backend(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
        close(fd);
        return -1;
    }
    set_nodelay(fd);
    set_nonblocking(fd);
    return fd;
}

/* The client's side: TLS (ssl) or plain (ssl NULL).  Read and write
 * return bytes moved (> 0), 0 at the client's close (reads), IO_WAIT with
 * the poll events to wait for in *ev, or IO_BROKEN. */
typedef struct client_io {
    SSL *ssl;
    int fd;
} client_io;

enum { IO_WAIT = -1, IO_BROKEN = -2 };

/* The poll events an SSL call that did not complete waits for; IO_BROKEN
 * when the connection is broken. */
static int ssl_wait(SSL *ssl, int r, int *ev)
{
    switch (SSL_get_error(ssl, r)) {
    case SSL_ERROR_WANT_READ: *ev = POLLIN; return IO_WAIT;
    case SSL_ERROR_WANT_WRITE: *ev = POLLOUT; return IO_WAIT;
    case SSL_ERROR_ZERO_RETURN: return 0; /* close_notify, or TCP EOF (SSL_OP_IGNORE_UNEXPECTED_EOF) */
    default: ERR_clear_error(); return IO_BROKEN;
    }
}

static int client_read(const client_io *c, unsigned char *buf, size_t n, int *ev)
{
    if (c->ssl) {
        ERR_clear_error();
        int r = SSL_read(c->ssl, buf, (int)n);
        return r > 0 ? r : ssl_wait(c->ssl, r, ev);
    }
    ssize_t r = recv(c->fd, buf, n, 0);
    if (r >= 0)
        return (int)r;
    *ev = POLLIN;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? IO_WAIT : IO_BROKEN;
}

static int client_write(const client_io *c, const unsigned char *buf, size_t n, int *ev)
{
    if (c->ssl) {
        ERR_clear_error();
        int w = SSL_write(c->ssl, buf, (int)n);
        if (w > 0)
            return w;
        int r = ssl_wait(c->ssl, w, ev);
        return r == 0 ? IO_BROKEN : r;
    }
    ssize_t w = send(c->fd, buf, n, MSG_NOSIGNAL);
    if (w > 0)
        return (int)w;
    *ev = POLLOUT;
    return w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? IO_WAIT : IO_BROKEN;
}

/* true when buf[from..n) holds the blank line ending a request header:
 * "\n\n" or "\n\r\n" (the end of "\r\n\r\n"), as civetweb accepts. */
static bool header_ends(const unsigned char *buf, size_t from, size_t n)
{
    for (size_t i = from; i + 1 < n; i++)
        if (buf[i] == '\n' && (buf[i + 1] == '\n' || (buf[i + 1] == '\r' && i + 2 < n && buf[i + 2] == '\n')))
            return true;
    return false;
}

/* Read the client's request header (up to the blank line, or a full
 * buffer: civetweb then refuses it) into buf within header_timeout_ms, so
 * that a client stalling in its header (slowloris) never reaches a civetweb
 * worker.  Bytes read; 0 when the client closed, broke, was too slow (it
 * gets a 408) or on stop. */
static size_t read_request_header(tls_front *f, const client_io *c, unsigned char *buf, size_t cap)
{
    static const unsigned char timeout_answer[] =
        "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
    long long deadline = now_ms() + f->cfg.header_timeout_ms;
    size_t n = 0;
    while (n < cap) {
        int ev = 0;
        int r = client_read(c, buf + n, cap - n, &ev);
        if (r > 0) {
            size_t from = n >= 2 ? n - 2 : 0;
            n += (size_t)r;
            if (header_ends(buf, from, n))
                return n;
        } else if (r != IO_WAIT) {
            return 0;
        } else if (!wait_for(f, c->fd, (short)ev, deadline)) {
            if (now_ms() >= deadline) /* best effort: the socket has room for it */
                client_write(c, timeout_answer, sizeof timeout_answer - 1, &ev);
            return 0;
        }
    }
    return n;
}

/* Bytes both ways until civetweb closes (then close_notify to a TLS
 * client), the client's side breaks, or stop; up holds up_n bytes (the
 * request header) to send first.  The client's close half-closes the
 * plain side.  Non-blocking sockets; a pass moves what it can, then one
 * poll waits on exactly what the stalled directions wait for. */
static void pump(tls_front *f, const client_io *c, int bfd, unsigned char *up, size_t up_n)
{
    unsigned char down[PUMP_BUF];
    size_t up_off = 0, down_n = 0, down_off = 0;
    bool client_eof = false, backend_eof = false, backend_shut = false;
    for (;;) {
        bool progress = false;
        int cev = 0, bev = 0;
        /* client -> civetweb */
        if (!client_eof && up_n == 0) {
            int ev = 0;
            int r = client_read(c, up, PUMP_BUF, &ev);
            if (r > 0) {
                up_n = (size_t)r;
                up_off = 0;
                progress = true;
            } else if (r == 0) {
                client_eof = progress = true;
            } else if (r == IO_WAIT) {
                cev |= ev;
            } else {
                return;
            }
        }
        if (up_off < up_n) {
            ssize_t w = send(bfd, up + up_off, up_n - up_off, MSG_NOSIGNAL);
            if (w > 0) {
                up_off += (size_t)w;
                if (up_off == up_n)
                    up_off = up_n = 0;
                progress = true;
            } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
                bev |= POLLOUT;
            } else if (errno != EINTR) {
                return; /* civetweb dropped the connection */
            }
        }
        if (client_eof && up_n == 0 && !backend_shut) {
            shutdown(bfd, SHUT_WR);
            backend_shut = progress = true;
        }
        /* civetweb -> client */
        if (!backend_eof && down_n == 0) {
            ssize_t r = recv(bfd, down, sizeof down, 0);
            if (r > 0) {
                down_n = (size_t)r;
                down_off = 0;
                progress = true;
            } else if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                bev |= POLLIN;
            } else if (r == 0 || errno != EINTR) {
                backend_eof = progress = true;
            }
        }
        if (down_off < down_n) {
            int ev = 0;
            int w = client_write(c, down + down_off, down_n - down_off, &ev);
            if (w > 0) {
                down_off += (size_t)w;
                if (down_off == down_n)
                    down_off = down_n = 0;
                progress = true;
            } else if (w == IO_WAIT) {
                cev |= ev;
            } else {
                return;
            }
        }
        if (backend_eof && down_n == 0) {
            if (c->ssl) {
                ERR_clear_error();
                SSL_shutdown(c->ssl); /* close_notify; not waiting for the client's */
            }
            return;
        }
        if (progress)
            continue;
        struct pollfd p[3] = {{cev ? c->fd : -1, (short)cev, 0}, {bev ? bfd : -1, (short)bev, 0},
                              {f->stop_pipe[0], POLLIN, 0}};
        if (poll(p, 3, -1) < 0 && errno != EINTR)
            return;
        if (p[2].revents)
            return;
    }
}

/* The request header, then civetweb, then both ways. */
static void forward(tls_front *f, const client_io *c)
{
    unsigned char up[PUMP_BUF];
    size_t n = read_request_header(f, c, up, sizeof up);
    if (n == 0)
        return;
    int bfd = connect_backend(f->backend_port);
    if (bfd >= 0) {
        pump(f, c, bfd, up, n);
        close(bfd);
    }
}

static void serve_connection(tls_front *f, int fd)
{
    set_nodelay(fd);
    client_io c = {NULL, fd};
    if (!f->ctx) {
        forward(f, &c);
        return;
    }
    SSL *ssl = SSL_new(f->ctx);
    if (!ssl || SSL_set_fd(ssl, fd) != 1) {
        SSL_free(ssl);
        return;
    }
    int hs = handshake(f, ssl, fd);
    if (hs == HS_OK) {
        c.ssl = ssl;
        forward(f, &c);
    } else if (hs == HS_PLAIN_HTTP) {
        refuse_plain_http(f, fd);
    }
    SSL_free(ssl);
    ERR_clear_error();
}

static void *connection_main(void *arg)
{
    slot *s = arg;
    serve_connection(s->front, s->fd);
    close(s->fd);
    pthread_mutex_lock(&s->front->lock);
    s->state = SLOT_DONE;
    pthread_mutex_unlock(&s->front->lock);
    return NULL;
}

/* Join finished connections; a free slot, or NULL at the limit. */
static slot *take_slot(tls_front *f)
{
    slot *free_slot = NULL;
    pthread_mutex_lock(&f->lock);
    for (int i = 0; i < f->cfg.max_conns; i++) {
        slot *s = &f->slots[i];
        if (s->state == SLOT_DONE) {
            pthread_join(s->thread, NULL);
            s->state = SLOT_FREE;
        }
        if (s->state == SLOT_FREE && !free_slot)
            free_slot = s;
    }
    if (free_slot)
        free_slot->state = SLOT_RUNNING;
    pthread_mutex_unlock(&f->lock);
    return free_slot;
}

static void *accept_main(void *arg)
{
    tls_front *f = arg;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, CONN_STACK);
    for (;;) {
        struct pollfd p[2] = {{f->listen_fd, POLLIN, 0}, {f->stop_pipe[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            break;
        if (p[1].revents)
            break;
        if (!(p[0].revents & POLLIN))
            continue;
        int fd = accept4(f->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                wait_for(f, -1, 0, now_ms() + 100); /* out of descriptors: back off */
            continue;
        }
        slot *s = take_slot(f);
        if (!s) {
            close(fd); /* over --max-conns: closed at once */
            continue;
        }
        s->fd = fd;
        if (pthread_create(&s->thread, &attr, connection_main, s)) {
            close(fd);
            pthread_mutex_lock(&f->lock);
            s->state = SLOT_FREE;
            pthread_mutex_unlock(&f->lock);
        }
    }
    pthread_attr_destroy(&attr);
    return NULL;
}

int tls_front_start(tls_front *f, int backend_port, char *err, size_t cap)
{
    f->backend_port = backend_port;
    if (pthread_create(&f->acceptor, NULL, accept_main, f)) {
        snprintf(err, cap, "front: cannot start a thread");
        return -1;
    }
    f->started = true;
    return 0;
}

void tls_front_destroy(tls_front *f)
{
    if (!f)
        return;
    if (f->started) {
        char b = 1;
        while (write(f->stop_pipe[1], &b, 1) < 0 && errno == EINTR)
            ;
        pthread_join(f->acceptor, NULL);
        /* every connection sees the stop pipe and returns */
        for (int i = 0; i < f->cfg.max_conns; i++) {
            pthread_mutex_lock(&f->lock);
            bool used = f->slots[i].state != SLOT_FREE;
            pthread_mutex_unlock(&f->lock);
            if (used)
                pthread_join(f->slots[i].thread, NULL);
        }
    }
    close(f->listen_fd);
    close(f->stop_pipe[0]);
    close(f->stop_pipe[1]);
    pthread_mutex_destroy(&f->lock);
    SSL_CTX_free(f->ctx);
    free(f->slots);
    free(f);
}
