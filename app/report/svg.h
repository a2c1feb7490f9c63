/* svg.h - a small SVG writer for the report: the document, text (escaped),
 * rect, line, polyline, circle, numeric and categorical axes with ticks,
 * legends, and colour-blind-safe colours.  Coordinates are SVG pixels
 * (y grows downwards); an svg_frame maps data values into a plot box.
 * Marks (bars, cells, points, curves, boxes) carry class="mark" so tests
 * and style sheets can find them; a `tip` becomes a <title> tooltip. */
#ifndef SER_REPORT_SVG_H
#define SER_REPORT_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "report/buf.h"

#define SVG_FONT 12.0 /* px, tick labels and legends */

/* Plot box in pixels and the data range it shows. */
typedef struct svg_frame {
    double left, top, width, height; /* px */
    double x0, x1, y0, y1;           /* data range; y0 at the bottom */
} svg_frame;

double svg_fx(const svg_frame *f, double x);
double svg_fy(const svg_frame *f, double y);

/* <svg id=... width height viewBox> with a <title> and a visible title
 * centred at the top (title may be NULL). */
void svg_begin(rbuf *b, const char *id, double width, double height, const char *title);
void svg_end(rbuf *b);

/* anchor "start" | "middle" | "end"; angle in degrees (rotation about
 * (x, y)); weight NULL or "bold". */
void svg_text(rbuf *b, double x, double y, const char *anchor, double size, double angle, const char *weight,
              const char *text);
void svg_rect(rbuf *b, double x, double y, double w, double h, const char *fill, bool mark, const char *tip);
void svg_line(rbuf *b, double x1, double y1, double x2, double y2, const char *stroke, double width, const char *dash);
/* A line that is a mark (event markers): class="mark CLS" (CLS may be NULL),
 * with a tooltip. */
void svg_line_mark(rbuf *b, double x1, double y1, double x2, double y2, const char *stroke, double width,
                   const char *dash, const char *cls, const char *tip);
void svg_polyline(rbuf *b, const double *px, const double *py, size_t n, const char *stroke, double width,
                  const char *dash, bool mark, const char *tip);
void svg_circle(rbuf *b, double cx, double cy, double r, const char *fill, bool mark, const char *tip);

/* Approximate rendered width of s in px at font size `size` (sans-serif). */
double svg_text_width(const char *s, double size);
/* s shortened to at most max_chars characters with a trailing "..." */
void svg_abbrev(const char *s, size_t max_chars, char *out, size_t cap);

/* Ticks: round values (1, 2, 5 x 10^k) covering [lo, hi], at most
 * max_ticks of them (<= 32); returns the count.  svg_nice_range widens
 * [lo, hi] to round ends (and separates lo == hi). */
size_t svg_nice_ticks(double lo, double hi, size_t max_ticks, double *ticks);
void svg_nice_range(double *lo, double *hi, size_t max_ticks);
void svg_format_number(double v, char *out, size_t cap);

/* Axes along the frame's bottom / left edge, with tick labels, light grid
 * lines (grid) and the axis title (include units: "duration (s)"). */
void svg_axis_x(rbuf *b, const svg_frame *f, const char *label, bool grid);
void svg_axis_y(rbuf *b, const svg_frame *f, const char *label, bool grid);
/* svg_axis_x with whole-number ticks only (epochs, counts). */
void svg_axis_x_integer(rbuf *b, const svg_frame *f, const char *label, bool grid);
/* Category axis: n names in bands of equal width along the bottom; names
 * are rotated by 40 degrees when they would overlap and abbreviated past
 * 18 characters.  Returns the px height the labels take below the frame. */
double svg_axis_x_categories(rbuf *b, const svg_frame *f, const char *const *names, size_t n, const char *label);
/* Height below the frame that svg_axis_x_categories needs (for layout). */
double svg_categories_height(const char *const *names, size_t n, double band_px);

/* Vertical legend with its top-left corner at (x, y): a swatch (square,
 * or a dot when points) and the name per entry.  Width in px of such a
 * legend: svg_legend_width. */
void svg_legend(rbuf *b, double x, double y, const char *const *names, const char *const *colors, size_t n,
                bool points);
double svg_legend_width(const char *const *names, size_t n);

/* Okabe-Ito categorical colours ("#rrggbb"), cycling past 8. */
const char *svg_category_color(size_t i);
/* Sequential (viridis) and diverging (blue - white - red, colour-blind
 * safe) colour of t in [0, 1] into out[8] ("#rrggbb"). */
void svg_viridis(double t, char out[8]);
void svg_diverging(double t, char out[8]);

#endif
