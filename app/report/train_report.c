/* The `ser train --report` report (report/train_report.h). */
#include "report/train_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "report/learning_curves.h"
#include "report/report.h"
#include "report/search_plots.h"
#include "ser/model.h"

ser_status train_report_search(const char *dir, const ser_search_result *res, const char *score_name, size_t n_rows,
                               size_t n_classes, const char *source, ser_error *err)
{
    const ser_search_point *b = &res->points[res->best];
    char params[128], sub[512];
    ser_search_point_format(res->kind, b, params, sizeof params);
    snprintf(sub, sizeof sub, "%s on %s: %zu clips, %zu classes; selected %s, inner-CV %s %.3f \u00b1 %.3f",
             ser_model_kind_name(res->kind), source, n_rows, n_classes, params, score_name, b->mean, b->std);
    report r;
    if (!report_open(&r, dir, "Training", sub))
        return ser_error_set(err, SER_ERR_IO, "%s", r.error);
    search_table t = {"", res->points, res->n_points, res->best};
    search_section(&r, res->kind, &t, 1, score_name, res->cv_folds);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "kind", ser_model_kind_name(res->kind));
    cJSON_AddNumberToObject(j, "rows", (double)n_rows);
    cJSON_AddNumberToObject(j, "points", (double)res->n_points);
    cJSON_AddNumberToObject(j, "cv_folds", (double)res->cv_folds);
    cJSON_AddStringToObject(j, "score", score_name);
    cJSON_AddStringToObject(j, "params", params);
    cJSON_AddNumberToObject(j, "mean", b->mean);
    cJSON_AddNumberToObject(j, "std", b->std);
    report_json_write(&r, "train.json", j);
    cJSON_Delete(j);
    if (res->n_points < 2 || !res->cv_folds) {
        report_section(&r, "search", "Hyper-parameter search", NULL);
        report_html(&r, "<p>One parameter point and no search (<code>--search none</code>): nothing to plot.</p>\n");
        report_section_end(&r);
    }
    if (!report_close(&r))
        return ser_error_set(err, SER_ERR_IO, "%s", r.error);
    return SER_OK;
}

/* numbers[] of a JSON array into v (NaN for null); returns the count. */
static size_t array_of(const cJSON *a, double *v, size_t cap)
{
    size_t n = 0;
    for (const cJSON *e = a ? a->child : NULL; e && n < cap; e = e->next)
        v[n++] = cJSON_IsNumber(e) ? e->valuedouble : NAN;
    return n;
}

ser_status train_report_cnn(const char *dir, const char *model_path, ser_error *err)
{
    ser_model *model = NULL;
    ser_status st = ser_model_load(model_path, &model, err);
    if (st)
        return st;
    cJSON *h = cJSON_Parse(ser_model_header_json(model));
    ser_model_destroy(model);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(h, "cv_metrics");
    const cJSON *cu = cJSON_GetObjectItemCaseSensitive(m, "curves");
    if (!cu) {
        cJSON_Delete(h);
        return ser_error_set(err, SER_ERR_FORMAT, "%s: no learning curves in the model's cv_metrics", model_path);
    }
    size_t cap = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(cu, "train_loss")) + 1;
    double *v = malloc(4 * cap * sizeof *v);
    if (!v) {
        cJSON_Delete(h);
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory");
    }
    double *tl = v, *ta = v + cap, *vl = v + 2 * cap, *va = v + 3 * cap;
    size_t n = array_of(cJSON_GetObjectItemCaseSensitive(cu, "train_loss"), tl, cap);
    array_of(cJSON_GetObjectItemCaseSensitive(cu, "train_acc"), ta, cap);
    size_t nv = array_of(cJSON_GetObjectItemCaseSensitive(cu, "val_loss"), vl, cap);
    array_of(cJSON_GetObjectItemCaseSensitive(cu, "val_acc"), va, cap);
    for (size_t i = nv; i < n; i++)
        vl[i] = va[i] = NAN;
    const cJSON *be = cJSON_GetObjectItemCaseSensitive(m, "best_epoch");
    double best = cJSON_IsNumber(be) ? be->valuedouble : NAN;
    bool early = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "early_stop"));
    const cJSON *tr = cJSON_GetObjectItemCaseSensitive(m, "train");
    const cJSON *pat = cJSON_GetObjectItemCaseSensitive(tr, "patience");
    const cJSON *vf = cJSON_GetObjectItemCaseSensitive(tr, "val_fraction");
    char sub[512];
    snprintf(sub, sizeof sub, "cnn: %zu epochs%s; kept epoch %.0f (lowest validation loss)", n,
             early ? " (early stop)" : "", best);
    report r;
    if (!report_open(&r, dir, "Training (CNN)", sub)) {
        free(v);
        cJSON_Delete(h);
        return ser_error_set(err, SER_ERR_IO, "%s", r.error);
    }
    FILE *f = report_file_open(&r, "curves.csv");
    if (f) {
        fputs("epoch,train_loss,train_acc,val_loss,val_acc\n", f);
        for (size_t i = 0; i < n; i++)
            fprintf(f, "%zu,%.9g,%.9g,%.9g,%.9g\n", i + 1, tl[i], ta[i], vl[i], va[i]);
    }
    report_file_close(&r, f, "curves.csv");
    char intro[512];
    snprintf(intro, sizeof intro,
             "Per epoch: the loss and accuracy on the training part and on the held-out validation part "
             "(%.0f %% of the training clips, stratified). The kept weights are those of the epoch with the lowest "
             "validation loss (dashed line)%s.",
             cJSON_IsNumber(vf) ? 100 * vf->valuedouble : NAN,
             early ? "; training stopped early when the validation loss had not improved for `patience` epochs"
                   : "");
    report_section(&r, "curves", "Learning curves", intro);
    report_html(&r, "<div class=\"grid\">\n");
    learning_curve lc = {n, tl, ta, vl, va, best, early, cJSON_IsNumber(pat) ? pat->valuedouble : NAN};
    learning_curve_figures(&r, "learning-", "", &lc, "curves.csv");
    report_html(&r, "</div>\n");
    report_section_end(&r);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "kind", "cnn");
    cJSON_AddNumberToObject(j, "n_epochs", (double)n);
    cJSON_AddNumberToObject(j, "best_epoch", best);
    cJSON_AddBoolToObject(j, "early_stop", early);
    report_json_write(&r, "train.json", j);
    cJSON_Delete(j);
    free(v);
    cJSON_Delete(h);
    if (!report_close(&r))
        return ser_error_set(err, SER_ERR_IO, "%s", r.error);
    return SER_OK;
}
