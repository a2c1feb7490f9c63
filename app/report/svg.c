/* SVG writer primitives, axes, legends and colours (report/svg.h). */
#include "report/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double svg_fx(const svg_frame *f, double x)
{
    double span = f->x1 - f->x0;
    return f->left + (span != 0 ? (x - f->x0) / span : 0.5) * f->width;
}

double svg_fy(const svg_frame *f, double y)
{
    double span = f->y1 - f->y0;
    return f->top + f->height - (span != 0 ? (y - f->y0) / span : 0.5) * f->height;
}

void svg_begin(rbuf *b, const char *id, double width, double height, const char *title)
{
    rbuf_printf(b,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"%s\" width=\"%.0f\" height=\"%.0f\" "
                "viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"%.0f\" "
                "role=\"img\">\n",
                id, width, height, width, height, SVG_FONT);
    if (title) {
        rbuf_puts(b, "<title>");
        rbuf_escape(b, title);
        rbuf_puts(b, "</title>\n");
    }
    rbuf_printf(b, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", width, height);
    if (title)
        svg_text(b, width / 2, 22, "middle", 15, 0, "bold", title);
}

void svg_end(rbuf *b)
{
    rbuf_puts(b, "</svg>\n");
}

void svg_text(rbuf *b, double x, double y, const char *anchor, double size, double angle, const char *weight,
              const char *text)
{
    rbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%.1f\"", x, y, anchor, size);
    if (weight)
        rbuf_printf(b, " font-weight=\"%s\"", weight);
    if (angle != 0)
        rbuf_printf(b, " transform=\"rotate(%.1f %.1f %.1f)\"", angle, x, y);
    rbuf_puts(b, ">");
    rbuf_escape(b, text);
    rbuf_puts(b, "</text>\n");
}

static void tip_close(rbuf *b, const char *element, const char *tip)
{
    if (tip) {
        rbuf_puts(b, "><title>");
        rbuf_escape(b, tip);
        rbuf_printf(b, "</title></%s>\n", element);
    } else {
        rbuf_puts(b, "/>\n");
    }
}

void svg_rect(rbuf *b, double x, double y, double w, double h, const char *fill, bool mark, const char *tip)
{
    if (w < 0) {
        x += w;
        w = -w;
    }
    if (h < 0) {
        y += h;
        h = -h;
    }
    rbuf_printf(b, "<rect%s x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"",
                mark ? " class=\"mark\"" : "", x, y, w, h, fill);
    tip_close(b, "rect", tip);
}

void svg_line(rbuf *b, double x1, double y1, double x2, double y2, const char *stroke, double width, const char *dash)
{
    rbuf_printf(b, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" stroke-width=\"%.2f\"", x1,
                y1, x2, y2, stroke, width);
    if (dash)
        rbuf_printf(b, " stroke-dasharray=\"%s\"", dash);
    rbuf_puts(b, "/>\n");
}

void svg_line_mark(rbuf *b, double x1, double y1, double x2, double y2, const char *stroke, double width,
                   const char *dash, const char *cls, const char *tip)
{
    rbuf_printf(b,
                "<line class=\"mark%s%s\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" "
                "stroke-width=\"%.2f\"",
                cls ? " " : "", cls ? cls : "", x1, y1, x2, y2, stroke, width);
    if (dash)
        rbuf_printf(b, " stroke-dasharray=\"%s\"", dash);
    tip_close(b, "line", tip);
}

void svg_polyline(rbuf *b, const double *px, const double *py, size_t n, const char *stroke, double width,
                  const char *dash, bool mark, const char *tip)
{
    rbuf_printf(b, "<polyline%s fill=\"none\" stroke=\"%s\" stroke-width=\"%.2f\" stroke-linejoin=\"round\"",
                mark ? " class=\"mark\"" : "", stroke, width);
    if (dash)
        rbuf_printf(b, " stroke-dasharray=\"%s\"", dash);
    rbuf_puts(b, " points=\"");
    for (size_t i = 0; i < n; i++)
        rbuf_printf(b, "%s%.2f,%.2f", i ? " " : "", px[i], py[i]);
    rbuf_puts(b, "\"");
    tip_close(b, "polyline", tip);
}

