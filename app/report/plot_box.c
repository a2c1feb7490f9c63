/* Box plot per group (report/plot.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/plot.h"
#include "report/svg.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(const double *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)floor(pos);
    if (i + 1 >= n)
        return v[n - 1];
    return v[i] + (pos - (double)i) * (v[i + 1] - v[i]);
}

/* Sorted finite values of group g, malloc'd; NULL when none (or NOMEM). */
static double *group_values(const double *values, const int *group, size_t n, int g, size_t *m)
{
    *m = 0;
    for (size_t i = 0; i < n; i++)
        if (group[i] == g && isfinite(values[i]))
            (*m)++;
    if (!*m)
        return NULL;
    double *v = malloc(*m * sizeof *v);
    if (!v) {
        *m = 0;
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (group[i] == g && isfinite(values[i]))
            v[k++] = values[i];
    qsort(v, *m, sizeof *v, cmp_double);
    return v;
}

void plot_box_stats_compute(const double *values, const int *group, size_t n, int g, plot_box_stats *out)
{
    size_t m;
    double *v = group_values(values, group, n, g, &m);
    out->n = m;
    if (!v) {
        out->min = out->q1 = out->median = out->q3 = out->max = out->lo_whisker = out->hi_whisker = NAN;
        return;
    }
    out->min = v[0];
    out->max = v[m - 1];
    out->q1 = quantile(v, m, 0.25);
    out->median = quantile(v, m, 0.5);
    out->q3 = quantile(v, m, 0.75);
    double iqr = out->q3 - out->q1;
    out->lo_whisker = out->q1;
    out->hi_whisker = out->q3;
    for (size_t i = 0; i < m; i++)
        if (v[i] >= out->q1 - 1.5 * iqr) {
            out->lo_whisker = v[i];
            break;
        }
    for (size_t i = m; i-- > 0;)
        if (v[i] <= out->q3 + 1.5 * iqr) {
            out->hi_whisker = v[i];
            break;
        }
    free(v);
}

#define VIOLIN_STEPS 48

/* Gaussian KDE of the sorted v[0..m) between its min and max, drawn
 * mirrored about cx with the densest point half_w px wide. */
static void violin(rbuf *b, const svg_frame *f, const char *clip_id, const double *v, size_t m, double cx,
                   double half_w, const char *col, const char *tip)
{
    if (m < 2 || !(v[m - 1] > v[0]))
        return;
    double mean = 0, var = 0;
    for (size_t i = 0; i < m; i++)
        mean += v[i];
    mean /= (double)m;
    for (size_t i = 0; i < m; i++)
        var += (v[i] - mean) * (v[i] - mean);
    double sd = sqrt(var / (double)(m - 1)), iqr = quantile(v, m, 0.75) - quantile(v, m, 0.25);
    double spread = iqr > 0 && iqr / 1.34 < sd ? iqr / 1.34 : sd;
    double h = 0.9 * spread * pow((double)m, -0.2); /* Silverman's rule of thumb */
    if (!(h > 0))
        h = (v[m - 1] - v[0]) / 20;
    double dens[VIOLIN_STEPS + 1], at[VIOLIN_STEPS + 1], peak = 0;
    for (int k = 0; k <= VIOLIN_STEPS; k++) {
        at[k] = v[0] + (v[m - 1] - v[0]) * k / VIOLIN_STEPS;
        double d = 0;
        for (size_t i = 0; i < m; i++) {
            double z = (at[k] - v[i]) / h;
            d += exp(-0.5 * z * z);
        }
        dens[k] = d;
        if (d > peak)
            peak = d;
    }
    rbuf_printf(b, "<path class=\"mark\" clip-path=\"url(#%s-clip)\" fill=\"%s\" fill-opacity=\"0.35\" stroke=\"%s\" "
                   "stroke-width=\"1\" d=\"",
                clip_id, col, col);
    for (int k = 0; k <= VIOLIN_STEPS; k++)
        rbuf_printf(b, "%s%.2f %.2f", k ? "L" : "M", cx + half_w * dens[k] / peak, svg_fy(f, at[k]));
    for (int k = VIOLIN_STEPS; k >= 0; k--)
        rbuf_printf(b, "L%.2f %.2f", cx - half_w * dens[k] / peak, svg_fy(f, at[k]));
    rbuf_puts(b, "Z\"><title>");
    rbuf_escape(b, tip);
    rbuf_puts(b, "</title></path>\n");
}

void plot_box(rbuf *b, const plot_box_spec *s)
{
    double width = s->width > 0 ? s->width : 480, height = s->height > 0 ? s->height : 340;
    double left = 80, top = 44, plot_w = width - left - 16;
    double band = plot_w / (double)(s->n_groups ? s->n_groups : 1);
    double bottom = svg_categories_height(s->groups, s->n_groups, band) + 40;
    double plot_h = height - top - bottom;
    /* The axis spans the whiskers of every group: a few wild values (a
     * pitch tracker's octave error) would squash every box otherwise.
     * Values beyond it are drawn as triangles on the edge and counted. */
    double y0 = INFINITY, y1 = -INFINITY;
    for (size_t g = 0; g < s->n_groups; g++) {
        plot_box_stats st;
        plot_box_stats_compute(s->values, s->group, s->n, (int)g, &st);
        if (st.n) {
            y0 = fmin(y0, st.lo_whisker);
            y1 = fmax(y1, st.hi_whisker);
        }
    }
    if (!isfinite(y0)) {
        y0 = 0;
        y1 = 1;
    }
    svg_nice_range(&y0, &y1, 6);
    svg_frame f = {left, top, plot_w, plot_h, 0, (double)s->n_groups, y0, y1};
    svg_begin(b, s->id, width, height, s->title);
    svg_axis_y(b, &f, s->ylabel, true);
    size_t beyond = 0;
    rbuf_printf(b, "<clipPath id=\"%s-clip\"><rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/></clipPath>\n",
                s->id, left, top, plot_w, plot_h);
    for (size_t g = 0; g < s->n_groups; g++) {
        plot_box_stats st;
        plot_box_stats_compute(s->values, s->group, s->n, (int)g, &st);
        if (!st.n)
            continue;
        const char *col = svg_category_color(g);
        double cx = left + band * ((double)g + 0.5), w = band * 0.5 < 44 ? band * 0.5 : 44;
        char tip[200];
        snprintf(tip, sizeof tip, "%s: n %zu, median %.4g, IQR [%.4g, %.4g], whiskers [%.4g, %.4g]", s->groups[g],
                 st.n, st.median, st.q1, st.q3, st.lo_whisker, st.hi_whisker);
        if (s->violin) {
            size_t m;
            double *v = group_values(s->values, s->group, s->n, (int)g, &m);
            violin(b, &f, s->id, v, m, cx, band * 0.45, col, tip);
            free(v);
            w = band * 0.16 < 14 ? band * 0.16 : 14;
        }
        svg_line(b, cx, svg_fy(&f, st.lo_whisker), cx, svg_fy(&f, st.q1), "#333333", 1.2, NULL);
        svg_line(b, cx, svg_fy(&f, st.q3), cx, svg_fy(&f, st.hi_whisker), "#333333", 1.2, NULL);
        svg_line(b, cx - w / 4, svg_fy(&f, st.lo_whisker), cx + w / 4, svg_fy(&f, st.lo_whisker), "#333333", 1.2, NULL);
        svg_line(b, cx - w / 4, svg_fy(&f, st.hi_whisker), cx + w / 4, svg_fy(&f, st.hi_whisker), "#333333", 1.2, NULL);
        double yq3 = svg_fy(&f, st.q3), yq1 = svg_fy(&f, st.q1);
        if (yq1 - yq3 < 1)
            yq3 = yq1 - 1;
        svg_rect(b, cx - w / 2, yq3, w, yq1 - yq3, s->violin ? "#444444" : col, true, tip);
        svg_line(b, cx - w / 2, svg_fy(&f, st.median), cx + w / 2, svg_fy(&f, st.median),
                 s->violin ? "#ffffff" : "#000000", 2, NULL);
        for (size_t i = 0; i < s->n; i++) {
            double v = s->values[i];
            if (s->group[i] != (int)g || !isfinite(v) || (v >= st.lo_whisker && v <= st.hi_whisker))
                continue;
            if (v > y1 || v < y0) {
                double ye = v > y1 ? top : top + plot_h, dy = v > y1 ? 5 : -5;
                rbuf_printf(b, "<path d=\"M%.2f %.2fl-3.5 %.2fh7z\" fill=\"#333333\"/>\n", cx, ye, dy);
                beyond++;
            } else {
                rbuf_printf(b, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\" fill=\"none\" stroke=\"%s\"/>\n", cx,
                            svg_fy(&f, v), "#333333");
            }
        }
    }
    if (beyond) {
        char note[96];
        snprintf(note, sizeof note, "%zu value%s beyond the axis (triangles)", beyond, beyond == 1 ? "" : "s");
        svg_text(b, left + plot_w, top - 6, "end", 11, 0, NULL, note);
    }
    svg_axis_x_categories(b, &f, s->groups, s->n_groups, s->xlabel);
    svg_end(b);
}
