/* The `ser eda` report (report/eda.h). */
#include "report/eda.h"
#include "report/cluster_order.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/plot.h"
#include "report/report.h"
#include "ser/pca.h"
#include "ser/prosody.h"
#include "ser/scaler.h"
#include "ser/util.h"

#define MAX_FAMILIES 32

/* Prosodic features shown as box plots (if present), in this order. */
static const char *const box_features[] = {"f0_mean_hz", "f0_std", "f0_range", "energy_mean", "energy_std",
                                           "speaking_rate", "voiced_fraction", "jitter_local", "shimmer_local_db",
                                           "hnr_db"};

typedef struct column {
    const char *name;
    const double *base; /* column j of a row-major matrix: base[i * stride + j] */
    size_t stride, j;
    int family, stat;
} column;

/* "mfcc12_mean" -> family "mfcc", stat "mean"; names without a prefix of
 * 3+ letters then digits ("f0_mean", "hnr_db") belong to `fallback`. */
static void split_name(const char *name, const char *fallback, char *family, size_t fcap, const char **stat)
{
    size_t k = 0;
    while (isalpha((unsigned char)name[k]))
        k++;
    if (k >= 3 && isdigit((unsigned char)name[k]) && k < fcap) {
        memcpy(family, name, k);
        family[k] = '\0';
        const char *u = strchr(name, '_');
        *stat = u ? u + 1 : "";
    } else {
        snprintf(family, fcap, "%s", fallback);
        *stat = "";
    }
}

static int intern(char table[][32], size_t *n, size_t cap, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(table[i], s) == 0)
            return (int)i;
    if (*n == cap)
        return (int)cap - 1;
    snprintf(table[*n], 32, "%s", s);
    return (int)(*n)++;
}

static int cmp_column(const void *a, const void *b)
{
    const column *x = a, *y = b;
    if (x->family != y->family)
        return x->family - y->family;
    if (x->stat != y->stat)
        return x->stat - y->stat;
    return (x->base != y->base) ? (x->base < y->base ? -1 : 1) : (x->j > y->j) - (x->j < y->j);
}

static double column_at(const column *c, size_t i)
{
    return c->base[i * c->stride + c->j];
}

/* ---- sections ---- */

static void speaker_distribution(report *r, const eda_data *d, cJSON *summary);

