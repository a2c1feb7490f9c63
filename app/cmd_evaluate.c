/* ser evaluate - honest evaluation: per outer split, tune and fit on the
 * training part only, test once; accuracy, UAR, per-class table,
 * confusion matrix; --json per docs/cli.md. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli.h"
#include "cnn_evaluate.h"
#include "cnn_images.h"
#include "commands.h"
#include "ml_options.h"
#include "outer_splits.h"
#include "report/eval_report.h"
#include "ser/util.h"

#define CMD "evaluate"

static void usage(void)
{
    printf("Usage: ser evaluate [DATA... | --features CSV] [--kind svm|forest|boost|cnn]\n"
           "                    [--protocol NAME | --split random|speaker|kfold ...] [OPTIONS]\n"
           "For each outer split: tune by cross-validation and fit on the training part only,\n"
           "then test once on the test part.  Prints accuracy and UAR (mean +- population std\n"
           "over splits), macro F1, the per-class table and the confusion matrix (summed).\n"
           "DATA: audio files, folders, manifests; with --protocol and no DATA, the protocol's\n"
           "corpus under --data (default $SER_DATA, else ../shared/data).\n\n"
           "Outer splits:\n"
           "  --protocol NAME           a reported protocol (its classes and split):\n");
    for (size_t i = 0; i < ser_protocol_count(); i++)
        printf("                              %-16s %s\n", ser_protocol_at(i)->name, ser_protocol_at(i)->summary);
    printf("  --split random|speaker|kfold|speaker-kfold  stratified train/test (repeated over --seeds),\n"
           "                            leave one speaker out, stratified k-fold (--outer-folds), or\n"
           "                            stratified k-fold keeping each speaker whole (--outer-folds, seed\n"
           "                            of --seeds' first value)\n"
           "  --test F                  test share of --split random (default 0.2)\n"
           "  --seeds A-B               split seeds of --split random (default 0-4), or a subset\n"
           "                            of a repeated protocol's seeds (ravdess4-random: 0-4)\n"
           "  --outer-folds K           folds of --split kfold (default 5)\n"
           "  --folds FILE              fold assignments to reuse (CSV path,fold; -1 = train only)\n"
           "  --folds-out FILE          write the fold assignment (path,fold); several seeds:\n"
           "                            one file per seed, FILE_seedN.ext\n"
           "  --predictions-out FILE    out-of-split predictions (split,path,label,predicted,p_*)\n"
           "  --report DIR              HTML + SVG report: confusion, per-class table, ROC curves, confused\n"
           "                            pairs, the inner searches (SVM C x gamma heatmap, trees scatter) or\n"
           "                            each split's CNN learning curves\n"
           "  --compare RESULT.json     with --report: another run's `ser evaluate --json` output to set\n"
           "                            beside this one in a model-comparison chart (repeatable)\n"
           "  --json                    {\"protocol\",\"kind\",\"labels\",\"accuracy\",\"accuracy_std\",\"uar\",\n"
           "                            \"uar_std\",\"f1_macro\",\"per_class\",\"confusion\",\"folds\"}\n");
    ml_options_help(stdout);
    cnn_options_help(stdout);
    printf("  -h, --help                show this help\n\n"
           "Exit codes: 0 done, 3 done but some inputs were skipped (listed, JSON \"errors\"),\n"
           "1 runtime error (bad data, a class too small for the folds), 2 usage.\n");
}

typedef struct ev_options {
    ml_options ml;
    cnn_options cnn;
    const ser_protocol *protocol;
    const char *split_name;
    outer_request rq;
    const char *folds_out, *predictions_out, *report;
    const char *compare[32];
    size_t n_compare;
    int seeds_given;
    bool json;
    const ser_cnn_curves *cnn_curves; /* --kind cnn: each split's learning curves (for --report) */
} ev_options;

