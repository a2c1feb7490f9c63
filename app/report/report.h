/* report.h - a report folder: DIR/index.html (self-contained: inline SVG
 * and CSS, no script, no network) plus every plot as DIR/<id>.svg and the
 * data behind it as CSV/JSON files beside it.  The first failure (a file
 * that cannot be written, out of memory) is kept and reported by
 * report_close. */
#ifndef SER_REPORT_REPORT_H
#define SER_REPORT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "report/buf.h"

struct cJSON;

typedef struct report {
    char dir[4096];
    rbuf html;
    char error[4352]; /* "" while all is well */
} report;

/* Create DIR (and parents) and start the page. false: error holds why. */
bool report_open(report *r, const char *dir, const char *title, const char *subtitle);
/* <section><h2>heading</h2><p>intro</p>; intro is HTML (may be NULL). */
void report_section(report *r, const char *id, const char *heading, const char *intro_html);
void report_section_end(report *r);
/* Raw HTML into the page (tables, lists). */
void report_html(report *r, const char *html);
rbuf *report_page(report *r);
/* Write svg to DIR/<id>.svg and inline it in a <figure> with the caption
 * and links to the .svg and the data file (data may be NULL). */
void report_figure(report *r, const char *id, const rbuf *svg, const char *caption, const char *data_file);
/* Open DIR/name for writing (NULL and error set on failure). */
FILE *report_file_open(report *r, const char *name);
void report_file_close(report *r, FILE *f, const char *name);
/* Write DIR/name from a buffer. */
void report_file_write(report *r, const char *name, const rbuf *content);
/* Write DIR/name: the JSON j, pretty-printed, and a newline (j NULL or out
 * of memory: the report's error is set). */
void report_json_write(report *r, const char *name, const struct cJSON *j);
/* Finish and write index.html; frees the page.  false: r->error says why. */
bool report_close(report *r);

#endif