static void class_distribution(report *r, const eda_data *d, cJSON *summary)
{
    double *counts = calloc(d->n_corpora * d->n_classes + 1, sizeof *counts);
    if (!counts) {
        r->html.failed = true;
        return;
    }
    for (size_t i = 0; i < d->n; i++)
        counts[(size_t)d->corpus[i] * d->n_classes + (size_t)d->cls[i]] += 1;
    FILE *f = report_file_open(r, "class_distribution.csv");
    cJSON *js = cJSON_AddObjectToObject(summary, "labels");
    if (f)
        fputs("label,corpus,count\n", f);
    for (size_t c = 0; c < d->n_classes; c++) {
        double total = 0;
        for (size_t g = 0; g < d->n_corpora; g++) {
            double v = counts[g * d->n_classes + c];
            total += v;
            if (f && v > 0) {
                ser_csv_write_field(f, d->classes[c]);
                fputc(',', f);
                ser_csv_write_field(f, d->corpora[g]);
                fprintf(f, ",%.0f\n", v);
            }
        }
        cJSON_AddNumberToObject(js, d->classes[c], total);
    }
    report_file_close(r, f, "class_distribution.csv");
    rbuf svg = {0};
    plot_bars_spec s = {"class-distribution", "Clips per class", "class", "clips", d->classes, d->n_classes,
                        d->corpora, d->n_corpora, counts, false};
    plot_bars(&svg, &s);
    report_section(r, "classes", "Class distribution", NULL);
    report_html(r, "<div class=\"grid\">\n");
    report_figure(r, "class-distribution", &svg,
                  "Number of clips per class, one bar per corpus (grouped). An unbalanced corpus favours its "
                  "large classes in accuracy; UAR does not.",
                  "class_distribution.csv");
    speaker_distribution(r, d, summary);
    report_html(r, "</div>\n");
    report_section_end(r);
    rbuf_free(&svg);
    free(counts);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Clips per speaker, classes stacked (when the inputs name speakers). */
static void speaker_distribution(report *r, const eda_data *d, cJSON *summary)
{
    if (!d->speakers)
        return;
    const char **spk = malloc((d->n + 1) * sizeof *spk);
    if (!spk) {
        r->html.failed = true;
        return;
    }
    size_t ns = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->speakers[i][0])
            spk[ns++] = d->speakers[i];
    qsort(spk, ns, sizeof *spk, cmp_cstr);
    size_t k = 0;
    for (size_t i = 0; i < ns; i++)
        if (k == 0 || strcmp(spk[k - 1], spk[i]) != 0)
            spk[k++] = spk[i];
    ns = k;
    cJSON_AddNumberToObject(summary, "speakers", (double)ns);
    double *counts = calloc(ns * d->n_classes + 1, sizeof *counts);
    const char **names = calloc(ns + 1, sizeof *names);
    if (!counts || !names) {
        r->html.failed = true;
        ns = 0;
    }
    for (size_t i = 0; ns && i < d->n; i++) {
        if (!d->speakers[i][0])
            continue;
        const char **hit = bsearch(&d->speakers[i], spk, ns, sizeof *spk, cmp_cstr);
        counts[(size_t)d->cls[i] * ns + (size_t)(hit - spk)] += 1;
    }
    FILE *f = ns ? report_file_open(r, "speaker_distribution.csv") : NULL;
    if (f) {
        fputs("speaker,label,count\n", f);
        for (size_t s = 0; s < ns; s++)
            for (size_t c = 0; c < d->n_classes; c++)
                if (counts[c * ns + s] > 0) {
                    ser_csv_write_field(f, spk[s]);
                    fputc(',', f);
                    ser_csv_write_field(f, d->classes[c]);
                    fprintf(f, ",%.0f\n", counts[c * ns + s]);
                }
    }
    if (ns)
        report_file_close(r, f, "speaker_distribution.csv");
    if (ns >= 2 && ns <= 120) {
        /* "ravdess:01" -> "01" when there is one corpus */
        for (size_t s = 0; s < ns; s++) {
            const char *colon = strchr(spk[s], ':');
            names[s] = d->n_corpora == 1 && colon ? colon + 1 : spk[s];
        }
        rbuf svg = {0};
        plot_bars_spec bs = {"speaker-distribution", "Clips per speaker", d->n_corpora == 1 ? "speaker" : "corpus:speaker",
                             "clips", names, ns, d->classes, d->n_classes, counts, true};
        plot_bars(&svg, &bs);
        report_figure(r, "speaker-distribution", &svg,
                      "Number of clips per speaker, classes stacked. Speaker-independent protocols keep each "
                      "speaker's clips on one side of a split.",
                      "speaker_distribution.csv");
        rbuf_free(&svg);
    }
    free(counts);
    free(names);
    free(spk);
}

