/* Hyper-parameter search plots (report/search_plots.h). */
#include "report/search_plots.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/plot.h"

#define MAX_LEVELS 32

/* One distinct parameter point over all tables. */
typedef struct agg_point {
    ser_search_point p;
    double sum;
    size_t n, n_selected;
} agg_point;

static bool same_params(const ser_search_point *a, const ser_search_point *b)
{
    return a->c == b->c && a->gamma == b->gamma && a->depth == b->depth && a->n_estimators == b->n_estimators &&
           a->learning_rate == b->learning_rate;
}

/* Distinct values of a field, sorted ascending (gamma 0 = 'scale' and depth
 * 0 = unlimited first). */
static size_t levels(const agg_point *a, size_t n, double (*get)(const ser_search_point *), double *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double v = get(&a[i].p);
        size_t j = 0;
        while (j < k && out[j] != v)
            j++;
        if (j == k && k < MAX_LEVELS) {
            size_t pos = k++;
            while (pos > 0 && out[pos - 1] > v) {
                out[pos] = out[pos - 1];
                pos--;
            }
            out[pos] = v;
        }
    }
    return k;
}

static double get_c(const ser_search_point *p) { return p->c; }
static double get_gamma(const ser_search_point *p) { return p->gamma; }
static double get_depth(const ser_search_point *p) { return (double)p->depth; }

static size_t index_of(const double *v, size_t n, double x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return i;
    return n;
}

static void svm_heatmap(report *r, const agg_point *a, size_t n, const char *score_label, size_t n_tables)
{
    double cs[MAX_LEVELS], gs[MAX_LEVELS];
    size_t nc = levels(a, n, get_c, cs), ng = levels(a, n, get_gamma, gs);
    double vals[MAX_LEVELS * MAX_LEVELS];
    bool hl[MAX_LEVELS * MAX_LEVELS];
    char cnames[MAX_LEVELS][32], gnames[MAX_LEVELS][32];
    const char *rows[MAX_LEVELS], *cols[MAX_LEVELS];
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < nc * ng; i++) {
        vals[i] = NAN;
        hl[i] = false;
    }
    for (size_t i = 0; i < nc; i++) {
        snprintf(cnames[i], sizeof cnames[i], "C = %g", cs[i]);
        rows[i] = cnames[i];
    }
    for (size_t j = 0; j < ng; j++) {
        if (gs[j] == 0)
            snprintf(gnames[j], sizeof gnames[j], "gamma = scale");
        else
            snprintf(gnames[j], sizeof gnames[j], "gamma = %g", gs[j]);
        cols[j] = gnames[j];
    }
    for (size_t i = 0; i < n; i++) {
        size_t ri = index_of(cs, nc, a[i].p.c), ci = index_of(gs, ng, a[i].p.gamma);
        if (ri == nc || ci == ng)
            continue;
        double v = a[i].sum / (double)a[i].n;
        vals[ri * ng + ci] = v;
        hl[ri * ng + ci] = a[i].n_selected > 0;
        lo = fmin(lo, v);
        hi = fmax(hi, v);
    }
    if (!(hi > lo)) {
        lo = isfinite(lo) ? lo - 0.05 : 0;
        hi = lo + 0.1;
    }
    rbuf svg = {0};
    plot_heatmap_spec s = {.id = "search-grid", .title = "SVM grid search: inner-CV score over C \u00d7 gamma",
                           .xlabel = "RBF kernel width gamma (scale = 1 / (features x variance))",
                           .ylabel = "regularisation C", .colorbar_label = score_label, .n_rows = nc, .n_cols = ng,
                           .values = vals, .row_names = rows, .col_names = cols, .vmin = lo, .vmax = hi,
                           .cell_labels = true, .value_format = "%.3f", .highlight = hl,
                           .highlight_label = n_tables > 1 ? "selected in at least one outer split"
                                                           : "selected (highest inner-CV score)"};
    plot_heatmap(&svg, &s);
    rbuf cap = {0};
    rbuf_printf(&cap,
                "Inner cross-validation %s of every (C, gamma) point%s; outlined: the selected point%s. Grey: a "
                "point not tried (random search).",
                score_label, n_tables > 1 ? ", mean over the outer splits' searches" : "",
                n_tables > 1 ? "s of the splits" : "");
    if (n_tables > 1) {
        rbuf_puts(&cap, " Selected:");
        bool first = true;
        for (size_t i = 0; i < n; i++)
            if (a[i].n_selected) {
                char p[128];
                ser_search_point_format(SER_MODEL_SVM, &a[i].p, p, sizeof p);
                rbuf_printf(&cap, "%s %s in %zu of %zu splits", first ? "" : ";", p, a[i].n_selected, n_tables);
                first = false;
            }
        rbuf_puts(&cap, ".");
    }
    report_figure(r, "search-grid", &svg, rbuf_str(&cap), "search.csv");
    rbuf_free(&cap);
    rbuf_free(&svg);
}

