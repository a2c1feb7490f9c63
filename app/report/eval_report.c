/* The evaluation report (report/eval_report.h). */
#include "report/eval_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "report/learning_curves.h"
#include "report/plot.h"
#include "report/report.h"
#include "report/search_plots.h"
#include "ser/labels.h"
#include "ser/metrics.h"

#define MAX_PAIRS 8

static void confusion_plots(report *r, const ser_evaluation *ev, const char *const *labels)
{
    size_t k = ev->n_classes;
    double *counts = malloc(k * k * sizeof *counts), *norm = malloc(k * k * sizeof *norm);
    if (!counts || !norm) {
        free(counts);
        free(norm);
        r->html.failed = true;
        return;
    }
    double vmax = 0;
    for (size_t a = 0; a < k; a++) {
        double row = 0;
        for (size_t b = 0; b < k; b++)
            row += (double)ev->confusion[a * k + b];
        for (size_t b = 0; b < k; b++) {
            counts[a * k + b] = (double)ev->confusion[a * k + b];
            norm[a * k + b] = row > 0 ? counts[a * k + b] / row : NAN;
            if (counts[a * k + b] > vmax)
                vmax = counts[a * k + b];
        }
    }
    FILE *f = report_file_open(r, "confusion.csv");
    if (f) {
        fputs("true\\predicted", f);
        for (size_t b = 0; b < k; b++)
            fprintf(f, ",%s", labels[b]);
        fputc('\n', f);
        for (size_t a = 0; a < k; a++) {
            fputs(labels[a], f);
            for (size_t b = 0; b < k; b++)
                fprintf(f, ",%zu", ev->confusion[a * k + b]);
            fputc('\n', f);
        }
    }
    report_file_close(r, f, "confusion.csv");
    report_section(r, "confusion", "Confusion matrix",
                   "Rows: true class; columns: predicted class; summed over the test parts of every split.");
    rbuf svg = {0};
    plot_heatmap_spec s = {.id = "confusion-counts", .title = "Confusion matrix (counts)", .xlabel = "predicted class",
                           .ylabel = "true class", .colorbar_label = "clips", .n_rows = k, .n_cols = k,
                           .values = counts, .row_names = labels, .col_names = labels, .vmin = 0,
                           .vmax = vmax > 0 ? vmax : 1, .cell_labels = true, .value_format = "%.0f"};
    plot_heatmap(&svg, &s);
    report_figure(r, "confusion-counts", &svg, "Number of test clips per (true, predicted) pair.", "confusion.csv");
    rbuf_free(&svg);
    plot_heatmap_spec sn = {.id = "confusion-normalised", .title = "Confusion matrix (row-normalised)",
                            .xlabel = "predicted class", .ylabel = "true class",
                            .colorbar_label = "fraction of the true class", .n_rows = k, .n_cols = k, .values = norm,
                            .row_names = labels, .col_names = labels, .vmin = 0, .vmax = 1, .cell_labels = true,
                            .value_format = "%.2f"};
    plot_heatmap(&svg, &sn);
    report_figure(r, "confusion-normalised", &svg,
                  "Each row divided by its total: the diagonal is the recall of the class.", "confusion.csv");
    rbuf_free(&svg);

    /* Most confused pairs: largest off-diagonal counts. */
    size_t best[MAX_PAIRS], n_best = 0;
    for (size_t c = 0; c < k * k; c++) {
        if (c / k == c % k || ev->confusion[c] == 0)
            continue;
        size_t pos = n_best;
        while (pos > 0 && ev->confusion[best[pos - 1]] < ev->confusion[c])
            pos--;
        if (pos >= MAX_PAIRS)
            continue;
        if (n_best < MAX_PAIRS)
            n_best++;
        memmove(best + pos + 1, best + pos, (n_best - 1 - pos) * sizeof *best);
        best[pos] = c;
    }
    rbuf *h = report_page(r);
    rbuf_puts(h, "<h3>Most confused pairs</h3>\n<ol id=\"confused-pairs\">\n");
    for (size_t i = 0; i < n_best; i++) {
        size_t a = best[i] / k, b = best[i] % k;
        size_t back = ev->confusion[b * k + a];
        rbuf_puts(h, "<li><b>");
        rbuf_escape(h, labels[a]);
        rbuf_puts(h, "</b> taken for <b>");
        rbuf_escape(h, labels[b]);
        rbuf_printf(h, "</b>: %zu clips (%.1f %% of %s)", ev->confusion[best[i]], 100 * norm[best[i]], labels[a]);
        rbuf_printf(h, "; the other way round %zu</li>\n", back);
    }
    if (n_best == 0)
        rbuf_puts(h, "<li>none: every test clip was classified correctly</li>\n");
    rbuf_puts(h, "</ol>\n");
    report_section_end(r);
    free(counts);
    free(norm);
}

