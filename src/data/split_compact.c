/* Renumber arbitrary non-negative ids as 0..m-1 in increasing order. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "data/split_internal.h"
#include "ser/util.h"

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

ser_status ser__compact_ids(const int *ids, size_t n, int *out, size_t *n_distinct, const char *what,
                            ser_error *err)
{
    if (n > INT_MAX)
        return ser_error_set(err, SER_ERR_OVERFLOW, "%zu items are too many to split", n);
    for (size_t i = 0; i < n; i++)
        if (ids[i] < 0)
            return ser_error_set(err, SER_ERR_ARG, "item %zu has no %s", i, what);
    int *sorted = ser_alloc_array(n ? n : 1, sizeof *sorted);
    if (!sorted)
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory splitting %zu items", n);
    if (n)
        memcpy(sorted, ids, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_ints);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || sorted[m - 1] != sorted[i])
            sorted[m++] = sorted[i];
    for (size_t i = 0; i < n; i++) {
        const int *at = bsearch(&ids[i], sorted, m, sizeof *sorted, compare_ints);
        out[i] = (int)(at - sorted);
    }
    free(sorted);
    *n_distinct = m;
    return SER_OK;
}
