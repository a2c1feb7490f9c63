/* The `ser analyze --report` report of one call (report/call_report.h). */
#include "report/call_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/plot.h"
#include "report/report.h"
#include "ser/util.h"

#define MAX_LABELS 64

/* The analysis as read by the report: labels and, per alert / calm event
 * (the analysis' "alerts" in order), its marker text "alert N" / "calm". */
typedef struct call_view {
    const cJSON *an, *tracks, *alerts, *timeline;
    const char *labels[MAX_LABELS];
    size_t n_labels, n_alerts, n_events;
    char (*mark_text)[32]; /* one per item of "alerts" */
} call_view;

static const cJSON *item(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(item(o, key));
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = item(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static bool is_type(const cJSON *ev, const char *type)
{
    const char *t = str(ev, "type");
    return t && !strcmp(t, type);
}

static bool on_track(const cJSON *ev, const char *track)
{
    const char *t = str(ev, "track");
    return t && !strcmp(t, track);
}

/* v formatted with fmt, or an en dash when it is not a number (null). */
static void cell_num(rbuf *h, double v, const char *fmt)
{
    rbuf_puts(h, "<td>");
    if (isfinite(v))
        rbuf_printf(h, fmt, v);
    else
        rbuf_puts(h, "&ndash;");
    rbuf_puts(h, "</td>");
}

static void cell_text(rbuf *h, const char *cls, const char *s)
{
    rbuf_printf(h, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    rbuf_escape(h, s ? s : "");
    rbuf_puts(h, "</td>");
}

static void csv_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.6g", v);
}

static bool view_open(call_view *v, const cJSON *an)
{
    memset(v, 0, sizeof *v);
    v->an = an;
    v->tracks = item(an, "tracks");
    v->alerts = item(an, "alerts");
    v->timeline = item(an, "timeline");
    const cJSON *l;
    cJSON_ArrayForEach(l, item(an, "labels"))
    {
        if (cJSON_IsString(l) && v->n_labels < MAX_LABELS)
            v->labels[v->n_labels++] = l->valuestring;
    }
    v->n_events = (size_t)cJSON_GetArraySize(v->timeline);
    size_t n = (size_t)cJSON_GetArraySize(v->alerts);
    v->mark_text = calloc(n + 1, sizeof *v->mark_text);
    if (!v->mark_text)
        return false;
    size_t i = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, v->alerts)
    {
        if (is_type(a, "alert"))
            snprintf(v->mark_text[i], sizeof v->mark_text[i], "alert %zu", ++v->n_alerts);
        else
            snprintf(v->mark_text[i], sizeof v->mark_text[i], "calm");
        i++;
    }
    return true;
}

static void header(report *r, const call_view *v, const call_report_info *info)
{
    rbuf *h = report_page(r);
    const char *path = str(v->an, "path"), *id = str(v->an, "call_id");
    rbuf_puts(h, "<table id=\"call-info\">\n<tr><th>call</th><td class=\"text\" id=\"call-path\">");
    rbuf_escape(h, path ? path : id ? id : "");
    rbuf_printf(h, "</td></tr>\n<tr><th>duration</th><td class=\"text\" id=\"call-duration\">%.2f s</td></tr>\n",
                num(v->an, "duration"));
    rbuf_printf(h, "<tr><th>audio</th><td class=\"text\">%.0f Hz, %.0f channel(s)</td></tr>\n",
                num(v->an, "sample_rate"), num(v->an, "channels"));
    rbuf_puts(h, "<tr><th>model</th><td class=\"text\" id=\"call-model\">");
    rbuf_escape(h, info->model_path ? info->model_path : "");
    if (info->model_kind) {
        rbuf_puts(h, " (");
        rbuf_escape(h, info->model_kind);
        rbuf_puts(h, ")");
    }
    rbuf_puts(h, "</td></tr>\n<tr><th>classes</th><td class=\"text\">");
    for (size_t k = 0; k < v->n_labels; k++) {
        rbuf_puts(h, k ? ", " : "");
        rbuf_escape(h, v->labels[k]);
    }
    rbuf_printf(h, "</td></tr>\n<tr><th>alerts</th><td class=\"text\" id=\"call-alerts\">%zu</td></tr>\n</table>\n",
                v->n_alerts);
}

static void summary_table(report *r, const call_view *v)
{
    report_section(r, "summary", "Per-track summary",
                   "Speech share: voiced time / duration. Dominant emotion: the label with the most speech time. "
                   "Arousal and valence ([-1, 1]): time-weighted means over the speech. Peak frustration: the "
                   "highest smoothed frustration score ([0, 1]) and when it was reached.");
    rbuf *h = report_page(r);
    rbuf_puts(h, "<table id=\"track-summary\" class=\"nowrap\">\n"
                 "<tr><th>track</th><th>speech share</th><th>dominant emotion</th>"
                 "<th>arousal mean</th><th>valence mean</th><th>peak frustration</th><th>at (s)</th>"
                 "<th>alerts</th></tr>\n");
    const cJSON *t;
    cJSON_ArrayForEach(t, v->tracks)
    {
        rbuf_puts(h, "<tr>");
        cell_text(h, NULL, t->string);
        if (!cJSON_IsTrue(item(t, "analysed"))) {
            rbuf_puts(h, "<td class=\"text\" colspan=\"7\">");
            rbuf_escape(h, str(t, "note") ? str(t, "note") : "not analysed");
            rbuf_puts(h, "</td></tr>\n");
            continue;
        }
        rbuf_printf(h, "<td>%.0f %%</td>", 100 * num(t, "speech_share"));
        cell_text(h, "text", str(t, "dominant") ? str(t, "dominant") : "(no speech)");
        cell_num(h, num(t, "arousal_mean"), "%+.2f");
        cell_num(h, num(t, "valence_mean"), "%+.2f");
        cell_num(h, num(t, "frustration_peak"), "%.2f");
        cell_num(h, num(t, "frustration_peak_t"), "%.1f");
        cell_num(h, num(t, "alerts"), "%.0f");
        rbuf_puts(h, "</tr>\n");
    }
    rbuf_puts(h, "</table>\n");
    report_section_end(r);
}

static void timeline_csv(report *r, const call_view *v)
{
    FILE *f = report_file_open(r, "timeline.csv");
    if (!f)
        return;
    fputs("t_start,t_end,track,type,label", f);
    for (size_t k = 0; k < v->n_labels; k++) {
        fputs(",p_", f);
        ser_csv_write_field(f, v->labels[k]);
    }
    fputs(",frustration\n", f);
    const cJSON *ev;
    cJSON_ArrayForEach(ev, v->timeline)
    {
        fprintf(f, "%.3f,%.3f,", num(ev, "t_start"), num(ev, "t_end"));
        ser_csv_write_field(f, str(ev, "track"));
        fputc(',', f);
        ser_csv_write_field(f, str(ev, "type"));
        fputc(',', f);
        ser_csv_write_field(f, str(ev, "label"));
        const cJSON *p = item(ev, "probabilities");
        for (size_t k = 0; k < v->n_labels; k++) {
            fputc(',', f);
            csv_num(f, num(p, v->labels[k]));
        }
        fputc(',', f);
        csv_num(f, num(ev, "frustration"));
        fputc('\n', f);
    }
    report_file_close(r, f, "timeline.csv");
}

/* The timeline figure of one track from its events. */
static void timeline_figure(report *r, const call_view *v, const char *track, const call_report_info *info)
{
    size_t n = v->n_events + 1, nl = v->n_labels, nm = (size_t)cJSON_GetArraySize(v->alerts) + 1;
    double *t = malloc(n * sizeof *t), *p = malloc(n * (nl + 1) * sizeof *p);
    double *score = malloc(n * sizeof *score);
    plot_time_span *spans = malloc(n * sizeof *spans);
    plot_event_mark *marks = malloc(nm * sizeof *marks);
    plot_series *series = calloc(nl + 1, sizeof *series);
    if (!t || !p || !score || !spans || !marks || !series) {
        r->html.failed = true;
        goto done;
    }
    size_t m = 0, n_spans = 0, n_marks = 0, i = 0;
    double last_end = NAN;
    const cJSON *ev;
    cJSON_ArrayForEach(ev, v->timeline)
    {
        if (!on_track(ev, track) || !(is_type(ev, "emotion") || is_type(ev, "silence")))
            continue;
        double t_end = num(ev, "t_end"), from = isfinite(last_end) ? last_end : num(ev, "t_start");
        last_end = t_end;
        const cJSON *probs = item(ev, "probabilities");
        t[m] = t_end;
        score[m] = num(ev, "frustration");
        for (size_t k = 0; k < nl; k++)
            p[k * n + m] = is_type(ev, "emotion") ? num(probs, v->labels[k]) : NAN;
        m++;
        if (is_type(ev, "silence")) {
            if (n_spans && spans[n_spans - 1].t1 >= from)
                spans[n_spans - 1].t1 = t_end;
            else
                spans[n_spans++] = (plot_time_span){from, t_end};
        }
    }
    const cJSON *a;
    cJSON_ArrayForEach(a, v->alerts)
    {
        if (on_track(a, track))
            marks[n_marks++] = (plot_event_mark){num(a, "t"), is_type(a, "alert"), v->mark_text[i], str(a, "reason")};
        i++;
    }
    for (size_t k = 0; k < nl; k++)
        series[k] = (plot_series){v->labels[k], t, p + k * n, m};
    char id[96], title[160];
    snprintf(id, sizeof id, "timeline-%s", track);
    snprintf(title, sizeof title, "Timeline (%s): emotion probabilities and frustration", track);
    plot_timeline_spec s = {.id = id, .title = title, .xlabel = "time (s)", .ylabel = "probability",
                            .score_label = "frustration score", .series = series, .n_series = nl,
                            .score_t = t, .score = score, .n_score = m, .on_threshold = info->on_threshold,
                            .off_threshold = info->off_threshold, .spans = spans, .n_spans = n_spans,
                            .span_name = "no speech", .marks = marks, .n_marks = n_marks, .t0 = 0,
                            .t1 = num(v->an, "duration")};
    rbuf svg = {0};
    plot_timeline(&svg, &s);
    report_figure(r, id, &svg,
                  "Above: the smoothed probability of each class per analysis window (2 s, one every 0.5 s), "
                  "drawn at the window's end; gaps are windows without speech (shaded). Below: the frustration "
                  "score; an alert fires when it stays high and rising, a calm event when it has fallen back.",
                  "timeline.csv");
    rbuf_free(&svg);
done:
    free(t);
    free(p);
    free(score);
    free(spans);
    free(marks);
    free(series);
}

static void label_share_figure(report *r, const call_view *v, const cJSON *track)
{
    /* One group per class, each with its own bar only (stacked): the
     * classes keep the timeline's colours. */
    size_t nl = v->n_labels;
    double *share = calloc(nl * nl + 1, sizeof *share);
    if (!share) {
        r->html.failed = true;
        return;
    }
    for (size_t k = 0; k < nl; k++)
        share[k * nl + k] = num(item(track, "label_share"), v->labels[k]);
    char id[96], title[160];
    snprintf(id, sizeof id, "label-share-%s", track->string);
    snprintf(title, sizeof title, "Share of speech time per emotion (%s)", track->string);
    plot_bars_spec s = {.id = id, .title = title, .xlabel = "emotion", .ylabel = "share of speech time",
                        .categories = v->labels, .n_categories = nl, .groups = v->labels, .n_groups = nl,
                        .values = share, .stacked = true};
    rbuf svg = {0};
    plot_bars(&svg, &s);
    report_figure(r, id, &svg, "Time of the emotion events with each label / speech time (the shares sum to 1).",
                  "label_share.csv");
    rbuf_free(&svg);
    free(share);
}

static void label_share_csv(report *r, const call_view *v)
{
    FILE *f = report_file_open(r, "label_share.csv");
    if (!f)
        return;
    fputs("track,label,share\n", f);
    const cJSON *t;
    cJSON_ArrayForEach(t, v->tracks)
    {
        for (size_t k = 0; cJSON_IsTrue(item(t, "analysed")) && k < v->n_labels; k++) {
            ser_csv_write_field(f, t->string);
            fputc(',', f);
            ser_csv_write_field(f, v->labels[k]);
            fputc(',', f);
            csv_num(f, num(item(t, "label_share"), v->labels[k]));
            fputc('\n', f);
        }
    }
    report_file_close(r, f, "label_share.csv");
}

static void tracks_section(report *r, const call_view *v, const call_report_info *info)
{
    report_section(r, "timelines", "Timeline per track", NULL);
    const cJSON *t;
    cJSON_ArrayForEach(t, v->tracks)
    {
        if (!cJSON_IsTrue(item(t, "analysed")))
            continue;
        rbuf_puts(report_page(r), "<h3>");
        rbuf_escape(report_page(r), t->string);
        rbuf_puts(report_page(r), "</h3>\n<div class=\"grid\">\n");
        timeline_figure(r, v, t->string, info);
        label_share_figure(r, v, t);
        rbuf_puts(report_page(r), "</div>\n");
    }
    report_section_end(r);
}

static void alerts_section(report *r, const call_view *v)
{
    report_section(r, "alerts", "Alerts and suggestions",
                   "An alert: the caller's frustration score stayed high and rising; calm: it fell back below the "
                   "calm threshold for a while after an alert. Reasons and suggestions come from the rules file.");
    rbuf *h = report_page(r);
    FILE *f = report_file_open(r, "alerts.csv");
    if (f)
        fputs("t,track,type,frustration,reason,suggestion\n", f);
    rbuf_puts(h, "<table id=\"alerts-table\" class=\"nowrap\">\n<tr><th>event</th><th>time (s)</th><th>track</th>"
                 "<th>frustration</th><th class=\"text\">reason</th><th class=\"text\">suggestion</th></tr>\n");
    size_t i = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, v->alerts)
    {
        rbuf_printf(h, "<tr class=\"%s\">", is_type(a, "alert") ? "alert" : "calm");
        cell_text(h, NULL, v->mark_text[i++]);
        cell_num(h, num(a, "t"), "%.1f");
        cell_text(h, "text", str(a, "track"));
        cell_num(h, num(a, "frustration"), "%.2f");
        cell_text(h, "text", str(a, "reason") ? str(a, "reason") : "");
        cell_text(h, "text", str(a, "suggestion") ? str(a, "suggestion") : "");
        rbuf_puts(h, "</tr>\n");
        if (f) {
            csv_num(f, num(a, "t"));
            fputc(',', f);
            ser_csv_write_field(f, str(a, "track"));
            fputc(',', f);
            ser_csv_write_field(f, str(a, "type"));
            fputc(',', f);
            csv_num(f, num(a, "frustration"));
            fputc(',', f);
            ser_csv_write_field(f, str(a, "reason"));
            fputc(',', f);
            ser_csv_write_field(f, str(a, "suggestion"));
            fputc('\n', f);
        }
    }
    if (!i)
        rbuf_puts(h, "<tr><td class=\"text\" colspan=\"6\">none: no alert in this call</td></tr>\n");
    rbuf_puts(h, "</table>\n<p><a href=\"alerts.csv\">alerts.csv</a> &middot; the whole analysis: "
                 "<a href=\"call.json\">call.json</a> (the <code>ser analyze --json</code> object)</p>\n");
    report_file_close(r, f, "alerts.csv");
    report_section_end(r);
}