static void per_class_table(report *r, const ser_evaluation *ev, const char *const *labels)
{
    size_t k = ev->n_classes;
    FILE *f = report_file_open(r, "per_class.csv");
    if (f)
        fputs("label,precision,recall,f1,support\n", f);
    report_section(r, "per-class", "Per-class precision, recall and F1", NULL);
    rbuf *h = report_page(r);
    rbuf_puts(h, "<table id=\"per-class-table\">\n<tr><th>class</th><th>precision</th><th>recall</th><th>F1</th>"
                 "<th>support</th></tr>\n");
    for (size_t c = 0; c < k; c++) {
        const ser_class_metrics *m = &ev->per_class[c];
        rbuf_puts(h, "<tr><td>");
        rbuf_escape(h, labels[c]);
        rbuf_printf(h, "</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%zu</td></tr>\n", m->precision, m->recall,
                    m->f1, m->support);
        if (f)
            fprintf(f, "%s,%.6f,%.6f,%.6f,%zu\n", labels[c], m->precision, m->recall, m->f1, m->support);
    }
    rbuf_printf(h, "</table>\n<p>Accuracy %.4f &plusmn; %.4f, UAR %.4f &plusmn; %.4f, macro F1 %.4f "
                   "(mean &plusmn; population std over %zu splits; the table is from the summed confusion).</p>\n",
                ev->accuracy, ev->accuracy_std, ev->uar, ev->uar_std, ev->f1_macro, ev->n_folds);
    report_file_close(r, f, "per_class.csv");

    /* Per-split accuracy and UAR. */
    const char **names = malloc((ev->n_folds ? ev->n_folds : 1) * sizeof *names);
    double *v = malloc((2 * ev->n_folds + 1) * sizeof *v);
    if (names && v) {
        for (size_t s = 0; s < ev->n_folds; s++) {
            names[s] = ev->folds[s].name;
            v[s] = ev->folds[s].metrics.accuracy;
            v[ev->n_folds + s] = ev->folds[s].metrics.uar;
        }
        static const char *const groups[2] = {"accuracy", "UAR"};
        rbuf svg = {0};
        plot_bars_spec s = {"split-scores", "Accuracy and UAR per split", "split", "fraction of test clips",
                            names, ev->n_folds, groups, 2, v, false};
        plot_bars(&svg, &s);
        report_figure(r, "split-scores", &svg, "Each outer split's test score.", "evaluation.json");
        rbuf_free(&svg);
    } else {
        r->html.failed = true;
    }
    free(names);
    free(v);
    report_section_end(r);
}

