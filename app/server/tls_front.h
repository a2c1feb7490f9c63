/* tls_front.h - the front of `ser serve`: civetweb listens on a
 * loopback-only port and this front accepts on the public address, one
 * thread per connection, and pumps bytes both ways between the client and
 * a plain connection to civetweb.  civetweb then sees every client as
 * 127.0.0.1.
 *
 * Plain HTTP (no cert_file): the front reads the client's request header
 * (up to its blank line) within header_timeout_ms before it connects to
 * civetweb; a client that stalls in its header (slowloris) gets a 408 and
 * is closed, and never holds one of civetweb's worker threads (civetweb's
 * own request timeout is 30 s).  civetweb closes each HTTP connection after
 * its answer (no keep-alive), so every request passes this deadline.
 *
 * TLS (`ser serve --tls-cert F --tls-key F`, with OpenSSL; Debian's
 * civetweb 1.15 has TLS compiled in but broken with OpenSSL 3, docs/serve.md
 * "TLS"): the handshake (TLS 1.2 or newer, the given certificate chain and
 * key) must be done within handshake_timeout_ms, then the request header
 * as above.  A plain-HTTP request on the TLS port gets a short
 * "HTTP/1.0 400" telling it to use https://.
 *
 * Bounded: at most max_conns connections (more are closed at once); after
 * the header civetweb's own timeouts apply (its closing the plain side
 * closes the client's side, with a close_notify under TLS).  A client's
 * close (TLS close_notify or TCP EOF) half-closes the plain side so a last
 * response still gets out. */
#ifndef SER_APP_TLS_FRONT_H
#define SER_APP_TLS_FRONT_H

#include <stddef.h>

typedef struct tls_front tls_front;

typedef struct tls_front_config {
    const char *host;          /* address to bind ("127.0.0.1") */
    int port;                  /* 0: any free port */
    const char *cert_file;     /* PEM certificate (chain: leaf first); NULL: plain HTTP */
    const char *key_file;      /* PEM private key of the leaf; NULL with cert_file */
    int max_conns;             /* concurrent connections (> 0) */
    int handshake_timeout_ms;  /* TLS handshake deadline (10000) */
    int header_timeout_ms;     /* request header deadline, after any handshake (5000) */
} tls_front_config;

tls_front_config tls_front_config_default(void);

/* Load and check the certificate and key if any (naming the file at
 * fault), bind and listen.  NULL with a message in err (cap bytes) on failure. */
tls_front *tls_front_create(const tls_front_config *cfg, char *err, size_t cap);
/* The port actually bound (for port 0). */
int tls_front_port(const tls_front *f);
/* Start accepting; each connection is forwarded to 127.0.0.1:backend_port.
 * 0 on success, else -1 with a message in err. */
int tls_front_start(tls_front *f, int backend_port, char *err, size_t cap);
/* Stop accepting, close every connection (both sides), join, free. */
void tls_front_destroy(tls_front *f);

#endif