static void trees_scatter(report *r, ser_model_kind kind, const agg_point *a, size_t n, const char *score_label,
                          size_t n_tables)
{
    double depths[MAX_LEVELS];
    size_t nd = levels(a, n, get_depth, depths);
    char dnames[MAX_LEVELS][32];
    const char *groups[MAX_LEVELS];
    for (size_t i = 0; i < nd; i++) {
        if (depths[i] == 0)
            snprintf(dnames[i], sizeof dnames[i], "depth unlimited");
        else
            snprintf(dnames[i], sizeof dnames[i], "depth %.0f", depths[i]);
        groups[i] = dnames[i];
    }
    double *x = malloc((n + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y);
    int *g = malloc((n + 1) * sizeof *g);
    bool *hl = malloc((n + 1) * sizeof *hl);
    if (!x || !y || !g || !hl) {
        r->html.failed = true;
    } else {
        for (size_t i = 0; i < n; i++) {
            x[i] = (double)a[i].p.n_estimators;
            y[i] = a[i].sum / (double)a[i].n;
            size_t k = index_of(depths, nd, (double)a[i].p.depth);
            g[i] = k < nd ? (int)k : -1;
            hl[i] = a[i].n_selected > 0;
        }
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            lo = fmin(lo, x[i]);
            hi = fmax(hi, x[i]);
        }
        double dodge = (hi > lo ? hi - lo : 100) * 0.02; /* depths side by side at equal trees */
        char ylabel[96];
        snprintf(ylabel, sizeof ylabel, "inner-CV %s", score_label);
        rbuf svg = {0};
        plot_scatter_spec s = {.id = "search-scatter",
                               .title = kind == SER_MODEL_BOOST ? "Boosted trees search: inner-CV score"
                                                                : "Random forest search: inner-CV score",
                               .xlabel = kind == SER_MODEL_BOOST ? "boosting rounds (trees)" : "trees",
                               .ylabel = ylabel, .x = x, .y = y, .n = n, .group = g, .groups = groups,
                               .n_groups = nd, .highlight = hl, .dodge = dodge,
                               .highlight_name = n_tables > 1 ? "selected (a split)" : "selected"};
        plot_scatter(&svg, &s);
        char cap[512];
        snprintf(cap, sizeof cap,
                 "Each point: one parameter point of the search (%s), its inner cross-validation %s%s, "
                 "coloured by the maximum tree depth (depths shifted a little sideways at equal trees); ringed: the "
                 "selected point%s.%s",
                 kind == SER_MODEL_BOOST ? "depth \u00d7 rounds \u00d7 learning rate" : "depth \u00d7 trees", score_label,
                 n_tables > 1 ? " averaged over the outer splits' searches" : "", n_tables > 1 ? "s of the splits" : "",
                 kind == SER_MODEL_BOOST ? " Points at the same depth and rounds differ in learning rate (tooltip, "
                                           "search.csv)."
                                         : "");
        report_figure(r, "search-scatter", &svg, cap, "search.csv");
        rbuf_free(&svg);
    }
    free(x);
    free(y);
    free(g);
    free(hl);
}

void search_section(report *r, ser_model_kind kind, const search_table *tables, size_t n_tables,
                    const char *score_name, size_t cv_folds)
{
    size_t total = 0;
    for (size_t t = 0; t < n_tables; t++)
        total += tables[t].points ? tables[t].n_points : 0;
    if (!total || (kind != SER_MODEL_SVM && kind != SER_MODEL_FOREST && kind != SER_MODEL_BOOST))
        return;
    agg_point *a = calloc(total, sizeof *a);
    if (!a) {
        r->html.failed = true;
        return;
    }
    size_t n = 0;
    FILE *f = report_file_open(r, "search.csv");
    if (f)
        fputs("split,c,gamma,depth,trees,learning_rate,score,std,accuracy,uar,selected\n", f);
    for (size_t t = 0; t < n_tables; t++)
        for (size_t i = 0; tables[t].points && i < tables[t].n_points; i++) {
            const ser_search_point *p = &tables[t].points[i];
            bool sel = i == tables[t].best;
            if (f) {
                char gamma[32];
                if (p->gamma == 0)
                    snprintf(gamma, sizeof gamma, "scale");
                else
                    snprintf(gamma, sizeof gamma, "%.17g", p->gamma);
                fprintf(f, "%s,%.17g,%s,%zu,%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%d\n", tables[t].name, p->c, gamma,
                        p->depth, p->n_estimators, p->learning_rate, p->mean, p->std, p->accuracy, p->uar, sel);
            }
            size_t j = 0;
            while (j < n && !same_params(&a[j].p, p))
                j++;
            if (j == n)
                a[n++].p = *p;
            a[j].sum += p->mean;
            a[j].n++;
            a[j].n_selected += sel;
        }
    report_file_close(r, f, "search.csv");
    const char *score_label = strcmp(score_name, "uar") == 0 ? "UAR" : "accuracy";
    char intro[512];
    snprintf(intro, sizeof intro,
             "Hyper-parameter search by %zu-fold cross-validation inside the training data%s: %zu points, "
             "selection score %s. Each point's figures are in search.csv.",
             cv_folds, n_tables > 1 ? " of each outer split (the test part never takes part)" : "", n, score_label);
    report_section(r, "search", "Hyper-parameter search", intro);
    if (kind == SER_MODEL_SVM)
        svm_heatmap(r, a, n, score_label, n_tables);
    else
        trees_scatter(r, kind, a, n, score_label, n_tables);
    report_section_end(r);
    free(a);
}