static void durations(report *r, const eda_data *d, cJSON *summary)
{
    FILE *f = report_file_open(r, "durations.csv");
    if (f) {
        fputs("path,label,corpus,duration_s\n", f);
        for (size_t i = 0; i < d->n; i++) {
            ser_csv_write_field(f, d->paths[i]);
            fputc(',', f);
            ser_csv_write_field(f, d->classes[d->cls[i]]);
            fputc(',', f);
            ser_csv_write_field(f, d->corpora[d->corpus[i]]);
            fprintf(f, ",%.6f\n", d->duration[i]);
        }
    }
    report_file_close(r, f, "durations.csv");
    double lo, width, *counts = NULL;
    size_t nb;
    if (!plot_hist_counts(d->duration, d->cls, d->n, d->n_classes, 20, &lo, &width, &nb, &counts)) {
        r->html.failed = true;
        return;
    }
    f = report_file_open(r, "duration_histogram.csv");
    if (f) {
        fputs("bin_start_s,bin_end_s", f);
        for (size_t c = 0; c < d->n_classes; c++) {
            fputc(',', f);
            ser_csv_write_field(f, d->classes[c]);
        }
        fputc('\n', f);
        for (size_t k = 0; k < nb; k++) {
            fprintf(f, "%.6g,%.6g", lo + width * (double)k, lo + width * (double)(k + 1));
            for (size_t c = 0; c < d->n_classes; c++)
                fprintf(f, ",%.0f", counts[c * nb + k]);
            fputc('\n', f);
        }
    }
    report_file_close(r, f, "duration_histogram.csv");
    double total = 0;
    for (size_t i = 0; i < d->n; i++)
        total += d->duration[i];
    cJSON_AddNumberToObject(summary, "duration_total", total);
    cJSON_AddNumberToObject(summary, "duration_mean", d->n ? total / (double)d->n : 0);
    rbuf svg = {0};
    plot_hist_spec s = {"duration-histogram", "Clip duration by class", "duration (s)", "clips", d->classes,
                        d->n_classes, lo, width, nb, counts};
    plot_histogram(&svg, &s);
    char cap[256];
    snprintf(cap, sizeof cap,
             "Duration of each file (native length, before any trimming), bins of %.3g s, classes stacked. "
             "Mean %.2f s.",
             width, d->n ? total / (double)d->n : 0);
    report_section(r, "durations", "Durations", NULL);
    report_html(r, "<div class=\"grid\">\n");
    report_figure(r, "duration-histogram", &svg, cap, "duration_histogram.csv");
    rbuf_free(&svg);
    double w = 52.0 * (double)d->n_classes + 100 > 380 ? 52.0 * (double)d->n_classes + 100 : 380;
    plot_box_spec bs = {.id = "duration-by-class", .title = "Clip duration per class", .xlabel = "class",
                        .ylabel = "duration (s)", .values = d->duration, .group = d->cls, .n = d->n,
                        .groups = d->classes, .n_groups = d->n_classes, .width = w, .height = 340, .violin = true};
    plot_box(&svg, &bs);
    report_figure(r, "duration-by-class", &svg,
                  "The same durations per class: violin (kernel density) around the quartile box, white line = "
                  "median.",
                  "durations.csv");
    report_html(r, "</div>\n");
    report_section_end(r);
    rbuf_free(&svg);
    free(counts);
}

