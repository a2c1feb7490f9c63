/* ser eda - exploratory data analysis of labelled corpora as a report
 * folder: class distribution, durations, feature correlation, PCA,
 * prosody per class (app/report/eda.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio_options.h"
#include "cli.h"
#include "commands.h"
#include "report/eda.h"
#include "ser/features.h"
#include "ser/labels.h"

#define CMD "eda"
#define MAX_MERGES 64

static void usage(FILE *out)
{
    fputs("Usage: ser eda [OPTIONS] -o DIR DATA...\n"
          "Exploratory analysis of labelled corpora (folders, files, CSV manifests) as a report folder:\n"
          "DIR/index.html (self-contained: inline SVG and CSS, no script), every plot as DIR/<id>.svg and\n"
          "the data behind it (CSV), and DIR/summary.json.  Plots: clips per class and corpus, clips per\n"
          "speaker, duration histogram and violins per class, feature correlation heatmap (clustered order,\n"
          "feature families as colour strips), PCA scatter of the standardised features, violin + box\n"
          "plots of prosodic features per class.\n\n"
          "  -o, --output DIR     report folder (created)\n"
          "  --set S              feature set for the correlation and PCA (default seed)\n"
          "  --prosody S          prosody set for the violin plots (default prosody; prosody_yin is faster)\n"
          "  -j, --jobs N         worker threads (default 1)\n"
          "  --labels A,B,...     keep only these classes (after merging)\n"
          "  --merge FROM=TO      map a label onto another (repeatable)\n"
          "  --json               print summary.json to standard output\n"
          "  -h, --help           show this help\n\n",
          out);
    cli_audio_options_help(out);
    fputs("\nFiles without a label are skipped (listed on stderr).\n"
          "Exit: 0 every input used, 3 some skipped, 1 none usable or runtime error, 2 usage.\n",
          out);
}

enum { OPT_SET = 1, OPT_PROSODY, OPT_LABELS, OPT_MERGE, OPT_JSON };

typedef struct options {
    const char *set, *prosody, *out, *labels;
    const char *merges[MAX_MERGES];
    size_t n_merges;
    long jobs;
    bool json;
    ser_load_config load;
} options;

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option table[] = {
        {"set", required_argument, NULL, OPT_SET},
        {"prosody", required_argument, NULL, OPT_PROSODY},
        {"jobs", required_argument, NULL, 'j'},
        {"output", required_argument, NULL, 'o'},
        {"labels", required_argument, NULL, OPT_LABELS},
        {"merge", required_argument, NULL, OPT_MERGE},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'},
        CLI_AUDIO_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    o->set = "seed";
    o->prosody = "prosody";
    o->jobs = 1;
    o->load = ser_load_config_default();
    optind = 0;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, "hj:o:", table, NULL)) != -1) {
        int handled = cli_audio_option(CMD, opt, optarg, &o->load);
        if (handled < 0)
            return SER_EXIT_USAGE;
        if (handled)
            continue;
        switch (opt) {
        case OPT_SET: o->set = optarg; break;
        case OPT_PROSODY: o->prosody = optarg; break;
        case 'j':
            if (!cli_parse_long(optarg, 1, 256, &o->jobs))
                return cli_usage_error(CMD, "-j: expected a thread count 1..256, got '%s'", optarg);
            break;
        case 'o': o->out = optarg; break;
        case OPT_LABELS: o->labels = optarg; break;
        case OPT_MERGE:
            if (o->n_merges == MAX_MERGES)
                return cli_usage_error(CMD, "too many --merge options (at most %d)", MAX_MERGES);
            o->merges[o->n_merges++] = optarg;
            break;
        case OPT_JSON: o->json = true; break;
        case 'h': usage(stdout); return SER_EXIT_OK;
        default:
            return cli_usage_error(CMD, "unknown option or missing value '%s'", argv[optind - 1]);
        }
    }
    if (cli_audio_options_check(CMD, &o->load) < 0)
        return SER_EXIT_USAGE;
    if (!o->out)
        return cli_usage_error(CMD, "missing -o DIR");
    if (optind >= argc)
        return cli_usage_error(CMD, "no input: give labelled audio files, folders or manifests");
    return -1;
}

static void progress(void *user, size_t done, size_t total)
{
    (void)total;
    cli_progress_step(user, done);
}

static ser_status extract(const options *o, const ser_dataset_item *items, size_t n, const char *spec,
                          const char *what, ser_feature_matrix *m, ser_error *err)
{
    ser_status st;
    ser_feature_set_config *set = ser_feature_set_parse(spec, &st, err);
    if (!set)
        return st;
    cli_progress bar;
    cli_progress_start(&bar, what, n);
    ser_extract_options xo = {&o->load, (int)o->jobs, progress, &bar};
    st = ser_features_extract_items(items, n, set, &xo, m, err);
    cli_progress_finish(&bar);
    ser_feature_set_config_destroy(set);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int cmd_eda(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return SER_EXIT_OK;
    }
    options o;
    memset(&o, 0, sizeof o);
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    ser_error err;
    ser_error_clear(&err);
    ser_label_map map;
    if (ser_label_map_build(&map, o.labels, o.merges, o.n_merges, &err) != SER_OK)
        return cli_usage_error(CMD, "%s", err.message);
    ser_status st;
    ser_feature_set_config *check = ser_feature_set_parse(o.set, &st, &err);
    if (!check)
        return cli_usage_error(CMD, "--set: %s", err.message);
    ser_feature_set_config_destroy(check);
    if (!(check = ser_feature_set_parse(o.prosody, &st, &err)))
        return cli_usage_error(CMD, "--prosody: %s", err.message);
    ser_feature_set_config_destroy(check);

    ser_dataset *ds = ser_dataset_create(&st);
    ser_dataset_item *items = NULL;
    ser_feature_matrix fx, px;
    memset(&fx, 0, sizeof fx);
    memset(&px, 0, sizeof px);
    size_t failed = 0, n_items = 0, n = 0;
    int *cls = NULL, *corpus = NULL;
    double *dur = NULL, *x = NULL, *pr = NULL;
    const char **paths = NULL, **corpora = NULL, **speakers = NULL;
    cJSON *summary = NULL;
    if (!ds) {
        rc = cli_runtime_error(CMD, "out of memory");
        goto done;
    }
    for (int i = optind; i < argc; i++)
        if (ser_dataset_add(ds, argv[i], &err) == SER_ERR_NOMEM) {
            rc = cli_runtime_error(CMD, "%s", err.message);
            goto done;
        }
    for (size_t k = 0; k < ser_dataset_issue_count(ds); k++) {
        const ser_dataset_issue *is = ser_dataset_issue_at(ds, k);
        fprintf(stderr, "ser %s: skipped %s: %s\n", CMD, is->path, is->reason);
        failed++;
    }
    size_t total = ser_dataset_count(ds);
    items = calloc(total + 1, sizeof *items);
    if (!items) {
        rc = cli_runtime_error(CMD, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < total; k++) {
        ser_dataset_item it = *ser_dataset_item_at(ds, k);
        it.label = ser_label_map_apply(&map, it.label);
        if (it.label != SER_LABEL_NONE)
            items[n_items++] = it;
    }
    if (n_items < 2) {
        rc = cli_runtime_error(CMD, "need at least 2 labelled audio files, found %zu", n_items);
        goto done;
    }
    if (extract(&o, items, n_items, o.set, "features", &fx, &err) != SER_OK ||
        extract(&o, items, n_items, o.prosody, "prosody", &px, &err) != SER_OK) {
        rc = cli_runtime_error(CMD, "%s", err.message);
        goto done;
    }
    cls = calloc(n_items, sizeof *cls);
    corpus = calloc(n_items, sizeof *corpus);
    dur = calloc(n_items, sizeof *dur);
    x = calloc(n_items * fx.dim + 1, sizeof *x);
    pr = calloc(n_items * px.dim + 1, sizeof *pr);
    paths = calloc(n_items, sizeof *paths);
    corpora = calloc(n_items, sizeof *corpora);
    speakers = calloc(n_items, sizeof *speakers);
    if (!cls || !corpus || !dur || !x || !pr || !paths || !corpora || !speakers) {
        rc = cli_runtime_error(CMD, "out of memory");
        goto done;
    }
    /* Classes present, in canonical label order. */
    bool present[SER_LABEL_COUNT] = {false};
    int class_of[SER_LABEL_COUNT];
    const char *class_names[SER_LABEL_COUNT];
    size_t n_classes = 0, n_corpora = 0;
    for (size_t i = 0; i < n_items; i++) {
        const char *why = !fx.ok[i] ? fx.errors[i] : !px.ok[i] ? px.errors[i] : NULL;
        ser_audio_probe_result pb;
        if (!why && ser_audio_probe(items[i].path, &o.load, &pb, &err) != SER_OK)
            why = err.message;
        if (why) {
            fprintf(stderr, "ser %s: skipped %s: %s\n", CMD, items[i].path, why ? why : "failed");
            failed++;
            continue;
        }
        present[items[i].label] = true;
        paths[n] = items[i].path;
        cls[n] = (int)items[i].label; /* renumbered below */
        corpora[n] = items[i].corpus ? items[i].corpus : "";
        speakers[n] = items[i].speaker ? items[i].speaker : "";
        dur[n] = pb.info.duration;
        memcpy(x + n * fx.dim, fx.values + i * fx.dim, fx.dim * sizeof *x);
        memcpy(pr + n * px.dim, px.values + i * px.dim, px.dim * sizeof *pr);
        n++;
    }
    for (int l = 0; l < SER_LABEL_COUNT; l++) {
        class_of[l] = -1;
        if (present[l]) {
            class_of[l] = (int)n_classes;
            class_names[n_classes++] = ser_label_name((ser_label)l);
        }
    }
    for (size_t i = 0; i < n; i++)
        cls[i] = class_of[cls[i]];
    /* Corpora: distinct names, sorted. */
    const char **corpus_names = calloc(n + 1, sizeof *corpus_names);
    if (!corpus_names) {
        rc = cli_runtime_error(CMD, "out of memory");
        goto done;
    }
    memcpy(corpus_names, corpora, n * sizeof *corpora);
    qsort(corpus_names, n, sizeof *corpus_names, cmp_str);
    for (size_t i = 0; i < n; i++)
        if (n_corpora == 0 || strcmp(corpus_names[n_corpora - 1], corpus_names[i]) != 0)
            corpus_names[n_corpora++] = corpus_names[i];
    for (size_t i = 0; i < n; i++) {
        const char **hit = bsearch(&corpora[i], corpus_names, n_corpora, sizeof *corpus_names, cmp_str);
        corpus[i] = (int)(hit - corpus_names);
    }
    eda_data d = {n,
                  paths,
                  cls,
                  class_names,
                  n_classes,
                  corpus,
                  corpus_names,
                  n_corpora,
                  dur,
                  x,
                  fx.dim,
                  (const char *const *)fx.names,
                  pr,
                  px.dim,
                  (const char *const *)px.names,
                  fx.spec ? fx.spec : o.set,
                  px.spec ? px.spec : o.prosody,
                  o.load.sample_rate,
                  failed,
                  speakers};
    char msg[4500];
    summary = eda_report_write(&d, o.out, msg, sizeof msg);
    free(corpus_names);
    if (!summary) {
        rc = cli_runtime_error(CMD, "%s", msg);
        goto done;
    }
    if (o.json) {
        cJSON *copy = summary;
        summary = NULL;
        if (!cli_print_json(copy)) {
            rc = cli_runtime_error(CMD, "out of memory");
            goto done;
        }
    } else {
        printf("ser eda: %zu clips, %zu classes -> %s/index.html\n", n, n_classes, o.out);
    }
    rc = cli_batch_exit(n, failed);
done:
    cJSON_Delete(summary);
    free(cls);
    free(corpus);
    free(speakers);
    free(dur);
    free(x);
    free(pr);
    free(paths);
    free(corpora);
    free(items);
    ser_feature_matrix_free(&fx);
    ser_feature_matrix_free(&px);
    ser_dataset_destroy(ds);
    return rc;
}