/* ROC per class over the pooled out-of-split probabilities. */
static void roc(report *r, const feature_table *t, const ser_evaluation *ev, const char *const *labels, cJSON *json)
{
    size_t k = ev->n_classes, n = 0;
    for (size_t s = 0; s < ev->n_folds; s++)
        n += ev->folds[s].n_test;
    int *y = malloc((n + 1) * sizeof *y);
    double *p = malloc((n * k + 1) * sizeof *p);
    double *fpr = malloc(k * (n + 1) * sizeof *fpr), *tpr = malloc(k * (n + 1) * sizeof *tpr);
    double *thr = malloc((n + 1) * sizeof *thr);
    size_t *np = calloc(k, sizeof *np);
    plot_series *series = calloc(k, sizeof *series);
    char (*names)[64] = calloc(k, sizeof *names);
    if (!y || !p || !fpr || !tpr || !thr || !np || !series || !names) {
        r->html.failed = true;
        goto done;
    }
    size_t i = 0;
    for (size_t s = 0; s < ev->n_folds; s++)
        for (size_t j = 0; j < ev->folds[s].n_test; j++, i++) {
            y[i] = t->y[ev->folds[s].test_rows[j]];
            memcpy(p + i * k, ev->folds[s].probs + j * k, k * sizeof *p);
        }
    FILE *f = report_file_open(r, "roc_scores.csv");
    if (f) {
        fputs("label", f);
        for (size_t c = 0; c < k; c++)
            fprintf(f, ",p_%s", labels[c]);
        fputc('\n', f);
        for (size_t q = 0; q < n; q++) {
            fputs(labels[y[q]], f);
            for (size_t c = 0; c < k; c++)
                fprintf(f, ",%.17g", p[q * k + c]);
            fputc('\n', f);
        }
    }
    report_file_close(r, f, "roc_scores.csv");
    cJSON *auc_js = cJSON_AddObjectToObject(json, "roc_auc_pooled");
    f = report_file_open(r, "roc.csv");
    if (f)
        fputs("label,fpr,tpr,threshold\n", f);
    ser_error e = {0};
    size_t n_series = 0;
    for (size_t c = 0; c < k; c++) {
        double auc = NAN;
        if (ser_roc_curve(y, p + c, k, n, (int)c, fpr + c * (n + 1), tpr + c * (n + 1), thr, n + 1, &np[c], &e) ||
            ser_roc_auc(y, p + c, k, n, (int)c, &auc, &e))
            continue;
        cJSON_AddItemToObject(auc_js, labels[c], isfinite(auc) ? cJSON_CreateNumber(auc) : cJSON_CreateNull());
        if (f)
            for (size_t q = 0; q < np[c]; q++)
                fprintf(f, "%s,%.6g,%.6g,%.9g\n", labels[c], fpr[c * (n + 1) + q], tpr[c * (n + 1) + q], thr[q]);
        snprintf(names[c], sizeof names[c], "%s (AUC %.3f)", labels[c], auc);
        series[n_series++] = (plot_series){names[c], fpr + c * (n + 1), tpr + c * (n + 1), np[c]};
    }
    report_file_close(r, f, "roc.csv");
    rbuf svg = {0};
    plot_lines_spec s = {.id = "roc-curves", .title = "One-vs-rest ROC curves", .xlabel = "false positive rate",
                         .ylabel = "true positive rate", .series = series, .n_series = n_series, .x0 = 0, .x1 = 1,
                         .y0 = 0, .y1 = 1, .diagonal = true};
    plot_lines(&svg, &s);
    char cap[400];
    snprintf(cap, sizeof cap,
             "Out-of-split class probabilities of all %zu test clips pooled over the splits; one curve per class "
             "(that class against the rest), AUC in the legend; dashed: chance. (The text output's ROC AUC is "
             "the mean over splits instead.) Scores: roc_scores.csv.",
             n);
    report_section(r, "roc", "ROC curves", NULL);
    report_figure(r, "roc-curves", &svg, cap, "roc.csv");
    report_section_end(r);
    rbuf_free(&svg);
done:
    free(y);
    free(p);
    free(fpr);
    free(tpr);
    free(thr);
    free(np);
    free(series);
    free(names);
}

