/* Line chart, one series per legend entry (report/plot.h). */
#include <math.h>
#include <stdlib.h>

#include "report/plot.h"
#include "report/svg.h"

static const char *const dashes[4] = {NULL, "6 3", "2 2", "8 3 2 3"};

void plot_lines(rbuf *b, const plot_lines_spec *s)
{
    double x0 = s->x0, x1 = s->x1, y0 = s->y0, y1 = s->y1;
    if (!(x1 > x0 && y1 > y0)) {
        x0 = y0 = INFINITY;
        x1 = y1 = -INFINITY;
        for (size_t k = 0; k < s->n_series; k++)
            for (size_t i = 0; i < s->series[k].n; i++) {
                double x = s->series[k].x[i], y = s->series[k].y[i];
                if (isfinite(x) && isfinite(y)) {
                    x0 = fmin(x0, x);
                    x1 = fmax(x1, x);
                    y0 = fmin(y0, y);
                    y1 = fmax(y1, y);
                }
            }
        svg_nice_range(&x0, &x1, 8);
        svg_nice_range(&y0, &y1, 8);
    }
    const char *names[64], *colors[64];
    size_t n = s->n_series < 64 ? s->n_series : 64;
    for (size_t k = 0; k < n; k++) {
        names[k] = s->series[k].name;
        colors[k] = svg_category_color(k);
    }
    double legend_w = svg_legend_width(names, n) + 20;
    double left = 80, top = 44, plot_w = 460, plot_h = 420;
    double width = left + plot_w + 20 + legend_w, height = top + plot_h + 60;
    svg_frame f = {left, top, plot_w, plot_h, x0, x1, y0, y1};
    svg_begin(b, s->id, width, height, s->title);
    if (s->integer_x)
        svg_axis_x_integer(b, &f, s->xlabel, true);
    else
        svg_axis_x(b, &f, s->xlabel, true);
    svg_axis_y(b, &f, s->ylabel, true);
    if (s->diagonal)
        svg_line(b, svg_fx(&f, fmax(x0, y0)), svg_fy(&f, fmax(x0, y0)), svg_fx(&f, fmin(x1, y1)),
                 svg_fy(&f, fmin(x1, y1)), "#999999", 1, "4 4");
    for (size_t k = 0; k < n; k++) {
        const plot_series *ser = &s->series[k];
        double *px = malloc((ser->n ? ser->n : 1) * sizeof *px), *py = malloc((ser->n ? ser->n : 1) * sizeof *py);
        if (!px || !py) {
            free(px);
            free(py);
            b->failed = true;
            break;
        }
        size_t m = 0;
        for (size_t i = 0; i < ser->n; i++)
            if (isfinite(ser->x[i]) && isfinite(ser->y[i])) {
                px[m] = svg_fx(&f, ser->x[i]);
                py[m] = svg_fy(&f, ser->y[i]);
                m++;
            }
        /* colour plus a dash pattern past the first 8, so series stay apart */
        if (m)
            svg_polyline(b, px, py, m, colors[k], 2, dashes[(k / 8) % 4], true, ser->name);
        free(px);
        free(py);
    }
    if (s->mark && isfinite(s->mark_x) && s->mark_x >= x0 && s->mark_x <= x1) {
        double x = svg_fx(&f, s->mark_x);
        svg_line(b, x, top, x, top + plot_h, "#000000", 1.5, "5 4");
        bool right = x > left + plot_w * 0.6;
        if (s->mark_label)
            svg_text(b, right ? x - 4 : x + 4, top + 14, right ? "end" : "start", SVG_FONT, 0, NULL, s->mark_label);
    }
    svg_legend(b, left + plot_w + 20, top, names, colors, n, false);
    svg_end(b);
}