void svg_circle(rbuf *b, double cx, double cy, double r, const char *fill, bool mark, const char *tip)
{
    rbuf_printf(b, "<circle%s cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"%s\" fill-opacity=\"0.8\"",
                mark ? " class=\"mark\"" : "", cx, cy, r, fill);
    tip_close(b, "circle", tip);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

double svg_text_width(const char *s, double size)
{
    return 0.6 * size * (double)utf8_chars(s);
}

void svg_abbrev(const char *s, size_t max_chars, char *out, size_t cap)
{
    if (cap == 0)
        return;
    if (utf8_chars(s) <= max_chars || max_chars < 4) {
        snprintf(out, cap, "%s", s);
        return;
    }
    size_t chars = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == max_chars - 3)
                break;
            chars++;
        }
    }
    snprintf(out, cap, "%.*s...", (int)i, s);
}

static double nice_step(double span, size_t max_ticks)
{
    double raw = span / (double)(max_ticks > 1 ? max_ticks - 1 : 1);
    double mag = pow(10, floor(log10(raw)));
    double r = raw / mag;
    double m = r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10;
    return m * mag;
}

size_t svg_nice_ticks(double lo, double hi, size_t max_ticks, double *ticks)
{
    if (max_ticks > 32)
        max_ticks = 32;
    if (!(hi > lo) || !isfinite(lo) || !isfinite(hi)) {
        ticks[0] = isfinite(lo) ? lo : 0;
        return 1;
    }
    double step = nice_step(hi - lo, max_ticks);
    double start = ceil(lo / step - 1e-9) * step;
    size_t n = 0;
    for (double v = start; v <= hi + step * 1e-9 && n < 32; v = start + step * (double)n) {
        ticks[n++] = fabs(v) < step * 1e-9 ? 0 : v;
    }
    return n;
}

void svg_nice_range(double *lo, double *hi, size_t max_ticks)
{
    if (!isfinite(*lo) || !isfinite(*hi)) {
        *lo = 0;
        *hi = 1;
        return;
    }
    if (*hi <= *lo) {
        double pad = *lo != 0 ? fabs(*lo) * 0.1 : 1;
        *lo -= pad;
        *hi += pad;
    }
    double step = nice_step(*hi - *lo, max_ticks);
    *lo = floor(*lo / step + 1e-9) * step;
    *hi = ceil(*hi / step - 1e-9) * step;
}

void svg_format_number(double v, char *out, size_t cap)
{
    if (v != 0 && (fabs(v) >= 1e5 || fabs(v) < 1e-3))
        snprintf(out, cap, "%.2g", v);
    else
        snprintf(out, cap, "%.4g", v);
}

static void axis_x(rbuf *b, const svg_frame *f, const char *label, bool grid, bool integer)
{
    double ticks[32];
    size_t max_ticks = (size_t)(f->width / 70) + 2;
    size_t n = svg_nice_ticks(f->x0, f->x1, max_ticks, ticks);
    while (integer && max_ticks > 2 && n > 1 && ticks[1] - ticks[0] < 1 - 1e-9)
        n = svg_nice_ticks(f->x0, f->x1, --max_ticks, ticks); /* fewer ticks until the step is whole */
    double yb = f->top + f->height;
    for (size_t i = 0; i < n; i++) {
        double x = svg_fx(f, ticks[i]);
        char s[32];
        svg_format_number(ticks[i], s, sizeof s);
        if (grid)
            svg_line(b, x, f->top, x, yb, "#e5e5e5", 1, NULL);
        svg_line(b, x, yb, x, yb + 5, "#333333", 1, NULL);
        svg_text(b, x, yb + 18, "middle", SVG_FONT, 0, NULL, s);
    }
    svg_line(b, f->left, yb, f->left + f->width, yb, "#333333", 1, NULL);
    if (label)
        svg_text(b, f->left + f->width / 2, yb + 38, "middle", 13, 0, NULL, label);
}

void svg_axis_x(rbuf *b, const svg_frame *f, const char *label, bool grid)
{
    axis_x(b, f, label, grid, false);
}

void svg_axis_x_integer(rbuf *b, const svg_frame *f, const char *label, bool grid)
{
    axis_x(b, f, label, grid, true);
}

void svg_axis_y(rbuf *b, const svg_frame *f, const char *label, bool grid)
{
    double ticks[32];
    size_t max_ticks = (size_t)(f->height / 40) + 2;
    size_t n = svg_nice_ticks(f->y0, f->y1, max_ticks, ticks);
    double widest = 0;
    for (size_t i = 0; i < n; i++) {
        double y = svg_fy(f, ticks[i]);
        char s[32];
        svg_format_number(ticks[i], s, sizeof s);
        double w = svg_text_width(s, SVG_FONT);
        if (w > widest)
            widest = w;
        if (grid)
            svg_line(b, f->left, y, f->left + f->width, y, "#e5e5e5", 1, NULL);
        svg_line(b, f->left - 5, y, f->left, y, "#333333", 1, NULL);
        svg_text(b, f->left - 8, y + 4, "end", SVG_FONT, 0, NULL, s);
    }
    svg_line(b, f->left, f->top, f->left, f->top + f->height, "#333333", 1, NULL);
    if (label) {
        double x = f->left - widest - 18;
        svg_text(b, x, f->top + f->height / 2, "middle", 13, -90, NULL, label);
    }
}