static cJSON *summary_json(const feature_table *t, const ser_evaluation *ev, const char *protocol, const char *kind,
                           const char *const *labels)
{
    size_t k = ev->n_classes;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "protocol", protocol);
    cJSON_AddStringToObject(j, "kind", kind);
    cJSON_AddNumberToObject(j, "rows", (double)t->n);
    cJSON *l = cJSON_AddArrayToObject(j, "labels");
    for (size_t c = 0; c < k; c++)
        cJSON_AddItemToArray(l, cJSON_CreateString(labels[c]));
    cJSON_AddNumberToObject(j, "accuracy", ev->accuracy);
    cJSON_AddNumberToObject(j, "accuracy_std", ev->accuracy_std);
    cJSON_AddNumberToObject(j, "uar", ev->uar);
    cJSON_AddNumberToObject(j, "uar_std", ev->uar_std);
    cJSON_AddNumberToObject(j, "f1_macro", ev->f1_macro);
    cJSON *pc = cJSON_AddObjectToObject(j, "per_class");
    for (size_t c = 0; c < k; c++) {
        cJSON *o = cJSON_AddObjectToObject(pc, labels[c]);
        cJSON_AddNumberToObject(o, "precision", ev->per_class[c].precision);
        cJSON_AddNumberToObject(o, "recall", ev->per_class[c].recall);
        cJSON_AddNumberToObject(o, "f1", ev->per_class[c].f1);
        cJSON_AddNumberToObject(o, "support", (double)ev->per_class[c].support);
    }
    cJSON *conf = cJSON_AddArrayToObject(j, "confusion");
    for (size_t a = 0; a < k; a++) {
        cJSON *row = cJSON_CreateArray();
        for (size_t b = 0; b < k; b++)
            cJSON_AddItemToArray(row, cJSON_CreateNumber((double)ev->confusion[a * k + b]));
        cJSON_AddItemToArray(conf, row);
    }
    cJSON *folds = cJSON_AddArrayToObject(j, "folds");
    for (size_t s = 0; s < ev->n_folds; s++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", ev->folds[s].name);
        cJSON_AddNumberToObject(o, "accuracy", ev->folds[s].metrics.accuracy);
        cJSON_AddNumberToObject(o, "uar", ev->folds[s].metrics.uar);
        cJSON_AddItemToArray(folds, o);
    }
    return j;
}

/* ---- model comparison ---- */

typedef struct model_result {
    char name[96], protocol[64], source[256];
    double accuracy, accuracy_std, uar, uar_std, f1_macro;
} model_result;

static double number(const cJSON *j, const char *key, bool *ok)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    if (!cJSON_IsNumber(v)) {
        *ok = false;
        return NAN;
    }
    return v->valuedouble;
}

static ser_status read_result(const char *path, model_result *m, ser_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ser_error_set(err, SER_ERR_IO, "--compare %s: cannot open it", path);
    rbuf text = {0};
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk - 1, f)) > 0) {
        chunk[got] = '\0';
        rbuf_puts(&text, chunk);
    }
    fclose(f);
    cJSON *j = cJSON_Parse(rbuf_str(&text));
    rbuf_free(&text);
    bool ok = j != NULL;
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(j, "kind"), *proto = cJSON_GetObjectItemCaseSensitive(j, "protocol");
    ok = ok && cJSON_IsString(kind) && cJSON_IsString(proto);
    if (ok) {
        m->accuracy = number(j, "accuracy", &ok);
        m->accuracy_std = number(j, "accuracy_std", &ok);
        m->uar = number(j, "uar", &ok);
        m->uar_std = number(j, "uar_std", &ok);
        m->f1_macro = number(j, "f1_macro", &ok);
        snprintf(m->name, sizeof m->name, "%s", kind->valuestring);
        snprintf(m->protocol, sizeof m->protocol, "%s", proto->valuestring);
        snprintf(m->source, sizeof m->source, "%s", path);
    }
    cJSON_Delete(j);
    if (!ok)
        return ser_error_set(err, SER_ERR_FORMAT,
                             "--compare %s: not a `ser evaluate --json` result (kind, protocol, accuracy, uar, "
                             "f1_macro)",
                             path);
    return SER_OK;
}

/* Several results of one kind: name them "kind (file stem)". */
static void disambiguate(model_result *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            dup |= j != i && strcmp(m[i].name, m[j].name) == 0;
        if (!dup)
            continue;
        const char *base = strrchr(m[i].source, '/');
        base = base ? base + 1 : m[i].source;
        char stem[64];
        snprintf(stem, sizeof stem, "%.63s", base);
        char *dot = strrchr(stem, '.');
        if (dot && dot != stem)
            *dot = '\0';
        char name[96];
        snprintf(name, sizeof name, "%.30s (%.60s)", m[i].name, stem);
        memcpy(m[i].name, name, sizeof name);
    }
}