static void correlation(report *r, const eda_data *d, cJSON *summary)
{
    size_t m = d->dim + d->prosody_dim;
    column *cols = calloc(m ? m : 1, sizeof *cols);
    double *corr = malloc((m ? m * m : 1) * sizeof *corr);
    double *mean = calloc(m ? m : 1, sizeof *mean), *sd = calloc(m ? m : 1, sizeof *sd);
    if (!cols || !corr || !mean || !sd) {
        free(cols);
        free(corr);
        free(mean);
        free(sd);
        r->html.failed = true;
        return;
    }
    char families[MAX_FAMILIES][32], stats[64][32];
    size_t n_fam = 0, n_stat = 0;
    for (size_t j = 0; j < m; j++) {
        column *c = &cols[j];
        bool pros = j >= d->dim;
        c->name = pros ? d->prosody_names[j - d->dim] : d->names[j];
        c->base = pros ? d->prosody : d->x;
        c->stride = pros ? d->prosody_dim : d->dim;
        c->j = pros ? j - d->dim : j;
        char fam[32];
        const char *stat;
        if (pros) {
            snprintf(fam, sizeof fam, "prosody");
            stat = "";
        } else {
            split_name(c->name, "prosody", fam, sizeof fam, &stat);
        }
        c->family = intern(families, &n_fam, MAX_FAMILIES, fam);
        c->stat = intern(stats, &n_stat, 64, stat);
    }
    qsort(cols, m, sizeof *cols, cmp_column);
    for (size_t j = 0; j < m; j++) {
        for (size_t i = 0; i < d->n; i++)
            mean[j] += column_at(&cols[j], i);
        mean[j] /= (double)d->n;
        for (size_t i = 0; i < d->n; i++) {
            double v = column_at(&cols[j], i) - mean[j];
            sd[j] += v * v;
        }
        sd[j] = sqrt(sd[j]);
    }
    for (size_t a = 0; a < m; a++)
        for (size_t b = a; b < m; b++) {
            double s = 0;
            for (size_t i = 0; i < d->n; i++)
                s += (column_at(&cols[a], i) - mean[a]) * (column_at(&cols[b], i) - mean[b]);
            double v = sd[a] > 0 && sd[b] > 0 ? s / (sd[a] * sd[b]) : NAN; /* constant column: undefined */
            if (v > 1)
                v = 1;
            if (v < -1)
                v = -1;
            corr[a * m + b] = corr[b * m + a] = v;
        }
    size_t *order = malloc((m ? m : 1) * sizeof *order);
    double *sorted = malloc((m ? m * m : 1) * sizeof *sorted);
    int *strip = malloc((m ? m : 1) * sizeof *strip);
    if (!order || !sorted || !strip || !cluster_order(corr, m, order)) {
        free(order);
        free(sorted);
        free(strip);
        free(cols);
        free(corr);
        free(mean);
        free(sd);
        r->html.failed = true;
        return;
    }
    /* Rows and columns in the clustered order. */
    for (size_t a = 0; a < m; a++) {
        strip[a] = cols[order[a]].family;
        for (size_t b = 0; b < m; b++)
            sorted[a * m + b] = corr[order[a] * m + order[b]];
    }
    memcpy(corr, sorted, m * m * sizeof *corr);
    free(sorted);
    column *tmp = malloc((m ? m : 1) * sizeof *tmp);
    if (tmp) {
        for (size_t a = 0; a < m; a++)
            tmp[a] = cols[order[a]];
        memcpy(cols, tmp, m * sizeof *cols);
    } else {
        r->html.failed = true;
    }
    free(tmp);
    free(order);
    FILE *f = report_file_open(r, "correlation.csv");
    if (f) {
        fputs("feature", f);
        for (size_t j = 0; j < m; j++) {
            fputc(',', f);
            ser_csv_write_field(f, cols[j].name);
        }
        fputc('\n', f);
        for (size_t a = 0; a < m; a++) {
            ser_csv_write_field(f, cols[a].name);
            for (size_t b = 0; b < m; b++)
                fprintf(f, ",%.6g", corr[a * m + b]);
            fputc('\n', f);
        }
    }
    report_file_close(r, f, "correlation.csv");
    const char **names = malloc((m ? m : 1) * sizeof *names);
    if (names)
        for (size_t j = 0; j < m; j++)
            names[j] = cols[j].name;
    rbuf svg = {0};
    const char *fam_names[MAX_FAMILIES];
    for (size_t k = 0; k < n_fam; k++)
        fam_names[k] = families[k];
    plot_heatmap_spec s = {.id = "feature-correlation", .title = "Feature correlation (Pearson), clustered order",
                           .xlabel = "feature (clustered order; strip colour = family)",
                           .ylabel = "feature (clustered order)", .colorbar_label = "Pearson r", .n_rows = m,
                           .n_cols = m, .values = corr, .row_names = names, .col_names = names, .vmin = -1,
                           .vmax = 1, .diverging = true, .value_format = "%.2f", .strip = strip,
                           .strip_names = fam_names, .n_strip = n_fam};
    plot_heatmap(&svg, &s);
    cJSON_AddNumberToObject(summary, "correlation_features", (double)m);
    rbuf cap = {0};
    rbuf_printf(&cap,
                "Pearson correlation of the %zu features over the clips (features of set <code>", m);
    rbuf_escape(&cap, d->set_spec);
    rbuf_puts(&cap, "</code> and <code>");
    rbuf_escape(&cap, d->prosody_spec);
    rbuf_puts(&cap, "</code>), in the leaf order of an average-linkage hierarchical clustering on the "
                    "distance 1 - |r| (ties to the lower index, so the order is deterministic): features that "
                    "move together sit in blocks along the diagonal. The colour strips along the top and the "
                    "left give each feature's family (legend on the right). Red = positive, blue = negative, "
                    "grey = undefined (a constant feature). The matrix in this order: correlation.csv.");
    report_section(r, "correlation", "Feature correlation", NULL);
    report_figure(r, "feature-correlation", &svg, rbuf_str(&cap), "correlation.csv");
    report_section_end(r);
    rbuf_free(&cap);
    rbuf_free(&svg);
    free(names);
    free(strip);
    free(cols);
    free(corr);
    free(mean);
    free(sd);
}

