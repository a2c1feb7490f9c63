/* A CNN's learning-curve plots (report/learning_curves.h). */
#include "report/learning_curves.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/plot.h"

void learning_curve_figures(report *r, const char *id_prefix, const char *title_prefix, const learning_curve *c,
                            const char *data_file)
{
    size_t n = c->n;
    double *ep = malloc((n ? n : 1) * sizeof *ep);
    if (!ep) {
        r->html.failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++)
        ep[i] = (double)(i + 1);
    char mark[96], id[128], title[192];
    if (c->early && isfinite(c->patience))
        snprintf(mark, sizeof mark, "kept epoch %.0f; early stop at %zu (patience %.0f)", c->best, n, c->patience);
    else
        snprintf(mark, sizeof mark, "kept epoch %.0f", c->best);
    plot_series loss[2] = {{"training", ep, c->train_loss, n}, {"validation", ep, c->val_loss, n}};
    plot_series acc[2] = {{"training", ep, c->train_acc, n}, {"validation", ep, c->val_acc, n}};
    rbuf svg = {0};
    snprintf(id, sizeof id, "%sloss", id_prefix);
    snprintf(title, sizeof title, "%sLoss per epoch", title_prefix);
    plot_lines_spec sl = {.id = id, .title = title, .xlabel = "epoch", .ylabel = "cross-entropy loss (nats per clip)",
                          .series = loss, .n_series = 2, .integer_x = true, .mark = isfinite(c->best),
                          .mark_x = c->best, .mark_label = mark};
    plot_lines(&svg, &sl);
    report_figure(r, id, &svg, "Mean cross-entropy per clip.", data_file);
    rbuf_free(&svg);
    snprintf(id, sizeof id, "%saccuracy", id_prefix);
    snprintf(title, sizeof title, "%sAccuracy per epoch", title_prefix);
    plot_lines_spec sa = {.id = id, .title = title, .xlabel = "epoch", .ylabel = "accuracy (fraction of clips)",
                          .series = acc, .n_series = 2, .integer_x = true, .x0 = 1, .x1 = n > 1 ? (double)n : 2,
                          .y0 = 0, .y1 = 1, .mark = isfinite(c->best), .mark_x = c->best, .mark_label = mark};
    plot_lines(&svg, &sa);
    report_figure(r, id, &svg, "Fraction of clips classified correctly.", data_file);
    rbuf_free(&svg);
    free(ep);
}
