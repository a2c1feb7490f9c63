/* Grouped or stacked bar chart (report/plot.h). */
#include <stdio.h>

#include "report/plot.h"
#include "report/svg.h"

void plot_bars(rbuf *b, const plot_bars_spec *s)
{
    size_t nc = s->n_categories, ng = s->n_groups ? s->n_groups : 1;
    double per_cat = s->stacked ? 44 : 14.0 * (double)ng + 18;
    double plot_w = per_cat * (double)nc;
    if (plot_w < 420)
        plot_w = 420;
    double legend_w = s->n_groups > 0 ? svg_legend_width(s->groups, s->n_groups) + 20 : 0;
    double left = 80, top = 44, plot_h = 300;
    double bottom = svg_categories_height(s->categories, nc, plot_w / (double)(nc ? nc : 1)) + 40;
    double width = left + plot_w + 20 + legend_w, height = top + plot_h + bottom;

    double ymax = 0;
    for (size_t c = 0; c < nc; c++) {
        double stack = 0;
        for (size_t g = 0; g < ng; g++) {
            double v = s->values[g * nc + c];
            stack += v;
            if (!s->stacked && v > ymax)
                ymax = v;
        }
        if (s->stacked && stack > ymax)
            ymax = stack;
    }
    double y0 = 0, y1 = ymax > 0 ? ymax : 1;
    svg_nice_range(&y0, &y1, 7);
    svg_frame f = {left, top, plot_w, plot_h, 0, (double)nc, y0, y1};

    svg_begin(b, s->id, width, height, s->title);
    svg_axis_y(b, &f, s->ylabel, true);
    double band = plot_w / (double)(nc ? nc : 1);
    for (size_t c = 0; c < nc; c++) {
        double stack = 0;
        for (size_t g = 0; g < ng; g++) {
            double v = s->values[g * nc + c];
            char tip[160];
            snprintf(tip, sizeof tip, "%s%s%s: %g", s->categories[c], s->n_groups ? ", " : "",
                     s->n_groups ? s->groups[g] : "", v);
            double x, w, ya, yb;
            if (s->stacked) {
                w = band * 0.7;
                x = f.left + band * (double)c + (band - w) / 2;
                ya = svg_fy(&f, stack);
                yb = svg_fy(&f, stack + v);
                stack += v;
            } else {
                double inner = band * 0.8;
                w = inner / (double)ng;
                x = f.left + band * (double)c + (band - inner) / 2 + w * (double)g;
                ya = svg_fy(&f, 0);
                yb = svg_fy(&f, v);
            }
            if (v > 0)
                svg_rect(b, x, yb, s->stacked ? w : w * 0.92, ya - yb, svg_category_color(g), true, tip);
        }
    }
    svg_axis_x_categories(b, &f, s->categories, nc, s->xlabel);
    if (s->n_groups > 0) {
        const char *colors[64];
        size_t n = s->n_groups < 64 ? s->n_groups : 64;
        for (size_t g = 0; g < n; g++)
            colors[g] = svg_category_color(g);
        svg_legend(b, left + plot_w + 20, top, s->groups, colors, n, false);
    }
    svg_end(b);
}
