/* Call timeline: probabilities above, frustration below, event markers
 * through both (report/plot.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/plot.h"
#include "report/svg.h"

#define LABEL_ROWS 3
#define ROW_H 16.0
#define ALERT_COLOR "#000000"
#define CALM_COLOR "#555555"
#define CALM_DASH "6 4"
#define SPAN_COLOR "#ececec"
#define SCORE_COLOR "#000000"

static const char *const dashes[4] = {NULL, "6 3", "2 2", "8 3 2 3"}; /* as plot_lines: past 8 series */

/* Row (0 .. LABEL_ROWS-1) for each mark's label, -1 when no row has room;
 * returns the number of rows used.  x[i]: the label's centre in px. */
static size_t label_rows(const plot_timeline_spec *s, const svg_frame *f, int *row, double *x)
{
    double row_end[LABEL_ROWS];
    size_t used = 0;
    for (size_t r = 0; r < LABEL_ROWS; r++)
        row_end[r] = -INFINITY;
    for (size_t i = 0; i < s->n_marks; i++) {
        double w = svg_text_width(s->marks[i].label ? s->marks[i].label : "", SVG_FONT);
        x[i] = fmin(fmax(svg_fx(f, s->marks[i].t), f->left + w / 2), f->left + f->width - w / 2);
        row[i] = -1;
        for (size_t r = 0; r < LABEL_ROWS && s->marks[i].label; r++)
            if (x[i] - w / 2 > row_end[r] + 6) {
                row[i] = (int)r;
                row_end[r] = x[i] + w / 2;
                used = r + 1 > used ? r + 1 : used;
                break;
            }
    }
    return used;
}

/* The points of one series as polylines, broken at NaN; a lone point as a dot. */
static void broken_line(rbuf *b, const svg_frame *f, const double *t, const double *v, size_t n, const char *color,
                        const char *dash, const char *name, double *px, double *py)
{
    size_t m = 0;
    for (size_t i = 0; i <= n; i++) {
        bool ok = i < n && isfinite(t[i]) && isfinite(v[i]);
        if (ok) {
            px[m] = svg_fx(f, t[i]);
            py[m] = svg_fy(f, v[i]);
            m++;
            continue;
        }
        if (m == 1)
            svg_circle(b, px[0], py[0], 2.5, color, true, name);
        else if (m > 1)
            svg_polyline(b, px, py, m, color, 2, dash, true, name);
        m = 0;
    }
}

static void shade_spans(rbuf *b, const plot_timeline_spec *s, const svg_frame *f)
{
    for (size_t i = 0; i < s->n_spans; i++) {
        double a = fmax(s->spans[i].t0, f->x0), z = fmin(s->spans[i].t1, f->x1);
        if (z > a)
            svg_rect(b, svg_fx(f, a), f->top, svg_fx(f, z) - svg_fx(f, a), f->height, SPAN_COLOR, false, NULL);
    }
}

static void threshold(rbuf *b, const svg_frame *f, double v, const char *name)
{
    if (!isfinite(v) || v < f->y0 || v > f->y1)
        return;
    char text[64];
    snprintf(text, sizeof text, "%s %.2g", name, v);
    double y = svg_fy(f, v);
    svg_line(b, f->left, y, f->left + f->width, y, "#777777", 1, "3 3");
    svg_text(b, f->left + f->width + 6, y + 4, "start", 11, 0, NULL, text); /* right of the panel */
}

/* Legend entries for the markers and the shaded spans, below the series'. */
static void extra_legend(rbuf *b, const plot_timeline_spec *s, double x, double y)
{
    if (s->n_spans) {
        svg_rect(b, x, y, 12, 12, SPAN_COLOR, false, NULL);
        rbuf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"none\" stroke=\"#bbbbbb\"/>\n", x,
                    y);
        svg_text(b, x + 18, y + 10, "start", SVG_FONT, 0, NULL, s->span_name ? s->span_name : "no speech");
        y += 18;
    }
    svg_line(b, x + 6, y - 2, x + 6, y + 14, ALERT_COLOR, 2, NULL);
    svg_text(b, x + 18, y + 10, "start", SVG_FONT, 0, NULL, "alert");
    y += 18;
    svg_line(b, x + 6, y - 2, x + 6, y + 14, CALM_COLOR, 1.5, CALM_DASH);
    svg_text(b, x + 18, y + 10, "start", SVG_FONT, 0, NULL, "calm again");
}

