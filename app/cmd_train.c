/* ser train - search hyper-parameters by cross-validation on the training
 * data, refit on all of it, write one model file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "audio_table.h"
#include "cli.h"
#include "cnn_train.h"
#include "commands.h"
#include "ml_options.h"
#include "report/train_report.h"
#include "ser/model.h"
#include "ser/speaker_norm.h"
#include "ser/util.h"

#define CMD "train"

static void usage(void)
{
    printf("Usage: ser train DATA... | --features CSV  [--kind svm|forest|boost|cnn] [OPTIONS] -o MODEL\n"
           "Tune a model by cross-validation on the training data, refit it on all of it and\n"
           "write one model file (scaler, classifier, labels, feature names, CV score,\n"
           "provenance).  Prints the search table and the selected point's CV score.\n"
           "From audio, the model also records the feature set, the analysis rate and the\n"
           "preprocessing (--denoise, --trim, --normalize), which `ser predict` repeats.\n\n"
           "  -o, --output MODEL        model file to write (atomically)\n"
           "  --report DIR              HTML + SVG report: the search (SVM: C x gamma heatmap of the\n"
           "                            CV score; forest/boost: CV score against trees by depth) with\n"
           "                            the selected point; cnn: learning curves, kept epoch marked\n");
    ml_options_help(stdout);
    cnn_options_help(stdout);
    printf("  -h, --help                show this help\n\n"
           "Exit codes: 0 written, 3 written but some inputs were skipped (listed), 1 runtime error\n"
           "(bad data, too few rows per class), 2 usage.\n");
}

static void on_progress(void *user, size_t done, size_t total)
{
    cli_progress *bar = user;
    if (!bar->total) /* the number of tasks is known once the search starts */
        cli_progress_start(bar, "search", total);
    cli_progress_step(bar, done);
}

