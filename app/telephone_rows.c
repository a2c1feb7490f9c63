/* telephone_rows.c - see telephone_rows.h. */
#include "telephone_rows.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ser/checksum.h"
#include "ser/evaluate.h"
#include "ser/util.h"

/* Whether the copy of `path` joins the training rows: a hash of path and
 * seed below share * 2^64 (independent of row order and threads). */
static bool chosen(const char *path, double share, unsigned long long seed)
{
    if (share >= 1.0)
        return true;
    uint64_t h = ser_fnv1a64(SER_FNV1A64_INIT, &seed, sizeof seed);
    h = ser_fnv1a64(h, path, strlen(path));
    return (double)(h >> 11) * 0x1.0p-53 < share;
}

int telephone_rows_append(const char *cmd, feature_table *t, const feature_table *tel, double share, bool test,
                          unsigned long long seed)
{
    if (tel->dim != t->dim)
        return cli_runtime_error(cmd, "internal: telephone features have %zu columns, not %zu", tel->dim, t->dim);
    size_t n0 = t->n, dim = t->dim, cap = tel->n ? tel->n : 1;
    size_t *copy_of = ser_alloc_array(cap, sizeof *copy_of), *from = ser_alloc_array(cap, sizeof *from);
    unsigned char *role = ser_alloc_array(cap, 1), *use = NULL;
    if (!copy_of || !from || !role)
        goto nomem;
    /* Both tables list the same inputs in the same order, less the few
     * that failed in either: pair them by a forward walk. */
    size_t m = 0;
    for (size_t k = 0, i = 0; k < tel->n; k++) {
        size_t j = i;
        while (j < n0 && strcmp(t->paths[j], tel->paths[k]))
            j++;
        if (j == n0)
            continue;
        i = j + 1;
        bool tr = chosen(tel->paths[k], share, seed);
        if (!test && !tr)
            continue;
        copy_of[m] = j;
        from[m] = k;
        role[m] = (unsigned char)((test ? SER_ROW_TEST : 0) | (tr ? SER_ROW_TRAIN : 0));
        m++;
    }
    size_t n = n0 + m;
    double *x = realloc(t->x, (n ? n : 1) * dim * sizeof *x);
    if (x)
        t->x = x;
    char **paths = realloc(t->paths, (n + 1) * sizeof *paths);
    if (paths)
        t->paths = paths;
    char **speakers = realloc(t->speakers, (n + 1) * sizeof *speakers);
    if (speakers)
        t->speakers = speakers;
    ser_label *labels = realloc(t->labels, (n + 1) * sizeof *labels);
    if (labels)
        t->labels = labels;
    if (!x || !paths || !speakers || !labels || !(use = malloc(n ? n : 1)))
        goto nomem;
    for (size_t i = 0; i < n0; i++)
        use[i] = test ? SER_ROW_TRAIN : SER_ROW_TRAIN | SER_ROW_TEST;
    for (size_t c = 0; c < m; c++) {
        size_t r = n0 + c, o = copy_of[c];
        memcpy(t->x + r * dim, tel->x + from[c] * dim, dim * sizeof *t->x);
        t->paths[r] = ser_strdup(t->paths[o]);
        t->speakers[r] = t->speakers[o] ? ser_strdup(t->speakers[o]) : NULL;
        t->labels[r] = t->labels[o];
        use[r] = role[c];
        t->n = r + 1;
        if (!t->paths[r] || (t->speakers[o] && !t->speakers[r]))
            goto nomem;
    }
    free(from);
    free(role);
    t->n_original = n0;
    t->copy_of = copy_of;
    t->use = use;
    return -1;
nomem:
    free(copy_of);
    free(from);
    free(role);
    free(use);
    return cli_runtime_error(cmd, "out of memory");
}