static void comparison(report *r, model_result *m, size_t n)
{
    disambiguate(m, n);
    FILE *f = report_file_open(r, "comparison.csv");
    if (f)
        fputs("model,protocol,accuracy,accuracy_std,uar,uar_std,f1_macro,source\n", f);
    const char **names = malloc(n * sizeof *names);
    double *v = malloc(3 * n * sizeof *v);
    bool mixed = false;
    for (size_t i = 0; names && v && i < n; i++) {
        names[i] = m[i].name;
        v[i] = m[i].accuracy;
        v[n + i] = m[i].uar;
        v[2 * n + i] = m[i].f1_macro;
        mixed |= strcmp(m[i].protocol, m[0].protocol) != 0;
        if (f)
            fprintf(f, "%s,%s,%.17g,%.17g,%.17g,%.17g,%.17g,%s\n", m[i].name, m[i].protocol, m[i].accuracy,
                    m[i].accuracy_std, m[i].uar, m[i].uar_std, m[i].f1_macro, m[i].source);
    }
    report_file_close(r, f, "comparison.csv");
    if (!names || !v) {
        r->html.failed = true;
        free(names);
        free(v);
        return;
    }
    report_section(r, "comparison", "Model comparison",
                   mixed ? "<p class=\"warn\"><b>The runs used different protocols</b>: their scores are not "
                           "directly comparable.</p>"
                         : NULL);
    static const char *const groups[3] = {"accuracy", "UAR", "macro F1"};
    rbuf svg = {0};
    plot_bars_spec s = {"model-comparison", "Model comparison", "model", "score (fraction, mean over splits)", names, n,
                        groups, 3, v, false};
    plot_bars(&svg, &s);
    report_figure(r, "model-comparison", &svg,
                  "This run (first) and the <code>--compare</code> results: mean over each run's outer splits. "
                  "UAR (unweighted average recall) is the headline figure for unbalanced classes.",
                  "comparison.csv");
    rbuf_free(&svg);
    rbuf *h = report_page(r);
    rbuf_puts(h, "<table id=\"comparison-table\">\n<tr><th>model</th><th>protocol</th><th>accuracy</th><th>UAR</th>"
                 "<th>macro F1</th><th>result</th></tr>\n");
    for (size_t i = 0; i < n; i++) {
        rbuf_puts(h, "<tr><td>");
        rbuf_escape(h, m[i].name);
        rbuf_puts(h, "</td><td>");
        rbuf_escape(h, m[i].protocol);
        rbuf_printf(h, "</td><td>%.4f &plusmn; %.4f</td><td>%.4f &plusmn; %.4f</td><td>%.4f</td><td>", m[i].accuracy,
                    m[i].accuracy_std, m[i].uar, m[i].uar_std, m[i].f1_macro);
        rbuf_escape(h, i ? m[i].source : "this run");
        rbuf_puts(h, "</td></tr>\n");
    }
    rbuf_puts(h, "</table>\n");
    report_section_end(r);
    free(names);
    free(v);
}

static void search_plots(report *r, const ser_evaluation *ev, const eval_report_options *o)
{
    search_table *tables = calloc(ev->n_folds ? ev->n_folds : 1, sizeof *tables);
    if (!tables) {
        r->html.failed = true;
        return;
    }
    for (size_t s = 0; s < ev->n_folds; s++)
        tables[s] = (search_table){ev->folds[s].name, ev->folds[s].points, ev->folds[s].n_points,
                                   ev->folds[s].best_point};
    static const ser_model_kind kinds[3] = {SER_MODEL_SVM, SER_MODEL_FOREST, SER_MODEL_BOOST};
    for (size_t k = 0; k < 3; k++)
        if (strcmp(o->kind, ser_model_kind_name(kinds[k])) == 0)
            search_section(r, kinds[k], tables, ev->n_folds, o->score_name ? o->score_name : "accuracy", o->cv_folds);
    free(tables);
}

/* --kind cnn: curves.csv (every split's epochs) and, per split, its loss
 * and accuracy plots side by side. */
