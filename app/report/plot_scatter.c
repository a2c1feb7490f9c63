/* Scatter plot coloured by group (report/plot.h). */
#include <math.h>
#include <stdio.h>

#include "report/plot.h"
#include "report/svg.h"

static double x_of(const plot_scatter_spec *s, size_t i)
{
    if (s->dodge > 0 && s->group[i] >= 0)
        return s->x[i] + ((double)s->group[i] - ((double)s->n_groups - 1) / 2) * s->dodge;
    return s->x[i];
}

/* Widen [lo, hi] by 4 % each side so no point sits on the frame. */
static void pad(double *lo, double *hi)
{
    double m = (*hi - *lo) * 0.04;
    if (isfinite(m) && m > 0) {
        *lo -= m;
        *hi += m;
    }
}

static void point(rbuf *b, const plot_scatter_spec *s, const svg_frame *f, size_t i, double radius)
{
    if (!isfinite(s->x[i]) || !isfinite(s->y[i]) || s->group[i] < 0)
        return;
    char tip[96];
    snprintf(tip, sizeof tip, "%s (%.4g, %.4g)", s->groups[s->group[i]], s->x[i], s->y[i]);
    double cx = svg_fx(f, x_of(s, i)), cy = svg_fy(f, s->y[i]);
    svg_circle(b, cx, cy, radius, svg_category_color((size_t)s->group[i]), true, tip);
    if (s->highlight && s->highlight[i])
        rbuf_printf(b, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.1f\" fill=\"none\" stroke=\"#000000\" "
                       "stroke-width=\"2\"/>\n",
                    cx, cy, radius + 4);
}

void plot_scatter(rbuf *b, const plot_scatter_spec *s)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < s->n; i++) {
        if (!isfinite(s->x[i]) || !isfinite(s->y[i]))
            continue;
        x0 = fmin(x0, x_of(s, i));
        x1 = fmax(x1, x_of(s, i));
        y0 = fmin(y0, s->y[i]);
        y1 = fmax(y1, s->y[i]);
    }
    pad(&x0, &x1);
    pad(&y0, &y1);
    svg_nice_range(&x0, &x1, 8);
    svg_nice_range(&y0, &y1, 8);
    double legend_w = svg_legend_width(s->groups, s->n_groups) + 20;
    if (s->highlight_name && svg_text_width(s->highlight_name, SVG_FONT) + 40 > legend_w)
        legend_w = svg_text_width(s->highlight_name, SVG_FONT) + 40;
    double left = 80, top = 44, plot_w = 520, plot_h = 400;
    double width = left + plot_w + 20 + legend_w, height = top + plot_h + 60;
    svg_frame f = {left, top, plot_w, plot_h, x0, x1, y0, y1};
    svg_begin(b, s->id, width, height, s->title);
    svg_axis_x(b, &f, s->xlabel, true);
    svg_axis_y(b, &f, s->ylabel, true);
    double radius = s->n > 1000 ? 2.2 : s->n > 300 ? 2.8 : 3.5; /* smaller dots where they crowd */
    bool any = false;
    for (size_t i = 0; i < s->n; i++)
        if (!s->highlight || !s->highlight[i])
            point(b, s, &f, i, radius);
    for (size_t i = 0; s->highlight && i < s->n; i++)
        if (s->highlight[i]) {
            point(b, s, &f, i, radius);
            any |= isfinite(s->x[i]) && isfinite(s->y[i]);
        }
    const char *colors[64];
    size_t n = s->n_groups < 64 ? s->n_groups : 64;
    for (size_t g = 0; g < n; g++)
        colors[g] = svg_category_color(g);
    svg_legend(b, left + plot_w + 20, top, s->groups, colors, n, true);
    if (any && s->highlight_name) {
        double y = top + 18.0 * (double)n;
        rbuf_printf(b, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"6\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2\"/>\n",
                    left + plot_w + 26, y + 6);
        svg_text(b, left + plot_w + 38, y + 10, "start", SVG_FONT, 0, NULL, s->highlight_name);
    }
    svg_end(b);
}