static void pca(report *r, const eda_data *d, cJSON *summary, char *err, size_t cap)
{
    double *z = malloc((d->n * d->dim + 1) * sizeof *z);
    if (!z) {
        r->html.failed = true;
        return;
    }
    memcpy(z, d->x, d->n * d->dim * sizeof *z);
    ser_error e = {0};
    ser_scaler *sc = NULL;
    size_t k = d->dim < 10 ? d->dim : 10;
    ser_pca p;
    memset(&p, 0, sizeof p);
    if (ser_scaler_fit(z, d->n, d->dim, &sc, &e) != SER_OK || (ser_scaler_transform(sc, z, d->n), false) ||
        ser_pca_fit(z, d->n, d->dim, k, &p, &e) != SER_OK) {
        snprintf(err, cap, "PCA: %s", e.message);
        ser_scaler_destroy(sc);
        free(z);
        return;
    }
    ser_scaler_destroy(sc);
    double *proj = malloc(d->n * k * sizeof *proj);
    double *px = malloc(d->n * sizeof *px), *py = malloc(d->n * sizeof *py);
    if (!proj || !px || !py) {
        r->html.failed = true;
    } else {
        ser_pca_transform(&p, z, d->n, proj);
        for (size_t i = 0; i < d->n; i++) {
            px[i] = proj[i * k];
            py[i] = k > 1 ? proj[i * k + 1] : 0;
        }
        FILE *f = report_file_open(r, "pca.csv");
        if (f) {
            fputs("path,label,pc1,pc2\n", f);
            for (size_t i = 0; i < d->n; i++) {
                ser_csv_write_field(f, d->paths[i]);
                fputc(',', f);
                ser_csv_write_field(f, d->classes[d->cls[i]]);
                fprintf(f, ",%.9g,%.9g\n", px[i], py[i]);
            }
        }
        report_file_close(r, f, "pca.csv");
        cJSON *ratios = cJSON_AddArrayToObject(summary, "pca_explained_variance_ratio");
        for (size_t c = 0; c < k; c++)
            cJSON_AddItemToArray(ratios, cJSON_CreateNumber(p.explained_variance_ratio[c]));
        char xl[64], yl[64];
        snprintf(xl, sizeof xl, "PC1 (%.1f %% of variance)", 100 * p.explained_variance_ratio[0]);
        snprintf(yl, sizeof yl, "PC2 (%.1f %% of variance)", k > 1 ? 100 * p.explained_variance_ratio[1] : 0.0);
        rbuf svg = {0};
        plot_scatter_spec s = {.id = "pca-scatter", .title = "PCA of the standardised features", .xlabel = xl,
                               .ylabel = yl, .x = px, .y = py, .n = d->n, .group = d->cls, .groups = d->classes,
                               .n_groups = d->n_classes};
        plot_scatter(&svg, &s);
        char captext[400];
        snprintf(captext, sizeof captext,
                 "Each clip projected on the first two principal components of its %zu features, each "
                 "standardised to zero mean and unit variance (PCA of the correlation matrix; LAPACK dsyevd). "
                 "Together they hold %.1f %% of the variance.",
                 d->dim, 100 * (p.explained_variance_ratio[0] + (k > 1 ? p.explained_variance_ratio[1] : 0)));
        report_section(r, "pca", "Principal components", NULL);
        report_figure(r, "pca-scatter", &svg, captext, "pca.csv");
        report_section_end(r);
        rbuf_free(&svg);
    }
    ser_pca_free(&p);
    free(proj);
    free(px);
    free(py);
    free(z);
}

