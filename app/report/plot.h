/* plot.h - the report's charts, each drawn as one complete <svg> into an
 * rbuf: grouped/stacked bars, stacked histogram, heatmap with colour bar,
 * scatter, line chart, call timeline and box plot.  Every chart has a title, axis titles
 * (with units: the caller's text), a legend where colours mean something,
 * Okabe-Ito category colours, and tick labels laid out not to overlap.
 * Marks carry class="mark" (see svg.h). */
#ifndef SER_REPORT_PLOT_H
#define SER_REPORT_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "report/buf.h"

/* Bars: values[g * n_categories + c] for group g (legend, colour) and
 * category c (x axis); grouped side by side, or stacked. */
typedef struct plot_bars_spec {
    const char *id, *title, *xlabel, *ylabel;
    const char *const *categories;
    size_t n_categories;
    const char *const *groups;
    size_t n_groups;
    const double *values;
    bool stacked;
} plot_bars_spec;
void plot_bars(rbuf *b, const plot_bars_spec *s);

/* Histogram with shared bins: bin k covers [lo + k width, lo + (k+1) width);
 * counts[g * n_bins + k]; groups stacked. */
typedef struct plot_hist_spec {
    const char *id, *title, *xlabel, *ylabel;
    const char *const *groups;
    size_t n_groups;
    double lo, width;
    size_t n_bins;
    const double *counts;
} plot_hist_spec;
void plot_histogram(rbuf *b, const plot_hist_spec *s);
/* Bins for values[0..n) (finite ones): round edges covering the range,
 * about n_bins_hint bins (<= 200); counts per group (group[i] in
 * [0, n_groups), others ignored) into a calloc'd array.  false on NOMEM. */
bool plot_hist_counts(const double *values, const int *group, size_t n, size_t n_groups, size_t n_bins_hint,
                      double *lo, double *width, size_t *n_bins, double **counts);

/* A labelled span of rows/columns (a feature family). */
typedef struct plot_span {
    const char *name;
    size_t start, end; /* [start, end) */
} plot_span;

/* Heatmap of values[r * n_cols + c].  Row/column names are drawn when
 * given and there are few enough to be legible; else `spans` label groups
 * of rows and columns (same spans for both; a square matrix), with
 * separators.  Colour: viridis, or diverging (blue - white - red) for
 * signed data; a colour bar with colorbar_label.  cell_labels writes the
 * value in each cell (value_format, e.g. "%.0f"), dark text on light
 * cells and white on dark. NaN cells are grey. */
typedef struct plot_heatmap_spec {
    const char *id, *title, *xlabel, *ylabel, *colorbar_label;
    size_t n_rows, n_cols;
    const double *values;
    const char *const *row_names, *const *col_names; /* may be NULL */
    const plot_span *spans;
    size_t n_spans;
    double vmin, vmax;
    bool diverging, cell_labels;
    const char *value_format;
    /* Optional: cells drawn with a thick outline (n_rows x n_cols), with
     * highlight_label explaining them under the plot. */
    const bool *highlight;
    const char *highlight_label;
    /* Optional, for a square matrix whose rows/columns are in an order
     * that mixes groups (a clustered order): strip[i] in [0, n_strip) is
     * the group of row/column i, drawn as a colour strip along both
     * axes with a legend of strip_names. */
    const int *strip;
    const char *const *strip_names;
    size_t n_strip;
} plot_heatmap_spec;
void plot_heatmap(rbuf *b, const plot_heatmap_spec *s);

/* Scatter of (x[i], y[i]) coloured by group[i] (legend: groups). */
typedef struct plot_scatter_spec {
    const char *id, *title, *xlabel, *ylabel;
    const double *x, *y;
    size_t n;
    const int *group;
    const char *const *groups;
    size_t n_groups;
    const bool *highlight;       /* optional: points ringed in black (drawn last, on top) ... */
    const char *highlight_name;  /* ... named in the legend ("selected") */
    double dodge;                /* > 0: group g's points shifted by (g - (n_groups - 1) / 2) * dodge
                                  * along x (data units), so equal x values of groups stay apart */
} plot_scatter_spec;
void plot_scatter(rbuf *b, const plot_scatter_spec *s);

/* Lines: one series per legend entry.  Range: [x0, x1] x [y0, y1] when
 * x1 > x0 and y1 > y0, else from the data.  diagonal: the dashed y = x
 * chance line (ROC). */
typedef struct plot_series {
    const char *name;
    const double *x, *y;
    size_t n;
} plot_series;
typedef struct plot_lines_spec {
    const char *id, *title, *xlabel, *ylabel;
    const plot_series *series;
    size_t n_series;
    double x0, x1, y0, y1;
    bool diagonal;
    bool integer_x;         /* whole-number x ticks (epochs) */
    bool mark;              /* a dashed vertical line at x = mark_x ... */
    double mark_x;
    const char *mark_label; /* ... labelled with this text */
} plot_lines_spec;
void plot_lines(rbuf *b, const plot_lines_spec *s);

/* Timeline of one track of a call, two panels over the same time axis:
 * above, the series (per-class probabilities, [0, 1]; a NaN point breaks
 * the line, so silence leaves a gap); below, the score (frustration) with
 * dashed lines at on_threshold / off_threshold (NaN: none).  `spans` are
 * shaded in both panels (no speech).  Each event marker is a vertical
 * line through both panels, class="mark alert" (solid) or "mark calm"
 * (dashed), with its label above the plot (stacked in up to 3 rows so
 * labels never overlap; a label without room is left to the tooltip).
 * Time range [t0, t1] s. */
typedef struct plot_time_span {
    double t0, t1; /* s */
} plot_time_span;
typedef struct plot_event_mark {
    double t;          /* s */
    bool alert;        /* alert, else calm */
    const char *label; /* "alert 1" */
    const char *tip;   /* tooltip (reason); may be NULL */
} plot_event_mark;
typedef struct plot_timeline_spec {
    const char *id, *title, *xlabel, *ylabel, *score_label;
    const plot_series *series; /* probabilities */
    size_t n_series;
    const double *score_t, *score; /* n_score points */
    size_t n_score;
    double on_threshold, off_threshold;
    const plot_time_span *spans;
    size_t n_spans;
    const char *span_name; /* legend text of the shaded spans */
    const plot_event_mark *marks;
    size_t n_marks;
    double t0, t1;
} plot_timeline_spec;
void plot_timeline(rbuf *b, const plot_timeline_spec *s);

/* Box plot (or box + violin) per group of values[i] (group[i]); quartiles by linear
 * interpolation (numpy's default), whiskers at the furthest value within
 * 1.5 IQR of the box, points beyond drawn as outliers. NaN ignored.
 * The y axis spans the groups' whiskers; outliers beyond it are drawn as
 * triangles on its edge and counted above the plot. */
typedef struct plot_box_stats {
    size_t n;
    double min, q1, median, q3, max, lo_whisker, hi_whisker;
} plot_box_stats;
void plot_box_stats_compute(const double *values, const int *group, size_t n, int g, plot_box_stats *out);
typedef struct plot_box_spec {
    const char *id, *title, *xlabel, *ylabel;
    const double *values;
    const int *group;
    size_t n;
    const char *const *groups;
    size_t n_groups;
    double width, height; /* px; 0 = default */
    bool violin; /* a violin (Gaussian KDE, Silverman's bandwidth, cut at
                  * the group's min / max) behind a narrow box */
} plot_box_spec;
void plot_box(rbuf *b, const plot_box_spec *s);

#endif
