/* Heatmap with colour bar (report/plot.h).  Small matrices: one <rect>
 * per cell with a tooltip (and optional value labels).  Large ones (a
 * 338 x 338 feature correlation): colours quantised to LEVELS steps, runs
 * of equal colour along a row merged, one <path> per colour level, in
 * cell units under a scale transform - a few hundred kB instead of
 * megabytes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/plot.h"
#include "report/svg.h"

#define LEVELS 48
#define SMALL_CELLS 40 /* at most this many rows/cols: rects, names */

static double unit(const plot_heatmap_spec *s, double v)
{
    double span = s->vmax - s->vmin;
    return span > 0 ? (v - s->vmin) / span : 0.5;
}

static void color_of(const plot_heatmap_spec *s, double t, char out[8])
{
    if (s->diverging)
        svg_diverging(t, out);
    else
        svg_viridis(t, out);
}

static int level_of(const plot_heatmap_spec *s, double v)
{
    if (!isfinite(v))
        return -1;
    double t = unit(s, v);
    int k = (int)floor(t * LEVELS);
    return k < 0 ? 0 : k >= LEVELS ? LEVELS - 1 : k;
}

static void large_cells(rbuf *b, const plot_heatmap_spec *s, double left, double top, double cw, double ch)
{
    rbuf_printf(b, "<g transform=\"translate(%.2f %.2f) scale(%.5f %.5f)\" shape-rendering=\"crispEdges\">\n", left,
                top, cw, ch);
    for (int lev = -1; lev < LEVELS; lev++) {
        bool open = false;
        for (size_t r = 0; r < s->n_rows; r++) {
            size_t c = 0;
            while (c < s->n_cols) {
                if (level_of(s, s->values[r * s->n_cols + c]) != lev) {
                    c++;
                    continue;
                }
                size_t end = c + 1;
                while (end < s->n_cols && level_of(s, s->values[r * s->n_cols + end]) == lev)
                    end++;
                if (!open) {
                    char col[8];
                    if (lev < 0)
                        strcpy(col, "#bbbbbb");
                    else
                        color_of(s, (lev + 0.5) / LEVELS, col);
                    rbuf_printf(b, "<path class=\"mark\" fill=\"%s\" d=\"", col);
                    open = true;
                }
                rbuf_printf(b, "M%zu %zuh%zuv1h-%zuz", c, r, end - c, end - c);
                c = end;
            }
        }
        if (open)
            rbuf_puts(b, "\"/>\n");
    }
    rbuf_puts(b, "</g>\n");
}

static void small_cells(rbuf *b, const plot_heatmap_spec *s, double left, double top, double cw, double ch)
{
    for (size_t r = 0; r < s->n_rows; r++)
        for (size_t c = 0; c < s->n_cols; c++) {
            double v = s->values[r * s->n_cols + c];
            char col[8], tip[200], num[32];
            if (isfinite(v))
                color_of(s, unit(s, v), col);
            else
                strcpy(col, "#bbbbbb");
            snprintf(num, sizeof num, s->value_format ? s->value_format : "%.3g", v);
            snprintf(tip, sizeof tip, "%s / %s: %s", s->row_names ? s->row_names[r] : "",
                     s->col_names ? s->col_names[c] : "", num);
            double x = left + cw * (double)c, y = top + ch * (double)r;
            svg_rect(b, x, y, cw, ch, col, true, tip);
            if (s->cell_labels && isfinite(v)) {
                double t = unit(s, v);
                /* viridis is light at the top; diverging is light in the middle */
                bool light = s->diverging ? fabs(t - 0.5) < 0.3 : t > 0.55;
                double size = ch * 0.4 < 13 ? ch * 0.4 : 13;
                rbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"%.1f\" fill=\"%s\">",
                            x + cw / 2, y + ch / 2 + size * 0.35, size, light ? "#111111" : "#ffffff");
                rbuf_escape(b, num);
                rbuf_puts(b, "</text>\n");
            }
        }
}