static void prosody(report *r, const eda_data *d, cJSON *summary)
{
    report_section(r, "prosody", "Prosody by class",
                   "Per-class distribution of prosodic features: a violin (Gaussian kernel density, Silverman's "
                   "bandwidth, cut at the class's smallest and largest value, each as wide as its class's densest "
                   "point) around a box (quartiles; white line: median; whiskers: furthest value within 1.5 IQR of "
                   "the box; circles: beyond). The axis spans the whiskers; values beyond it (pitch-tracking errors, "
                   "mostly) are triangles on its edge.");
    report_html(r, "<div class=\"grid\">\n");
    cJSON *js = cJSON_AddObjectToObject(summary, "prosody");
    double *col = malloc((d->n ? d->n : 1) * sizeof *col);
    FILE *f = report_file_open(r, "prosody_boxes.csv");
    if (f)
        fputs("feature,unit,label,n,min,q1,median,q3,max,lo_whisker,hi_whisker\n", f);
    for (size_t b = 0; col && b < sizeof box_features / sizeof *box_features; b++) {
        size_t j = 0;
        while (j < d->prosody_dim && strcmp(d->prosody_names[j], box_features[b]) != 0)
            j++;
        if (j == d->prosody_dim)
            continue;
        const char *unit = "";
        for (size_t q = 0; q < SER_PROSODY_N_DIMS; q++)
            if (strcmp(ser_prosody_dims[q].name, box_features[b]) == 0)
                unit = ser_prosody_dims[q].unit;
        for (size_t i = 0; i < d->n; i++)
            col[i] = d->prosody[i * d->prosody_dim + j];
        cJSON *fj = cJSON_AddObjectToObject(js, box_features[b]);
        for (size_t c = 0; c < d->n_classes; c++) {
            plot_box_stats st;
            plot_box_stats_compute(col, d->cls, d->n, (int)c, &st);
            cJSON *cj = cJSON_AddObjectToObject(fj, d->classes[c]);
            cJSON_AddNumberToObject(cj, "n", (double)st.n);
            cJSON_AddItemToObject(cj, "median", isfinite(st.median) ? cJSON_CreateNumber(st.median) : cJSON_CreateNull());
            if (f)
                fprintf(f, "%s,%s,%s,%zu,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n", box_features[b], unit,
                        d->classes[c], st.n, st.min, st.q1, st.median, st.q3, st.max, st.lo_whisker, st.hi_whisker);
        }
        char id[64], ylabel[64];
        snprintf(id, sizeof id, "prosody-%s", box_features[b]);
        for (char *p = id; *p; p++)
            if (*p == '_')
                *p = '-';
        if (strcmp(unit, "1") == 0 || !unit[0])
            snprintf(ylabel, sizeof ylabel, "%s", box_features[b]);
        else
            snprintf(ylabel, sizeof ylabel, "%s (%s)", box_features[b], unit);
        rbuf svg = {0};
        double w = 52.0 * (double)d->n_classes + 100 > 380 ? 52.0 * (double)d->n_classes + 100 : 380;
        plot_box_spec s = {.id = id, .title = box_features[b], .xlabel = "class", .ylabel = ylabel, .values = col,
                           .group = d->cls, .n = d->n, .groups = d->classes, .n_groups = d->n_classes, .width = w,
                           .height = 320, .violin = true};
        plot_box(&svg, &s);
        report_figure(r, id, &svg, NULL, "prosody_boxes.csv");
        rbuf_free(&svg);
    }
    report_file_close(r, f, "prosody_boxes.csv");
    free(col);
    report_html(r, "</div>\n");
    report_section_end(r);
}

cJSON *eda_report_write(const eda_data *d, const char *dir, char *err, size_t err_cap)
{
    err[0] = '\0';
    if (d->n < 2) {
        snprintf(err, err_cap, "need at least 2 usable clips, got %zu", d->n);
        return NULL;
    }
    report r;
    char sub[512];
    char rate[32];
    snprintf(rate, sizeof rate, d->sample_rate ? "%d Hz" : "native rate", d->sample_rate);
    snprintf(sub, sizeof sub, "%zu clips, %zu classes, %zu %s, %zu inputs skipped; features %s + %s at %s", d->n,
             d->n_classes, d->n_corpora, d->n_corpora == 1 ? "corpus" : "corpora", d->n_skipped, d->set_spec,
             d->prosody_spec, rate);
    if (!report_open(&r, dir, "Exploratory data analysis", sub)) {
        snprintf(err, err_cap, "%s", r.error);
        return NULL;
    }
    cJSON *summary = cJSON_CreateObject();
    cJSON_AddNumberToObject(summary, "total", (double)d->n);
    cJSON_AddNumberToObject(summary, "skipped", (double)d->n_skipped);
    cJSON *corp = cJSON_AddObjectToObject(summary, "corpora");
    for (size_t g = 0; g < d->n_corpora; g++) {
        size_t c = 0;
        for (size_t i = 0; i < d->n; i++)
            c += d->corpus[i] == (int)g;
        cJSON_AddNumberToObject(corp, d->corpora[g], (double)c);
    }
    cJSON_AddStringToObject(summary, "set", d->set_spec);
    cJSON_AddStringToObject(summary, "prosody_set", d->prosody_spec);
    class_distribution(&r, d, summary);
    durations(&r, d, summary);
    correlation(&r, d, summary);
    pca(&r, d, summary, err, err_cap);
    prosody(&r, d, summary);
    char *text = cJSON_Print(summary);
    if (text) {
        rbuf js = {0};
        rbuf_puts(&js, text);
        rbuf_puts(&js, "\n");
        report_file_write(&r, "summary.json", &js);
        rbuf_free(&js);
        free(text);
    }
    if (!report_close(&r) && !err[0])
        snprintf(err, err_cap, "%s", r.error);
    if (err[0]) {
        cJSON_Delete(summary);
        return NULL;
    }
    return summary;
}
