/* live_calls.c - the list of live call connections (server.h server_live)
 * and the graceful shutdown that ends each of them: on SIGTERM every call
 * gets its last events and a close frame 1001 instead of a cut socket. */
#include <civetweb.h>
#include <time.h>

#include "server.h"

bool server_live_add(server *srv, server_live *live)
{
    pthread_mutex_init(&live->lock, NULL);
    live->drained = false;
    live->prev = NULL;
    pthread_mutex_lock(&srv->live_lock);
    bool ok = !srv->draining;
    if (ok) {
        live->next = srv->live;
        if (srv->live)
            srv->live->prev = live;
        srv->live = live;
    }
    pthread_mutex_unlock(&srv->live_lock);
    if (!ok)
        pthread_mutex_destroy(&live->lock);
    return ok;
}

void server_live_remove(server *srv, server_live *live)
{
    pthread_mutex_lock(&srv->live_lock);
    if (live->prev)
        live->prev->next = live->next;
    else if (srv->live == live)
        srv->live = live->next;
    if (live->next)
        live->next->prev = live->prev;
    live->prev = live->next = NULL;
    pthread_mutex_unlock(&srv->live_lock);
    /* the handler thread is the one removing it: nobody else holds the lock now */
    pthread_mutex_destroy(&live->lock);
}

bool server_live_enter(server_live *live)
{
    pthread_mutex_lock(&live->lock);
    if (!live->drained)
        return true;
    pthread_mutex_unlock(&live->lock);
    return false;
}

void server_live_leave(server_live *live) { pthread_mutex_unlock(&live->lock); }

void server_drain(server *srv)
{
    pthread_mutex_lock(&srv->live_lock);
    srv->draining = true;
    for (server_live *l = srv->live; l; l = l->next) {
        pthread_mutex_lock(&l->lock);
        if (!l->drained && l->conn) {
            l->flush(l);
            server_ws_close(l->conn, 1001, "server shutting down");
        }
        l->drained = true;
        pthread_mutex_unlock(&l->lock);
    }
    pthread_mutex_unlock(&srv->live_lock);
    /* give the clients up to 2 s to answer the close (each call then leaves the list) */
    for (int waited = 0; waited < 2000; waited += 20) {
        pthread_mutex_lock(&srv->live_lock);
        bool empty = srv->live == NULL;
        pthread_mutex_unlock(&srv->live_lock);
        if (empty)
            break;
        nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    }
}
