/* Report folder: index.html with inline plots, .svg and data files (report/report.h). */
#include "report/report.h"

#include <cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ser/version.h"

static const char *const css =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px auto;max-width:1200px;color:#222;"
    "background:#fff;line-height:1.45;padding:0 16px}"
    "h1{font-size:1.6em;margin-bottom:0}h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:2em}"
    ".sub{color:#555;margin-top:4px}"
    "figure{margin:16px 0;display:inline-block;vertical-align:top}"
    "figure svg{max-width:100%;height:auto;border:1px solid #eee}"
    "figcaption{font-size:.9em;color:#444;max-width:760px}"
    "figcaption a{color:#0072B2}"
    "table{border-collapse:collapse;margin:12px 0;font-size:.95em}"
    "th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f3f3f3}"
    "td:first-child,th:first-child,td.text,th.text{text-align:left}"
    ".nowrap td,.nowrap th{white-space:nowrap}.nowrap td.text,.nowrap th.text{white-space:normal}"
    ".grid{display:flex;flex-wrap:wrap;gap:8px}.warn{color:#a63603}";

static void fail(report *r, const char *fmt, ...)
{
    if (r->error[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
}

static bool mkdir_p(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return false;
    }
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return false;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return false;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return false;
    }
    return true;
}

bool report_open(report *r, const char *dir, const char *title, const char *subtitle)
{
    memset(r, 0, sizeof *r);
    if (snprintf(r->dir, sizeof r->dir, "%s", dir) >= (int)sizeof r->dir) {
        fail(r, "%s: path too long", dir);
        return false;
    }
    if (!mkdir_p(dir)) {
        fail(r, "%s: cannot create the folder: %s", dir, strerror(errno));
        return false;
    }
    rbuf *h = &r->html;
    rbuf_puts(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    rbuf_escape(h, title);
    rbuf_printf(h, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
    rbuf_escape(h, title);
    rbuf_puts(h, "</h1>\n<p class=\"sub\">");
    if (subtitle)
        rbuf_escape(h, subtitle);
    rbuf_printf(h, " &middot; ser %s</p>\n", SER_VERSION_STRING);
    return true;
}

void report_section(report *r, const char *id, const char *heading, const char *intro_html)
{
    rbuf_printf(&r->html, "<section id=\"%s\">\n<h2>", id);
    rbuf_escape(&r->html, heading);
    rbuf_puts(&r->html, "</h2>\n");
    if (intro_html)
        rbuf_printf(&r->html, "<p>%s</p>\n", intro_html);
}

void report_section_end(report *r)
{
    rbuf_puts(&r->html, "</section>\n");
}

void report_html(report *r, const char *html)
{
    rbuf_puts(&r->html, html);
}

rbuf *report_page(report *r)
{
    return &r->html;
}

static bool join(report *r, const char *name, char *path, size_t cap)
{
    if (snprintf(path, cap, "%s/%s", r->dir, name) >= (int)cap) {
        fail(r, "%s/%s: path too long", r->dir, name);
        return false;
    }
    return true;
}

void report_file_write(report *r, const char *name, const rbuf *content)
{
    char path[4352];
    if (join(r, name, path, sizeof path) && !rbuf_write_file(content, path))
        fail(r, "%s: cannot write: %s", path, strerror(errno));
}

FILE *report_file_open(report *r, const char *name)
{
    char path[4352];
    if (!join(r, name, path, sizeof path))
        return NULL;
    FILE *f = fopen(path, "w");
    if (!f)
        fail(r, "%s: cannot write: %s", path, strerror(errno));
    return f;
}

void report_file_close(report *r, FILE *f, const char *name)
{
    if (!f)
        return;
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad)
        fail(r, "%s/%s: write failed", r->dir, name);
}

void report_figure(report *r, const char *id, const rbuf *svg, const char *caption, const char *data_file)
{
    char name[300];
    snprintf(name, sizeof name, "%s.svg", id);
    if (svg->failed)
        fail(r, "%s: out of memory", name);
    report_file_write(r, name, svg);
    rbuf *h = &r->html;
    rbuf_puts(h, "<figure>\n");
    rbuf_puts(h, rbuf_str(svg));
    rbuf_puts(h, "<figcaption>");
    if (caption)
        rbuf_puts(h, caption);
    rbuf_puts(h, " <a href=\"");
    rbuf_escape(h, name);
    rbuf_puts(h, "\">SVG</a>");
    if (data_file) {
        rbuf_puts(h, " &middot; <a href=\"");
        rbuf_escape(h, data_file);
        rbuf_puts(h, "\">data</a>");
    }
    rbuf_puts(h, "</figcaption>\n</figure>\n");
}

bool report_close(report *r)
{
    rbuf_puts(&r->html, "</body>\n</html>\n");
    if (r->html.failed)
        fail(r, "%s/index.html: out of memory", r->dir);
    else
        report_file_write(r, "index.html", &r->html);
    rbuf_free(&r->html);
    return r->error[0] == '\0';
}

void report_json_write(report *r, const char *name, const cJSON *j)
{
    char *text = j ? cJSON_Print(j) : NULL;
    rbuf js = {0};
    if (text)
        rbuf_puts(&js, text);
    else
        js.failed = true;
    rbuf_puts(&js, "\n");
    report_file_write(r, name, &js);
    rbuf_free(&js);
    free(text);
}