static void learning_curves(report *r, const ser_evaluation *ev, const eval_report_options *o)
{
    const ser_cnn_curves *cu = o->cnn_curves;
    FILE *f = report_file_open(r, "curves.csv");
    if (f) {
        fputs("split,epoch,train_loss,train_acc,val_loss,val_acc,kept\n", f);
        for (size_t s = 0; s < ev->n_folds; s++)
            for (size_t i = 0; i < cu[s].n_epochs; i++)
                fprintf(f, "%s,%zu,%.9g,%.9g,%.9g,%.9g,%d\n", ev->folds[s].name, i + 1, cu[s].train_loss[i],
                        cu[s].train_acc[i], cu[s].val_loss[i], cu[s].val_acc[i], i == cu[s].best_epoch);
    }
    report_file_close(r, f, "curves.csv");
    report_section(r, "curves", "Learning curves per split",
                   "Per outer split, the network trained on the split's training clips: loss and accuracy per epoch "
                   "on its training part and on its held-out validation part (a stratified share of the training "
                   "clips; the test clips are never seen). The kept weights are those of the epoch with the lowest "
                   "validation loss (dashed line); an early stop, when the validation loss had not improved for "
                   "<code>patience</code> epochs, is named beside it.");
    for (size_t s = 0; s < ev->n_folds; s++) {
        const ser_cnn_curves *c = &cu[s];
        learning_curve lc = {c->n_epochs, c->train_loss, c->train_acc, c->val_loss, c->val_acc,
                             c->n_epochs ? (double)c->best_epoch + 1 : NAN, c->n_epochs < o->cnn_epochs,
                             o->cnn_patience ? (double)o->cnn_patience : NAN};
        char id[64], title[160];
        snprintf(id, sizeof id, "learning-%zu-", s + 1);
        snprintf(title, sizeof title, "Split %.100s: ", ev->folds[s].name);
        report_html(r, "<div class=\"grid\">\n");
        learning_curve_figures(r, id, title, &lc, "curves.csv");
        report_html(r, "</div>\n");
    }
    report_section_end(r);
}

ser_status eval_report_write(const char *dir, const feature_table *t, const ser_evaluation *ev,
                             const eval_report_options *o, ser_error *err)
{
    const char *protocol = o->protocol, *kind = o->kind;
    model_result *models = calloc(o->n_compare + 1, sizeof *models);
    if (!models)
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory");
    snprintf(models[0].name, sizeof models[0].name, "%s", kind);
    snprintf(models[0].protocol, sizeof models[0].protocol, "%s", protocol);
    snprintf(models[0].source, sizeof models[0].source, "this run");
    models[0].accuracy = ev->accuracy;
    models[0].accuracy_std = ev->accuracy_std;
    models[0].uar = ev->uar;
    models[0].uar_std = ev->uar_std;
    models[0].f1_macro = ev->f1_macro;
    for (size_t i = 0; i < o->n_compare; i++) {
        ser_status st = read_result(o->compare[i], &models[i + 1], err);
        if (st) {
            free(models);
            return st;
        }
    }
    const char *labels[SER_LABEL_COUNT];
    size_t k = ev->n_classes < SER_LABEL_COUNT ? ev->n_classes : SER_LABEL_COUNT;
    for (size_t c = 0; c < k; c++)
        labels[c] = ser_label_name(t->class_labels[c]);
    char sub[256];
    snprintf(sub, sizeof sub, "%s, protocol %s: %zu clips, %zu classes, %zu splits; UAR %.3f, accuracy %.3f", kind,
             protocol, t->n, k, ev->n_folds, ev->uar, ev->accuracy);
    report r;
    if (!report_open(&r, dir, "Evaluation", sub)) {
        free(models);
        return ser_error_set(err, SER_ERR_IO, "%s", r.error);
    }
    cJSON *json = summary_json(t, ev, protocol, kind, labels);
    if (o->n_compare)
        comparison(&r, models, o->n_compare + 1);
    free(models);
    confusion_plots(&r, ev, labels);
    per_class_table(&r, ev, labels);
    roc(&r, t, ev, labels, json);
    search_plots(&r, ev, o);
    if (o->cnn_curves)
        learning_curves(&r, ev, o);
    report_json_write(&r, "evaluation.json", json);
    cJSON_Delete(json);
    if (!report_close(&r))
        return ser_error_set(err, SER_ERR_IO, "%s", r.error);
    return SER_OK;
}
