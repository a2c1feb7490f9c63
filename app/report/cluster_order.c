/* cluster_order.c - leaf order of an average-linkage clustering
 * (cluster_order.h). */
#include "report/cluster_order.h"

#include <math.h>
#include <stdlib.h>

/* Leaf order of an average-linkage agglomerative clustering of m items
 * with distance 1 - |corr| (NaN: 1).  Each step merges the closest pair
 * of clusters (ties: the lowest indices), the left cluster's leaves
 * first.  O(m^3) time; false on NOMEM. */
bool cluster_order(const double *corr, size_t m, size_t *order)
{
    if (m == 0)
        return true;
    double *d = malloc(m * m * sizeof *d);
    size_t *size = malloc(m * sizeof *size), *head = malloc(m * sizeof *head), *tail = malloc(m * sizeof *tail);
    size_t *next = malloc(m * sizeof *next);
    bool *alive = malloc(m * sizeof *alive);
    bool ok = d && size && head && tail && next && alive;
    if (ok) {
        for (size_t a = 0; a < m; a++) {
            for (size_t b = 0; b < m; b++) {
                double r = corr[a * m + b];
                d[a * m + b] = isfinite(r) ? 1 - fabs(r) : 1;
            }
            size[a] = 1;
            head[a] = tail[a] = a;
            next[a] = (size_t)-1;
            alive[a] = true;
        }
        for (size_t step = 1; step < m; step++) {
            size_t ba = 0, bb = 0;
            double best = INFINITY;
            for (size_t a = 0; a < m; a++) {
                if (!alive[a])
                    continue;
                for (size_t b = a + 1; b < m; b++)
                    if (alive[b] && d[a * m + b] < best) {
                        best = d[a * m + b];
                        ba = a;
                        bb = b;
                    }
            }
            for (size_t k = 0; k < m; k++) {
                if (!alive[k] || k == ba || k == bb)
                    continue;
                double v = ((double)size[ba] * d[ba * m + k] + (double)size[bb] * d[bb * m + k]) /
                           (double)(size[ba] + size[bb]);
                d[ba * m + k] = d[k * m + ba] = v;
            }
            next[tail[ba]] = head[bb];
            tail[ba] = tail[bb];
            size[ba] += size[bb];
            alive[bb] = false;
        }
        size_t root = 0;
        while (!alive[root])
            root++;
        size_t i = 0;
        for (size_t q = head[root]; q != (size_t)-1 && i < m; q = next[q])
            order[i++] = q;
        ok = i == m;
    }
    free(d);
    free(size);
    free(head);
    free(tail);
    free(next);
    free(alive);
    return ok;
}