static void call_json(report *r, const cJSON *an)
{
    report_json_write(r, "call.json", an);
}

ser_status call_report_write(const char *dir, const cJSON *an, const call_report_info *info, ser_error *err)
{
    call_view v;
    if (!view_open(&v, an))
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory");
    const char *path = str(an, "path"), *id = str(an, "call_id");
    const char *name = path ? path : id && *id ? id : "call";
    const char *slash = strrchr(name, '/');
    char title[512], sub[1024];
    snprintf(title, sizeof title, "Call analysis: %s", slash ? slash + 1 : name);
    snprintf(sub, sizeof sub, "%s, %.1f s, model %s", name, num(an, "duration"),
             info->model_path ? info->model_path : "?");
    report r;
    if (!report_open(&r, dir, title, sub)) {
        free(v.mark_text);
        return ser_error_set(err, SER_ERR_IO, "%s", r.error);
    }
    header(&r, &v, info);
    summary_table(&r, &v);
    timeline_csv(&r, &v);
    label_share_csv(&r, &v);
    tracks_section(&r, &v, info);
    alerts_section(&r, &v);
    call_json(&r, an);
    free(v.mark_text);
    if (!report_close(&r))
        return ser_error_set(err, strstr(r.error, "out of memory") ? SER_ERR_NOMEM : SER_ERR_IO, "%s", r.error);
    return SER_OK;
}
