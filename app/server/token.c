/* token.c - the server's token check, without civetweb (server.h). */
#include <string.h>

#include "server.h"

bool server_same_secret(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    unsigned char diff = (unsigned char)(na != nb);
    for (size_t i = 0; i < na; i++)
        diff |= (unsigned char)(a[i] ^ b[i % (nb ? nb : 1)]);
    return diff == 0;
}

bool server_token_matches(const server *srv, const char *token)
{
    return !srv->cfg.token || !*srv->cfg.token || server_same_secret(token, srv->cfg.token);
}