#define CAT_MAX_CHARS 18

double svg_categories_height(const char *const *names, size_t n, double band_px)
{
    double widest = 0;
    for (size_t i = 0; i < n; i++) {
        char s[64];
        svg_abbrev(names[i], CAT_MAX_CHARS, s, sizeof s);
        double w = svg_text_width(s, SVG_FONT);
        if (w > widest)
            widest = w;
    }
    if (widest + 4 <= band_px)
        return 22;
    return widest * sin(40 * M_PI / 180) + 18;
}

double svg_axis_x_categories(rbuf *b, const svg_frame *f, const char *const *names, size_t n, const char *label)
{
    double band = n ? f->width / (double)n : f->width;
    double h = svg_categories_height(names, n, band);
    bool rotate = h > 22;
    double yb = f->top + f->height;
    for (size_t i = 0; i < n; i++) {
        char s[64];
        svg_abbrev(names[i], CAT_MAX_CHARS, s, sizeof s);
        double x = f->left + band * ((double)i + 0.5);
        svg_line(b, x, yb, x, yb + 4, "#333333", 1, NULL);
        if (rotate)
            svg_text(b, x + 4, yb + 14, "end", SVG_FONT, -40, NULL, s);
        else
            svg_text(b, x, yb + 17, "middle", SVG_FONT, 0, NULL, s);
    }
    svg_line(b, f->left, yb, f->left + f->width, yb, "#333333", 1, NULL);
    if (label)
        svg_text(b, f->left + f->width / 2, yb + h + 16, "middle", 13, 0, NULL, label);
    return h;
}

void svg_legend(rbuf *b, double x, double y, const char *const *names, const char *const *colors, size_t n,
                bool points)
{
    for (size_t i = 0; i < n; i++) {
        double yy = y + 18 * (double)i;
        if (points)
            rbuf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>\n", x + 6, yy + 6, colors[i]);
        else
            rbuf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", x, yy,
                        colors[i]);
        char s[64];
        svg_abbrev(names[i], 24, s, sizeof s);
        svg_text(b, x + 18, yy + 10, "start", SVG_FONT, 0, NULL, s);
    }
}

double svg_legend_width(const char *const *names, size_t n)
{
    double widest = 0;
    for (size_t i = 0; i < n; i++) {
        char s[64];
        svg_abbrev(names[i], 24, s, sizeof s);
        double w = svg_text_width(s, SVG_FONT);
        if (w > widest)
            widest = w;
    }
    return n ? widest + 26 : 0;
}

static const char *const okabe_ito[8] = {"#E69F00", "#56B4E9", "#009E73", "#0072B2",
                                         "#D55E00", "#CC79A7", "#F0E442", "#000000"};

const char *svg_category_color(size_t i)
{
    return okabe_ito[i % 8];
}

static void interpolate(const unsigned char stops[][3], size_t n_stops, double t, char out[8])
{
    if (!(t >= 0))
        t = 0;
    if (t > 1)
        t = 1;
    double pos = t * (double)(n_stops - 1);
    size_t i = (size_t)pos;
    if (i >= n_stops - 1)
        i = n_stops - 2;
    double u = pos - (double)i;
    int rgb[3];
    for (int c = 0; c < 3; c++)
        rgb[c] = (int)lround(stops[i][c] + u * (stops[i + 1][c] - stops[i][c]));
    snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

void svg_viridis(double t, char out[8])
{
    /* matplotlib's viridis at 0, 1/8, ..., 1. */
    static const unsigned char stops[9][3] = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},
                                              {44, 113, 142}, {33, 144, 141}, {39, 173, 129},
                                              {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};
    interpolate(stops, 9, t, out);
}

void svg_diverging(double t, char out[8])
{
    /* ColorBrewer RdBu (reversed: low = blue, high = red), colour-blind safe. */
    static const unsigned char stops[9][3] = {{33, 102, 172},  {67, 147, 195},  {146, 197, 222},
                                              {209, 229, 240}, {247, 247, 247}, {253, 219, 199},
                                              {244, 165, 130}, {214, 96, 77},   {178, 24, 43}};
    interpolate(stops, 9, t, out);
}
