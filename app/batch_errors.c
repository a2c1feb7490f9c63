/* batch_errors.c - see batch_errors.h. */
#include "batch_errors.h"

#include <stdio.h>
#include <stdlib.h>

#include "ser/util.h"

int batch_errors_add(batch_errors *e, const char *cmd, const char *path, const char *reason)
{
    fprintf(stderr, "ser %s: skipped %s: %s\n", cmd, path, reason);
    if (e->n == e->cap) {
        size_t cap = e->cap ? 2 * e->cap : 16;
        char **p = realloc(e->paths, cap * sizeof *p);
        if (p)
            e->paths = p;
        char **r = realloc(e->reasons, cap * sizeof *r);
        if (r)
            e->reasons = r;
        if (!p || !r)
            return -1;
        e->cap = cap;
    }
    e->paths[e->n] = ser_strdup(path);
    e->reasons[e->n] = ser_strdup(reason);
    if (!e->paths[e->n] || !e->reasons[e->n]) {
        free(e->paths[e->n]);
        free(e->reasons[e->n]);
        return -1;
    }
    e->n++;
    return 0;
}

cJSON *batch_errors_json(const batch_errors *e)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < e->n; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddStringToObject(o, "path", e->paths[i]) || !cJSON_AddStringToObject(o, "error", e->reasons[i])) {
            cJSON_Delete(o);
            cJSON_Delete(a);
            return NULL;
        }
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

void batch_errors_free(batch_errors *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->paths[i]);
        free(e->reasons[i]);
    }
    free(e->paths);
    free(e->reasons);
    e->n = e->cap = 0;
    e->paths = e->reasons = NULL;
}