void plot_timeline(rbuf *b, const plot_timeline_spec *s)
{
    size_t cap = s->n_score + 1;
    for (size_t k = 0; k < s->n_series; k++)
        cap = s->series[k].n + 1 > cap ? s->series[k].n + 1 : cap;
    double *px = malloc(cap * sizeof *px), *py = malloc(cap * sizeof *py);
    double *mx = malloc((s->n_marks + 1) * sizeof *mx);
    int *row = malloc((s->n_marks + 1) * sizeof *row);
    if (!px || !py || !mx || !row) {
        b->failed = true;
        goto done;
    }
    const char *names[64], *colors[64];
    size_t n = s->n_series < 64 ? s->n_series : 64;
    for (size_t k = 0; k < n; k++) {
        names[k] = s->series[k].name;
        colors[k] = svg_category_color(k);
    }
    double t0 = s->t0, t1 = s->t1 > s->t0 ? s->t1 : s->t0 + 1;
    double smax = 1;
    for (size_t i = 0; i < s->n_score; i++)
        if (isfinite(s->score[i]) && s->score[i] > smax)
            smax = s->score[i];
    double y0 = 0;
    if (smax > 1)
        svg_nice_range(&y0, &smax, 5);

    double left = 80, plot_w = 760, legend_w = fmax(svg_legend_width(names, n), 130) + 20;
    svg_frame up = {left, 0, plot_w, 240, t0, t1, 0, 1};
    size_t rows = label_rows(s, &up, row, mx);
    up.top = 40 + ROW_H * (double)rows + (rows ? 8 : 0);
    svg_frame lo = {left, up.top + up.height + 44, plot_w, 130, t0, t1, 0, smax};
    double width = left + plot_w + 20 + legend_w, height = lo.top + lo.height + 56;

    svg_begin(b, s->id, width, height, s->title);
    shade_spans(b, s, &up);
    shade_spans(b, s, &lo);
    svg_axis_x(b, &up, NULL, true);
    svg_axis_y(b, &up, s->ylabel, true);
    svg_axis_x(b, &lo, s->xlabel, true);
    svg_axis_y(b, &lo, s->score_label, true);
    threshold(b, &lo, s->on_threshold, "alert threshold");
    threshold(b, &lo, s->off_threshold, "calm threshold");
    for (size_t k = 0; k < n; k++)
        broken_line(b, &up, s->series[k].x, s->series[k].y, s->series[k].n, colors[k], dashes[(k / 8) % 4], names[k],
                    px, py);
    broken_line(b, &lo, s->score_t, s->score, s->n_score, SCORE_COLOR, NULL, s->score_label, px, py);
    for (size_t i = 0; i < s->n_marks; i++) {
        const plot_event_mark *m = &s->marks[i];
        if (!(m->t >= t0 && m->t <= t1))
            continue;
        double x = svg_fx(&up, m->t), ytop = up.top - (row[i] >= 0 ? 4 : 0);
        char tip[512];
        snprintf(tip, sizeof tip, "%s at %.1f s%s%s", m->label ? m->label : (m->alert ? "alert" : "calm"), m->t,
                 m->tip ? ": " : "", m->tip ? m->tip : "");
        svg_line_mark(b, x, ytop, x, lo.top + lo.height, m->alert ? ALERT_COLOR : CALM_COLOR, m->alert ? 2 : 1.5,
                      m->alert ? NULL : CALM_DASH, m->alert ? "alert" : "calm", tip);
        if (row[i] >= 0)
            svg_text(b, mx[i], up.top - 8 - ROW_H * (double)row[i], "middle", SVG_FONT, 0, m->alert ? "bold" : NULL,
                     m->label);
    }
    svg_legend(b, left + plot_w + 20, up.top, names, colors, n, false);
    extra_legend(b, s, left + plot_w + 20, up.top + 18 * (double)n + 12);
    svg_end(b);
done:
    free(px);
    free(py);
    free(mx);
    free(row);
}