static char *join_args(int argc, char **argv)
{
    size_t len = 4;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    strcpy(s, "ser");
    for (int i = 0; i < argc; i++) {
        strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

static char *cv_json(const ml_options *o, const ser_search_result *res)
{
    cJSON *j = cJSON_CreateObject();
    const ser_search_point *b = &res->points[res->best];
    char params[128];
    ser_search_point_format(res->kind, b, params, sizeof params);
    cJSON_AddStringToObject(j, "search", ser_search_method_name(o->search.method));
    cJSON_AddNumberToObject(j, "folds", (double)res->cv_folds);
    cJSON_AddStringToObject(j, "grouping", o->group_speaker ? "speaker" : "stratified");
    cJSON_AddStringToObject(j, "score", o->score == SER_SCORE_UAR ? "uar" : "accuracy");
    cJSON_AddStringToObject(j, "params", params);
    cJSON_AddNumberToObject(j, "mean", b->mean);
    cJSON_AddNumberToObject(j, "std", b->std);
    cJSON_AddNumberToObject(j, "accuracy", b->accuracy);
    cJSON_AddNumberToObject(j, "uar", b->uar);
    cJSON_AddBoolToObject(j, "speaker_norm", o->speaker_norm);
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return text;
}

static int run(ml_options *o, feature_table *t, const char *output, const char *report_dir, int argc, char **argv);
static int fit_and_save(ml_options *o, feature_table *t, uint64_t fingerprint, const double *sn_mean,
                        const double *sn_std, const char *output, const char *report_dir, int argc, char **argv);

int cmd_train(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage();
        return SER_EXIT_OK;
    }
    static const struct option longopts[] = {
        ML_LONG_OPTIONS, CNN_LONG_OPTIONS, {"output", required_argument, NULL, 'o'}, {"report", required_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    ml_options o;
    ml_options_default(&o);
    cnn_options co;
    cnn_options_default(&co);
    const char *output = NULL, *report_dir = NULL;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:j:h", longopts, NULL)) != -1) {
        int r = ml_option(CMD, c, optarg, &o);
        if (r < 0)
            return SER_EXIT_USAGE;
        if (r)
            continue;
        if ((r = cnn_option(CMD, c, optarg, &co)) < 0)
            return SER_EXIT_USAGE;
        if (r)
            continue;
        if (c == 'o')
            output = optarg;
        else if (c == 'R')
            report_dir = optarg;
        else if (c == ':')
            return cli_usage_error(CMD, "option '%s' needs a value", argv[optind - 1]);
        else
            return cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
    }
    if (!output)
        return cli_usage_error(CMD, "-o MODEL is required");
    if (o.telephone)
        return cli_usage_error(CMD, "--telephone converts test folds (ser evaluate); to train on telephone-band "
                                    "audio too, use --augment-telephone");
    if (o.kind == SER_MODEL_CNN && (o.augment_telephone > 0 || o.telephone_loss > 0))
        return cli_usage_error(CMD, "--augment-telephone is not yet implemented for --kind cnn");
    if (co.any && o.kind != SER_MODEL_CNN)
        return cli_usage_error(CMD, "CNN options (--epochs, --lr, --batch, --filters, ...) need --kind cnn");
    if (o.kind == SER_MODEL_CNN) {
        co.threads = (size_t)o.threads;
        char *cmdline = join_args(argc, argv);
        int rc = cnn_train_command(CMD, &o, &co, argv + optind, argc - optind, output, cmdline);
        free(cmdline);
        ser_error err = {0};
        if (report_dir && (rc == SER_EXIT_OK || rc == SER_EXIT_PARTIAL) && train_report_cnn(report_dir, output, &err))
            rc = cli_runtime_error(CMD, "%s", err.message);
        ml_options_free(&o);
        return rc;
    }
    ml_options_finish(&o);
    feature_table t;
    int rc = ml_load_table(CMD, &o, argv + optind, argc - optind, NULL, &t);
    if (rc >= 0) {
        ml_options_free(&o);
        return rc;
    }
    rc = run(&o, &t, output, report_dir, argc, argv);
    feature_table_free(&t);
    if (rc == SER_EXIT_OK && o.errors.n)
        rc = SER_EXIT_PARTIAL;
    ml_options_free(&o);
    return rc;
}

static int run(ml_options *o, feature_table *t, const char *output, const char *report_dir, int argc, char **argv)
{
    ser_error err = {0};
    uint64_t fingerprint = ser_data_fingerprint(t->x, t->n, t->dim, t->y);
    if ((o->speaker_norm || o->group_speaker) && t->n_speakers == 0)
        return cli_runtime_error(CMD, "%s: --speaker-norm and --group speaker need a speaker column", o->source);
    /* the population's speaker statistics go into the model: the prior of a
     * live call's running estimate (ser/speaker_norm.h) */
    double *sn_mean = NULL, *sn_std = NULL;
    if (o->speaker_norm) {
        sn_mean = ser_alloc_array(t->dim, sizeof *sn_mean);
        sn_std = ser_alloc_array(t->dim, sizeof *sn_std);
        int *groups = ser_alloc_array(t->n, sizeof *groups); /* speaker x channel */
        if (groups)
            feature_table_norm_groups(t, groups);
        ser_status sn = !sn_mean || !sn_std || !groups ? ser_error_set(&err, SER_ERR_NOMEM, "out of memory")
                        : ser_speaker_prior(t->x, t->n, t->dim, groups, sn_mean, sn_std, &err);
        if (!sn)
            sn = ser_speaker_normalize(t->x, t->n, t->dim, groups, &err);
        free(groups);
        if (sn) {
            free(sn_mean);
            free(sn_std);
            return cli_runtime_error(CMD, "%s: %s", o->source, err.message);
        }
    }
    int rc = fit_and_save(o, t, fingerprint, sn_mean, sn_std, output, report_dir, argc, argv);
    free(sn_mean);
    free(sn_std);
    return rc;
}

static int fit_and_save(ml_options *o, feature_table *t, uint64_t fingerprint, const double *sn_mean,
                        const double *sn_std, const char *output, const char *report_dir, int argc, char **argv)
{
    ser_error err = {0};
    if (o->group_speaker)
        o->search.groups = t->speaker_ids;
    cli_progress bar;
    cli_progress_start(&bar, "search", 0);
    o->search.progress = on_progress;
    o->search.progress_user = &bar;
    ser_search_result res;
    ser_status st = ser_search_run(t->x, t->n, t->dim, t->y, t->n_classes, &o->search, &res, &err);
    cli_progress_finish(&bar);
    if (st)
        return cli_runtime_error(CMD, "%s: %s", o->source, err.message);
    const char *score_name = o->score == SER_SCORE_UAR ? "uar" : "accuracy";
    printf("%-36s %8s %8s %8s %8s\n", "params", score_name, "std", "accuracy", "uar");
    for (size_t p = 0; p < res.n_points; p++) {
        char params[128];
        ser_search_point_format(res.kind, &res.points[p], params, sizeof params);
        printf("%-34s%s %8.4f %8.4f %8.4f %8.4f\n", params, p == res.best ? " *" : "  ", res.points[p].mean,
               res.points[p].std, res.points[p].accuracy, res.points[p].uar);
    }
    const ser_search_point *b = &res.points[res.best];
    if (res.cv_folds)
        printf("CV %s: %.4f +- %.4f (%zu-fold%s, %zu rows, %zu classes)\n", score_name, b->mean, b->std,
               res.cv_folds, o->group_speaker ? ", speaker-grouped" : "", t->n, t->n_classes);
    if (report_dir && train_report_search(report_dir, &res, score_name, t->n, t->n_classes, o->source, &err)) {
        ser_search_result_free(&res);
        return cli_runtime_error(CMD, "%s", err.message);
    }
    const char *labels[SER_LABEL_COUNT];
    for (size_t k = 0; k < t->n_classes; k++)
        labels[k] = ser_label_name(t->class_labels[k]);
    char *cmdline = join_args(argc, argv);
    char *cvj = cv_json(o, &res);
    ser_model_meta meta;
    ser_model_meta_default(&meta);
    char *config = o->fset ? audio_table_config_json(o->fset, &o->load) : NULL;
    meta.feature_set = o->fset ? ser_feature_set_spec(o->fset) : o->set;
    meta.feature_config_json = config;
    meta.feature_names = (const char *const *)t->names;
    meta.n_features = t->dim;
    meta.sample_rate = o->fset ? o->load.sample_rate : 16000; /* a CSV does not say: the default rate */
    meta.label_names = labels;
    meta.n_classes = t->n_classes;
    meta.n_train = t->n;
    meta.data_fingerprint = fingerprint;
    meta.cv_metrics_json = cvj;
    meta.command_line = cmdline;
    meta.seed = o->seed;
    meta.speaker_norm_mean = sn_mean;
    meta.speaker_norm_std = sn_std;
    ser_model *model = NULL;
    st = res.svm ? ser_model_create_svm(&meta, res.scaler, res.svm, &model, &err)
                 : ser_model_create_trees(&meta, res.scaler, res.trees, &model, &err);
    if (!st)
        st = ser_model_save(model, output, &err);
    ser_model_destroy(model);
    free(cmdline);
    cJSON_free(config);
    cJSON_free(cvj);
    ser_search_result_free(&res);
    if (st)
        return cli_runtime_error(CMD, "%s", err.message);
    fprintf(stderr, "ser train: wrote %s\n", output);
    return SER_EXIT_OK;
}
