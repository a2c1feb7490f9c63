/* Stacked histogram with shared round bins (report/plot.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/plot.h"
#include "report/svg.h"

bool plot_hist_counts(const double *values, const int *group, size_t n, size_t n_groups, size_t n_bins_hint,
                      double *lo, double *width, size_t *n_bins, double **counts)
{
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (isfinite(values[i])) {
            if (values[i] < mn)
                mn = values[i];
            if (values[i] > mx)
                mx = values[i];
        }
    if (!(mx >= mn)) {
        mn = 0;
        mx = 1;
    }
    if (n_bins_hint < 1)
        n_bins_hint = 1;
    double ticks[32];
    double a = mn, z = mx;
    svg_nice_range(&a, &z, n_bins_hint + 1);
    size_t nt = svg_nice_ticks(a, z, n_bins_hint + 1, ticks);
    double w = nt >= 2 ? ticks[1] - ticks[0] : (z - a);
    if (!(w > 0))
        w = 1;
    size_t nb = (size_t)ceil((z - a) / w - 1e-9);
    if (nb < 1)
        nb = 1;
    if (nb > 200)
        nb = 200;
    double *c = calloc(nb * (n_groups ? n_groups : 1), sizeof *c);
    if (!c)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i]) || group[i] < 0 || (size_t)group[i] >= n_groups)
            continue;
        double k = floor((values[i] - a) / w);
        size_t bin = k < 0 ? 0 : (size_t)k >= nb ? nb - 1 : (size_t)k;
        c[(size_t)group[i] * nb + bin] += 1;
    }
    *lo = a;
    *width = w;
    *n_bins = nb;
    *counts = c;
    return true;
}

void plot_histogram(rbuf *b, const plot_hist_spec *s)
{
    size_t ng = s->n_groups, nb = s->n_bins;
    double legend_w = svg_legend_width(s->groups, ng) + 20;
    double left = 80, top = 44, plot_w = 560, plot_h = 300;
    double width = left + plot_w + 20 + legend_w, height = top + plot_h + 60;
    double ymax = 0;
    for (size_t k = 0; k < nb; k++) {
        double t = 0;
        for (size_t g = 0; g < ng; g++)
            t += s->counts[g * nb + k];
        if (t > ymax)
            ymax = t;
    }
    double y0 = 0, y1 = ymax > 0 ? ymax : 1;
    svg_nice_range(&y0, &y1, 7);
    svg_frame f = {left, top, plot_w, plot_h, s->lo, s->lo + s->width * (double)nb, y0, y1};
    svg_begin(b, s->id, width, height, s->title);
    svg_axis_y(b, &f, s->ylabel, true);
    for (size_t k = 0; k < nb; k++) {
        double stack = 0;
        double xa = svg_fx(&f, s->lo + s->width * (double)k), xb = svg_fx(&f, s->lo + s->width * (double)(k + 1));
        for (size_t g = 0; g < ng; g++) {
            double v = s->counts[g * nb + k];
            if (v <= 0)
                continue;
            char tip[160];
            snprintf(tip, sizeof tip, "%s, [%g, %g): %g", s->groups[g], s->lo + s->width * (double)k,
                     s->lo + s->width * (double)(k + 1), v);
            double ya = svg_fy(&f, stack), yb = svg_fy(&f, stack + v);
            svg_rect(b, xa + 0.5, yb, xb - xa - 1, ya - yb, svg_category_color(g), true, tip);
            stack += v;
        }
    }
    svg_axis_x(b, &f, s->xlabel, false);
    const char *colors[64];
    size_t n = ng < 64 ? ng : 64;
    for (size_t g = 0; g < n; g++)
        colors[g] = svg_category_color(g);
    svg_legend(b, left + plot_w + 20, top, s->groups, colors, n, false);
    svg_end(b);
}