static int parse(int argc, char **argv, ev_options *o)
{
    enum { OPT_PROTOCOL = 3000, OPT_SPLIT, OPT_TEST, OPT_SEEDS, OPT_OUTER, OPT_FOLDS, OPT_FOLDS_OUT, OPT_PRED, OPT_JSON, OPT_REPORT, OPT_COMPARE };
    static const struct option longopts[] = {
        ML_LONG_OPTIONS,
        CNN_LONG_OPTIONS,
        {"protocol", required_argument, NULL, OPT_PROTOCOL},
        {"split", required_argument, NULL, OPT_SPLIT},
        {"test", required_argument, NULL, OPT_TEST},
        {"seeds", required_argument, NULL, OPT_SEEDS},
        {"outer-folds", required_argument, NULL, OPT_OUTER},
        {"folds", required_argument, NULL, OPT_FOLDS},
        {"folds-out", required_argument, NULL, OPT_FOLDS_OUT},
        {"predictions-out", required_argument, NULL, OPT_PRED},
        {"json", no_argument, NULL, OPT_JSON},
        {"report", required_argument, NULL, OPT_REPORT},
        {"compare", required_argument, NULL, OPT_COMPARE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    ml_options_default(&o->ml);
    cnn_options_default(&o->cnn);
    o->rq.kind = SER_SPLIT_TRAIN_TEST;
    o->rq.test_fraction = 0.2;
    o->rq.n_folds = 5;
    o->rq.n_seeds = 5;
    optind = 0;
    opterr = 0;
    int c;
    long v;
    while ((c = getopt_long(argc, argv, ":j:h", longopts, NULL)) != -1) {
        int r = ml_option(CMD, c, optarg, &o->ml);
        if (r < 0)
            return SER_EXIT_USAGE;
        if (r)
            continue;
        if ((r = cnn_option(CMD, c, optarg, &o->cnn)) < 0)
            return SER_EXIT_USAGE;
        if (r)
            continue;
        switch (c) {
        case OPT_PROTOCOL:
            if (!(o->protocol = ser_protocol_find(optarg)))
                return cli_usage_error(CMD, "unknown protocol '%s' (see ser evaluate --help)", optarg);
            break;
        case OPT_SPLIT:
            o->split_name = optarg;
            if (strcmp(optarg, "random") == 0)
                o->rq.kind = SER_SPLIT_TRAIN_TEST;
            else if (strcmp(optarg, "speaker") == 0)
                o->rq.kind = SER_SPLIT_LOSO;
            else if (strcmp(optarg, "kfold") == 0)
                o->rq.kind = SER_SPLIT_KFOLD;
            else if (strcmp(optarg, "speaker-kfold") == 0)
                o->rq.kind = SER_SPLIT_STRATIFIED_GROUP_KFOLD;
            else
                return cli_usage_error(CMD, "--split wants random, speaker, kfold or speaker-kfold, not '%s'", optarg);
            break;
        case OPT_TEST:
            if (!cli_parse_double(optarg, &o->rq.test_fraction) || !(o->rq.test_fraction > 0) ||
                !(o->rq.test_fraction < 1))
                return cli_usage_error(CMD, "--test wants a number in (0, 1), not '%s'", optarg);
            break;
        case OPT_SEEDS: {
            unsigned long a, b;
            char tail;
            int n = sscanf(optarg, "%lu-%lu%c", &a, &b, &tail);
            if (n == 1 || (n != 2 && sscanf(optarg, "%lu%c", &a, &tail) == 1))
                b = a;
            else if (n != 2 || b < a || b - a > 1000)
                return cli_usage_error(CMD, "--seeds wants A-B or N, not '%s'", optarg);
            o->rq.first_seed = a;
            o->rq.n_seeds = b - a + 1;
            o->seeds_given = 1;
            break;
        }
        case OPT_OUTER:
            if (!cli_parse_long(optarg, 2, 1000, &v))
                return cli_usage_error(CMD, "--outer-folds wants an integer >= 2, not '%s'", optarg);
            o->rq.n_folds = (size_t)v;
            break;
        case OPT_FOLDS:
            o->rq.folds_file = optarg;
            break;
        case OPT_FOLDS_OUT:
            o->folds_out = optarg;
            break;
        case OPT_PRED:
            o->predictions_out = optarg;
            break;
        case OPT_JSON:
            o->json = true;
            break;
        case OPT_REPORT:
            o->report = optarg;
            break;
        case OPT_COMPARE:
            if (o->n_compare == sizeof o->compare / sizeof *o->compare)
                return cli_usage_error(CMD, "too many --compare files (at most 32)");
            o->compare[o->n_compare++] = optarg;
            break;
        case ':':
            return cli_usage_error(CMD, "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (o->cnn.any && o->ml.kind != SER_MODEL_CNN)
        return cli_usage_error(CMD, "CNN options (--epochs, --lr, --batch, --filters, ...) need --kind cnn");
    o->cnn.threads = (size_t)o->ml.threads;
    if (o->n_compare && !o->report)
        return cli_usage_error(CMD, "--compare needs --report DIR");
    if (o->ml.kind == SER_MODEL_CNN && (o->ml.augment_telephone > 0 || o->ml.telephone))
        return cli_usage_error(CMD, "--augment-telephone and --telephone are not yet implemented for --kind cnn");
    if (o->protocol && o->split_name)
        return cli_usage_error(CMD, "give --protocol or --split, not both");
    if (o->protocol) {
        if (!o->ml.labels)
            o->ml.labels = o->protocol->labels;
        o->rq.kind = o->protocol->split;
        o->rq.test_fraction = o->protocol->test_fraction;
        o->rq.groups = o->protocol->groups;
        if (!o->seeds_given) {
            o->rq.first_seed = 0;
            o->rq.n_seeds = o->protocol->n_repeats;
        } else if (o->protocol->n_repeats <= 1) {
            return cli_usage_error(CMD, "--seeds: protocol %s has fixed folds, not repeated seeds", o->protocol->name);
        } else if (o->rq.first_seed + o->rq.n_seeds > o->protocol->n_repeats) {
            return cli_usage_error(CMD, "--seeds: protocol %s has split seeds 0-%zu", o->protocol->name,
                                   o->protocol->n_repeats - 1);
        }
    }
    return -1;
}

static void point_format(const ev_options *o, const ser_search_point *p, char *buf, size_t size)
{
    if (o->ml.kind == SER_MODEL_CNN)
        cnn_fold_format(p, buf, size);
    else
        ser_search_point_format(o->ml.kind, p, buf, size);
}

static void print_text(const ev_options *o, const feature_table *t, const ser_evaluation *ev, const char *protocol)
{
    printf("protocol %s, kind %s, %zu rows, %zu classes, %zu splits%s\n", protocol, ser_model_kind_name(o->ml.kind),
           t->n, t->n_classes, ev->n_folds, o->ml.speaker_norm ? ", per-speaker normalisation" : "");
    if (t->n_original)
        printf("%zu clips + %zu telephone-band copies (%s%s%s)\n", t->n_original, t->n - t->n_original,
               o->ml.augment_telephone > 0 ? "trained on" : "", o->ml.augment_telephone > 0 && o->ml.telephone ? ", " : "",
               o->ml.telephone ? "test folds in telephone band" : "");
    printf("accuracy %.4f +- %.4f   UAR %.4f +- %.4f   macro F1 %.4f   ROC AUC %.4f\n\n", ev->accuracy,
           ev->accuracy_std, ev->uar, ev->uar_std, ev->f1_macro, ev->auc_macro);
    printf("%-10s %9s %9s %9s %8s\n", "class", "precision", "recall", "f1", "support");
    for (size_t k = 0; k < t->n_classes; k++)
        printf("%-10s %9.4f %9.4f %9.4f %8zu\n", ser_label_name(t->class_labels[k]), ev->per_class[k].precision,
               ev->per_class[k].recall, ev->per_class[k].f1, ev->per_class[k].support);
    printf("\nconfusion (rows = true, columns = predicted)\n%-10s", "");
    for (size_t k = 0; k < t->n_classes; k++)
        printf(" %9.9s", ser_label_name(t->class_labels[k]));
    putchar('\n');
    for (size_t a = 0; a < t->n_classes; a++) {
        printf("%-10s", ser_label_name(t->class_labels[a]));
        for (size_t b = 0; b < t->n_classes; b++)
            printf(" %9zu", ev->confusion[a * t->n_classes + b]);
        putchar('\n');
    }
    printf("\n%-20s %8s %8s %8s %6s %6s  %s\n", "split", "accuracy", "uar", "f1", "train", "test", "selected (inner CV)");
    for (size_t s = 0; s < ev->n_folds; s++) {
        const ser_fold_result *f = &ev->folds[s];
        char params[128];
        point_format(o, &f->best, params, sizeof params);
        printf("%-20s %8.4f %8.4f %8.4f %6zu %6zu  %s (%.4f)\n", f->name, f->metrics.accuracy, f->metrics.uar,
               f->metrics.f1_macro, f->n_train, f->n_test, params, f->best.mean);
    }
}

static cJSON *number_or_null(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *to_json(const ev_options *o, const feature_table *t, const ser_evaluation *ev, const char *protocol)
{
    cJSON *errors = batch_errors_json(&o->ml.errors);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "protocol", protocol);
    cJSON_AddStringToObject(j, "kind", ser_model_kind_name(o->ml.kind));
    cJSON *labels = cJSON_AddArrayToObject(j, "labels");
    for (size_t k = 0; k < t->n_classes; k++)
        cJSON_AddItemToArray(labels, cJSON_CreateString(ser_label_name(t->class_labels[k])));
    cJSON_AddNumberToObject(j, "accuracy", ev->accuracy);
    cJSON_AddNumberToObject(j, "accuracy_std", ev->accuracy_std);
    cJSON_AddNumberToObject(j, "uar", ev->uar);
    cJSON_AddNumberToObject(j, "uar_std", ev->uar_std);
    cJSON_AddNumberToObject(j, "f1_macro", ev->f1_macro);
    cJSON *pc = cJSON_AddObjectToObject(j, "per_class");
    for (size_t k = 0; k < t->n_classes; k++) {
        cJSON *c = cJSON_AddObjectToObject(pc, ser_label_name(t->class_labels[k]));
        cJSON_AddNumberToObject(c, "precision", ev->per_class[k].precision);
        cJSON_AddNumberToObject(c, "recall", ev->per_class[k].recall);
        cJSON_AddNumberToObject(c, "f1", ev->per_class[k].f1);
        cJSON_AddNumberToObject(c, "support", (double)ev->per_class[k].support);
    }
    cJSON *conf = cJSON_AddArrayToObject(j, "confusion");
    for (size_t a = 0; a < t->n_classes; a++) {
        cJSON *row = cJSON_CreateArray();
        for (size_t b = 0; b < t->n_classes; b++)
            cJSON_AddItemToArray(row, cJSON_CreateNumber((double)ev->confusion[a * t->n_classes + b]));
        cJSON_AddItemToArray(conf, row);
    }
    cJSON *folds = cJSON_AddArrayToObject(j, "folds");
    for (size_t s = 0; s < ev->n_folds; s++) {
        const ser_fold_result *f = &ev->folds[s];
        cJSON *fo = cJSON_CreateObject();
        char params[128];
        point_format(o, &f->best, params, sizeof params);
        cJSON_AddStringToObject(fo, "name", f->name);
        cJSON_AddNumberToObject(fo, "accuracy", f->metrics.accuracy);
        cJSON_AddNumberToObject(fo, "uar", f->metrics.uar);
        cJSON_AddNumberToObject(fo, "f1_macro", f->metrics.f1_macro);
        cJSON_AddItemToObject(fo, "auc_macro", number_or_null(f->auc_macro));
        cJSON_AddNumberToObject(fo, "n_train", (double)f->n_train);
        cJSON_AddNumberToObject(fo, "n_test", (double)f->n_test);
        cJSON_AddStringToObject(fo, "params", params);
        cJSON_AddNumberToObject(fo, "cv_score", f->best.mean);
        cJSON_AddItemToArray(folds, fo);
    }
    if (t->n_original) { /* telephone copies: what was trained and tested */
        cJSON_AddBoolToObject(j, "telephone", o->ml.telephone);
        cJSON_AddNumberToObject(j, "augment_telephone", o->ml.augment_telephone);
    }
    cJSON_AddItemToObject(j, "errors", errors ? errors : cJSON_CreateArray());
    return j;
}

static void on_progress(void *user, size_t split, size_t n_splits, size_t task, size_t n_tasks)
{
    cli_progress *bar = user;
    if (!bar->total)
        cli_progress_start(bar, "evaluate", n_splits * n_tasks);
    cli_progress_step(bar, split * n_tasks + task);
}

static int run(ev_options *o, feature_table *t);
static int report(ev_options *o, feature_table *t, outer_plan *plan, ser_evaluation *ev);
static int run_cnn(ev_options *o, char *const *inputs, int n_inputs);

int cmd_evaluate(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage();
        return SER_EXIT_OK;
    }
    ev_options o;
    memset(&o, 0, sizeof o);
    int rc = parse(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (o.ml.kind == SER_MODEL_CNN) {
        rc = run_cnn(&o, argv + optind, argc - optind);
        ml_options_free(&o.ml);
        return rc;
    }
    ml_options_finish(&o.ml);
    feature_table t;
    if ((rc = ml_load_table(CMD, &o.ml, argv + optind, argc - optind, o.protocol, &t)) >= 0) {
        ml_options_free(&o.ml);
        return rc;
    }
    rc = run(&o, &t);
    if (rc == SER_EXIT_OK && o.ml.errors.n)
        rc = SER_EXIT_PARTIAL;
    feature_table_free(&t);
    ml_options_free(&o.ml);
    return rc;
}

static int run(ev_options *o, feature_table *t)
{
    if ((o->ml.speaker_norm || o->ml.group_speaker) && !t->n_speakers)
        return cli_runtime_error(CMD, "%s: --speaker-norm and --group speaker need a speaker column", o->ml.source);
    ser_error err = {0};
    outer_plan plan;
    if (outer_plan_build(t, &o->rq, &plan, &err))
        return cli_runtime_error(CMD, "%s", err.message);
    if (o->folds_out) {
        if (outer_plan_write_folds(t, &plan, o->folds_out, &err)) {
            outer_plan_free(&plan);
            return cli_runtime_error(CMD, "%s", err.message);
        }
    }
    ser_evaluate_config cfg;
    ser_evaluate_config_default(&cfg, o->ml.kind);
    cfg.search = o->ml.search;
    cfg.speakers = t->speaker_ids;
    cfg.row_use = t->use;
    cfg.group_inner = o->ml.group_speaker;
    cfg.speaker_norm = o->ml.speaker_norm;
    int *groups = o->ml.speaker_norm ? ser_alloc_array(t->n, sizeof *groups) : NULL;
    if (o->ml.speaker_norm) {
        if (!groups) {
            outer_plan_free(&plan);
            return cli_runtime_error(CMD, "out of memory");
        }
        feature_table_norm_groups(t, groups);
        cfg.norm_groups = groups;
    }
    cli_progress bar;
    cli_progress_start(&bar, "evaluate", 0);
    cfg.progress = on_progress;
    cfg.progress_user = &bar;
    ser_evaluation ev;
    ser_status st = ser_evaluate_run(t->x, t->n, t->dim, t->y, t->n_classes, plan.splits, plan.n_splits, &cfg, &ev, &err);
    free(groups);
    cli_progress_finish(&bar);
    if (st) {
        outer_plan_free(&plan);
        return cli_runtime_error(CMD, "%s: %s", o->ml.source, err.message);
    }
    return report(o, t, &plan, &ev);
}

/* Print (text or JSON) and write --predictions-out; frees ev and plan. */
static int report(ev_options *o, feature_table *t, outer_plan *plan, ser_evaluation *ev)
{
    ser_error err = {0};
    int rc;
    const char *protocol = o->protocol ? o->protocol->name
                           : o->rq.folds_file ? "folds"
                           : o->rq.kind == SER_SPLIT_LOSO ? "speaker"
                           : o->rq.kind == SER_SPLIT_KFOLD ? "kfold"
                           : o->rq.kind == SER_SPLIT_STRATIFIED_GROUP_KFOLD ? "speaker-kfold" : "random";
    rc = SER_EXIT_OK;
    if (o->predictions_out && write_predictions(t, ev, o->predictions_out, &err))
        rc = cli_runtime_error(CMD, "%s", err.message);
    eval_report_options ro = {protocol, ser_model_kind_name(o->ml.kind),
                              o->ml.score == SER_SCORE_UAR ? "uar" : "accuracy", o->ml.cv, o->compare, o->n_compare,
                              o->cnn_curves, o->cnn.train.epochs, o->cnn.train.patience};
    if (o->report && eval_report_write(o->report, t, ev, &ro, &err))
        rc = cli_runtime_error(CMD, "%s", err.message);
    if (o->json) {
        if (!cli_print_json(to_json(o, t, ev, protocol)))
            rc = cli_runtime_error(CMD, "out of memory");
    } else {
        print_text(o, t, ev, protocol);
    }
    ser_evaluation_free(ev);
    outer_plan_free(plan);
    return rc;
}

static int run_cnn(ev_options *o, char *const *inputs, int n_inputs)
{
    ser_error err = {0};
    ser_label_map map;
    if (ser_label_map_build(&map, o->ml.labels, o->ml.merges, o->ml.n_merges, &err))
        return cli_usage_error(CMD, "%s", err.message);
    if (o->ml.features)
        return cli_usage_error(CMD, "--kind cnn learns from audio: --features CSV cannot be used");
    if (o->ml.group_speaker)
        return cli_usage_error(CMD, "--group does not apply to --kind cnn");
    if (cnn_common_options(CMD, &o->ml, &o->cnn) < 0)
        return SER_EXIT_USAGE;
    if (!n_inputs && !o->protocol)
        return cli_usage_error(CMD, "no data: give audio files, folders or manifests, or --protocol NAME");
    if (cli_audio_options_check(CMD, &o->ml.load) < 0)
        return SER_EXIT_USAGE;
    cnn_data d;
    cnn_augment aug = o->cnn.aug;
    aug.seed = o->ml.seed;
    const cnn_image_size size = {o->cnn.net.n_mels, o->cnn.net.n_frames};
    int rc = cnn_data_load(CMD, inputs, n_inputs, o->protocol, cli_data_root(o->ml.data_root), &map, &o->ml.load,
                           o->ml.threads, size, &aug, &d, &o->ml.errors);
    if (rc >= 0)
        return rc;
    o->ml.source = n_inputs ? (n_inputs == 1 ? inputs[0] : "the audio inputs") : o->protocol->corpus;
    if (o->ml.speaker_norm && (rc = cnn_speaker_normalize(CMD, &d)) >= 0) {
        cnn_data_free(&d);
        return rc;
    }
    outer_plan plan;
    if (outer_plan_build(&d.t, &o->rq, &plan, &err)) {
        cnn_data_free(&d);
        return cli_runtime_error(CMD, "%s", err.message);
    }
    if (o->folds_out && outer_plan_write_folds(&d.t, &plan, o->folds_out, &err)) {
        rc = cli_runtime_error(CMD, "%s", err.message);
        outer_plan_free(&plan);
        cnn_data_free(&d);
        return rc;
    }
    ser_evaluation ev;
    const size_t n_splits = plan.n_splits;
    ser_cnn_curves *curves = o->report ? calloc(n_splits ? n_splits : 1, sizeof *curves) : NULL;
    if (o->report && !curves) {
        outer_plan_free(&plan);
        cnn_data_free(&d);
        return cli_runtime_error(CMD, "out of memory");
    }
    rc = cnn_evaluate_run(CMD, &o->cnn, d.images, d.size, d.t.y, d.t.n, d.aug, d.copies, d.t.n_classes,
                          plan.splits, plan.n_splits, o->ml.seed, stderr, &ev, curves);
    o->cnn_curves = curves;
    if (rc < 0)
        rc = report(o, &d.t, &plan, &ev);
    else
        outer_plan_free(&plan);
    for (size_t s = 0; curves && s < n_splits; s++)
        ser_cnn_curves_free(&curves[s]);
    free(curves);
    if (rc == SER_EXIT_OK && o->ml.errors.n)
        rc = SER_EXIT_PARTIAL;
    cnn_data_free(&d);
    return rc;
}