static double names_width(const char *const *names, size_t n)
{
    double w = 0;
    for (size_t i = 0; i < n; i++) {
        char t[64];
        svg_abbrev(names[i], 18, t, sizeof t);
        double x = svg_text_width(t, SVG_FONT);
        if (x > w)
            w = x;
    }
    return w;
}

void plot_heatmap(rbuf *b, const plot_heatmap_spec *s)
{
    bool small = s->n_rows <= SMALL_CELLS && s->n_cols <= SMALL_CELLS;
    bool row_names = small && s->row_names, col_names = small && s->col_names;
    double area = small ? 56.0 * (double)(s->n_cols > s->n_rows ? s->n_cols : s->n_rows) : 560;
    if (area < 280)
        area = 280;
    if (area > 620)
        area = 620;
    double cw = area / (double)(s->n_cols ? s->n_cols : 1), ch = area / (double)(s->n_rows ? s->n_rows : 1);
    bool strip = s->strip && s->n_strip && !row_names;
    double label_w = row_names ? names_width(s->row_names, s->n_rows) : s->n_spans ? 70 : strip ? 24 : 0;
    double left = label_w + 50, top = strip ? 66 : 50;
    double col_h = col_names ? svg_categories_height(s->col_names, s->n_cols, cw) : s->n_spans ? 60 : 10;
    bool any_hl = false;
    for (size_t i = 0; s->highlight && i < s->n_rows * s->n_cols; i++)
        any_hl |= s->highlight[i];
    double hl_h = any_hl && s->highlight_label ? 22 : 0;
    double strip_legend_w = strip ? svg_legend_width(s->strip_names, s->n_strip) + 24 : 0;
    double width = left + s->n_cols * cw + 120 + strip_legend_w, height = top + s->n_rows * ch + col_h + 40 + hl_h;
    if (strip && height < top + 18.0 * (double)s->n_strip + 40)
        height = top + 18.0 * (double)s->n_strip + 40;

    svg_begin(b, s->id, width, height, s->title);
    if (small)
        small_cells(b, s, left, top, cw, ch);
    else
        large_cells(b, s, left, top, cw, ch);
    double right = left + cw * (double)s->n_cols, bottom = top + ch * (double)s->n_rows;
    if (any_hl) {
        for (size_t r = 0; r < s->n_rows; r++)
            for (size_t c = 0; c < s->n_cols; c++)
                if (s->highlight[r * s->n_cols + c])
                    rbuf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" "
                                   "stroke=\"#000000\" stroke-width=\"3\"/>\n",
                                left + cw * (double)c + 1.5, top + ch * (double)r + 1.5, cw - 3, ch - 3);
        if (s->highlight_label) {
            rbuf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"14\" height=\"10\" fill=\"none\" stroke=\"#000000\" "
                           "stroke-width=\"3\"/>\n",
                        left, bottom + col_h + 30);
            svg_text(b, left + 20, bottom + col_h + 39, "start", SVG_FONT, 0, NULL, s->highlight_label);
        }
    }
    if (strip) {
        /* Group of each row / column as a colour strip, runs merged. */
        for (size_t i = 0; i < s->n_rows;) {
            size_t e = i + 1;
            while (e < s->n_rows && s->strip[e] == s->strip[i])
                e++;
            const char *col = s->strip[i] >= 0 ? svg_category_color((size_t)s->strip[i]) : "#bbbbbb";
            rbuf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"10\" height=\"%.2f\" fill=\"%s\"/>\n", left - 14,
                        top + ch * (double)i, ch * (double)(e - i), col);
            rbuf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"10\" fill=\"%s\"/>\n",
                        left + cw * (double)i, top - 14, cw * (double)(e - i), col);
            i = e;
        }
        const char *colors[64];
        size_t n = s->n_strip < 64 ? s->n_strip : 64;
        for (size_t g = 0; g < n; g++)
            colors[g] = svg_category_color(g);
        double lx = right + 120;
        svg_text(b, lx, top - 6, "start", SVG_FONT, 0, "bold", "feature family");
        svg_legend(b, lx, top + 4, s->strip_names, colors, n, false);
    }
    rbuf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" stroke=\"#333333\"/>\n",
                left, top, right - left, bottom - top);
    if (row_names) {
        for (size_t r = 0; r < s->n_rows; r++) {
            char t[64];
            svg_abbrev(s->row_names[r], 18, t, sizeof t);
            svg_text(b, left - 6, top + ch * ((double)r + 0.5) + 4, "end", SVG_FONT, 0, NULL, t);
        }
    }
    if (col_names) {
        svg_frame f = {left, top, right - left, bottom - top, 0, 1, 0, 1};
        svg_axis_x_categories(b, &f, s->col_names, s->n_cols, NULL);
    }
    if (!small || (!row_names && !col_names)) {
        /* Family spans: separators and centred names on both axes. */
        for (size_t k = 0; k < s->n_spans; k++) {
            const plot_span *sp = &s->spans[k];
            double xa = left + cw * (double)sp->start, xb = left + cw * (double)sp->end;
            double ya = top + ch * (double)sp->start, yb = top + ch * (double)sp->end;
            if (k > 0) {
                svg_line(b, xa, top, xa, bottom, "#000000", 0.8, "3 2");
                svg_line(b, left, ya, right, ya, "#000000", 0.8, "3 2");
            }
            svg_line(b, xa + 1, bottom + 4, xb - 1, bottom + 4, "#333333", 2, NULL);
            svg_line(b, left - 4, ya + 1, left - 4, yb - 1, "#333333", 2, NULL);
            bool narrow = xb - xa < svg_text_width(sp->name, SVG_FONT) + 4;
            if (narrow)
                svg_text(b, (xa + xb) / 2 + 4, bottom + 14, "end", SVG_FONT, -40, NULL, sp->name);
            else
                svg_text(b, (xa + xb) / 2, bottom + 18, "middle", SVG_FONT, 0, NULL, sp->name);
            if (yb - ya >= SVG_FONT + 2)
                svg_text(b, left - 8, (ya + yb) / 2 + 4, "end", SVG_FONT, 0, NULL, sp->name);
            else
                svg_text(b, left - 8, (ya + yb) / 2 + 4, "end", 9, 0, NULL, sp->name);
        }
    }
    if (s->xlabel)
        svg_text(b, (left + right) / 2, bottom + col_h + 22, "middle", 13, 0, NULL, s->xlabel);
    if (s->ylabel)
        svg_text(b, 16, (top + bottom) / 2, "middle", 13, -90, NULL, s->ylabel);

    /* Colour bar. */
    double bx = right + 24, bw = 16, bh = bottom - top < 300 ? bottom - top : 300;
    for (int k = 0; k < 64; k++) {
        char col[8];
        color_of(s, (k + 0.5) / 64, col);
        rbuf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n", bx,
                    top + bh - bh * (k + 1) / 64.0, bw, bh / 64.0 + 0.3, col);
    }
    rbuf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" stroke=\"#333333\"/>\n",
                bx, top, bw, bh);
    double ticks[32];
    size_t nt = svg_nice_ticks(s->vmin, s->vmax, 6, ticks);
    for (size_t i = 0; i < nt; i++) {
        double y = top + bh - bh * unit(s, ticks[i]);
        char t[32];
        svg_format_number(ticks[i], t, sizeof t);
        svg_line(b, bx + bw, y, bx + bw + 4, y, "#333333", 1, NULL);
        svg_text(b, bx + bw + 6, y + 4, "start", SVG_FONT, 0, NULL, t);
    }
    if (s->colorbar_label)
        svg_text(b, bx + bw + 52, top + bh / 2, "middle", SVG_FONT, -90, NULL, s->colorbar_label);
    svg_end(b);
}
