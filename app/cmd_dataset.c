/* ser dataset - count the labelled files of corpora and manifests; list the
 * files that cannot be used; optionally split them into folds. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "ser/dataset.h"
#include "ser/labels.h"
#include "ser/protocol.h"
#include "ser/split.h"

#define CMD "dataset"
#define MAX_MERGES 64

static void usage(void)
{
    printf("Usage: ser dataset [OPTIONS] DIR|MANIFEST.csv|FILE...\n"
           "Count the labelled audio files per label, speaker and corpus, and list the\n"
           "files that cannot be used with the reason.\n\n"
           "Inputs: folders (scanned recursively; RAVDESS, CREMA-D, TESS, EmoDB, SAVEE and\n"
           "TurEV-DB file names, or label folders such as angry/*.wav), CSV manifests\n"
           "(path,label[,speaker]) and single audio files (.wav .flac .mp3 .ogg).\n\n"
           "Options:\n"
           "  --json                 print {\"total\", \"labels\", \"speakers\", \"corpora\", \"errors\"}\n"
           "  --labels A,B,...       keep only these classes (named after merging)\n"
           "  --merge FROM=TO[,...]  map a label onto another (repeatable)\n"
           "  --split KIND           also split: train-test, kfold, group-kfold,\n"
           "                         stratified-group-kfold, loso, groups\n"
           "  --folds N              folds for the k-fold kinds (default 5)\n"
           "  --test-fraction F      test share for train-test (default 0.2)\n"
           "  --groups SPEC          speaker groups for 'groups' (\"1-4,5-8\" or \"1,3;2,4\")\n"
           "  --seed S               split seed (default 0)\n"
           "  --folds-out FILE       write the fold of every file (CSV path,fold; -1 = train only)\n"
           "  --protocol NAME        a reported protocol: its corpus (under --data), classes and\n"
           "                         split; NAME is one of:\n");
    for (size_t i = 0; i < ser_protocol_count(); i++)
        printf("                           %-16s %s\n", ser_protocol_at(i)->name, ser_protocol_at(i)->summary);
    printf("  --data DIR             corpora root for --protocol (default $SER_DATA or ../shared/data)\n"
           "  -h, --help             show this help\n\n"
           "Exit codes: 0 every file used, 3 some skipped (listed on stderr and under \"errors\"),\n"
           "1 no usable file or an input that cannot be read at all, 2 usage error (unknown\n"
           "label, merge cycle, bad option).\n");
}

typedef struct options {
    bool json;
    const char *labels;
    const char *merges[MAX_MERGES];
    size_t n_merges;
    bool split;
    ser_split_config split_config;
    const char *folds_out;
    const ser_protocol *protocol;
    const char *data;
} options;

/* Parse the command line; returns -1 to go on, else an exit code. */
static int parse_options(int argc, char **argv, options *o)
{
    enum { OPT_JSON = 256, OPT_LABELS, OPT_MERGE, OPT_SPLIT, OPT_FOLDS, OPT_TEST, OPT_GROUPS, OPT_SEED,
           OPT_FOLDS_OUT, OPT_PROTOCOL, OPT_DATA };
    static const struct option longopts[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"labels", required_argument, NULL, OPT_LABELS},
        {"merge", required_argument, NULL, OPT_MERGE},
        {"split", required_argument, NULL, OPT_SPLIT},
        {"folds", required_argument, NULL, OPT_FOLDS},
        {"test-fraction", required_argument, NULL, OPT_TEST},
        {"groups", required_argument, NULL, OPT_GROUPS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"folds-out", required_argument, NULL, OPT_FOLDS_OUT},
        {"protocol", required_argument, NULL, OPT_PROTOCOL},
        {"data", required_argument, NULL, OPT_DATA},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    ser_split_config_default(&o->split_config);
    bool fold_options = false;
    long v;
    double d;
    opterr = 0;
    optind = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage();
            return SER_EXIT_OK;
        case OPT_JSON:
            o->json = true;
            break;
        case OPT_LABELS:
            o->labels = optarg;
            break;
        case OPT_MERGE:
            if (o->n_merges == MAX_MERGES)
                return cli_usage_error(CMD, "too many --merge options (at most %d)", MAX_MERGES);
            o->merges[o->n_merges++] = optarg;
            break;
        case OPT_SPLIT:
            if (ser_split_kind_parse(optarg, &o->split_config.kind) != SER_OK)
                return cli_usage_error(CMD, "unknown split '%s' (train-test, kfold, group-kfold, "
                                            "stratified-group-kfold, loso, groups)", optarg);
            o->split = true;
            break;
        case OPT_FOLDS:
            if (!cli_parse_long(optarg, 2, 100000, &v))
                return cli_usage_error(CMD, "--folds wants an integer >= 2, not '%s'", optarg);
            o->split_config.n_folds = (size_t)v;
            fold_options = true;
            break;
        case OPT_TEST:
            if (!cli_parse_double(optarg, &d) || !(d > 0.0 && d < 1.0))
                return cli_usage_error(CMD, "--test-fraction wants a number in (0, 1), not '%s'", optarg);
            o->split_config.test_fraction = d;
            fold_options = true;
            break;
        case OPT_GROUPS:
            o->split_config.groups = optarg;
            fold_options = true;
            break;
        case OPT_SEED:
            if (!cli_parse_long(optarg, 0, 2147483647L, &v))
                return cli_usage_error(CMD, "--seed wants a non-negative integer, not '%s'", optarg);
            o->split_config.seed = (uint64_t)v;
            fold_options = true;
            break;
        case OPT_FOLDS_OUT:
            o->folds_out = optarg;
            break;
        case OPT_PROTOCOL:
            o->protocol = ser_protocol_find(optarg);
            if (!o->protocol)
                return cli_usage_error(CMD, "unknown protocol '%s' (see ser dataset --help)", optarg);
            break;
        case OPT_DATA:
            o->data = optarg;
            break;
        default:
            if (optopt)
                return cli_usage_error(CMD, "option '%s' needs a value", argv[optind - 1]);
            return cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (o->protocol) {
        if (o->labels || o->n_merges || o->split || fold_options)
            return cli_usage_error(CMD, "--protocol sets the classes and the split; drop --labels, --merge, "
                                        "--split and the split options");
        o->labels = o->protocol->labels;
        o->split = true;
        ser_protocol_split_config(o->protocol, 0, &o->split_config);
    } else if (o->folds_out && !o->split)
        return cli_usage_error(CMD, "--folds-out needs --split or --protocol");
    else if (fold_options && !o->split)
        return cli_usage_error(CMD, "--folds, --test-fraction, --groups and --seed need --split");
    if (o->split && o->split_config.kind == SER_SPLIT_SPEAKER_GROUPS && !o->split_config.groups)
        return cli_usage_error(CMD, "--split groups needs --groups SPEC (e.g. \"1-4,5-8\")");
    if (optind >= argc && !o->protocol)
        return cli_usage_error(CMD, "no input; give folders, manifests (.csv) or audio files");
    return -1;
}

/* Distinct strings with counts, sorted by strcmp. */
typedef struct tally {
    const char *name;
    size_t count;
} tally;

static int compare_tally(const void *a, const void *b)
{
    return strcmp(((const tally *)a)->name, ((const tally *)b)->name);
}

static int compare_strptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Tally names[0..n) (NULLs skipped) into out (room for n); returns count. */
static size_t make_tally(const char **names, size_t n, tally *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (names[i])
            names[m++] = names[i];
    qsort(names, m, sizeof *names, compare_strptr);
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        if (k == 0 || strcmp(out[k - 1].name, names[i]) != 0)
            out[k++] = (tally){names[i], 0};
        out[k - 1].count++;
    }
    qsort(out, k, sizeof *out, compare_tally);
    return k;
}

typedef struct summary {
    size_t total;
    size_t labels[SER_LABEL_COUNT];
    bool show_label[SER_LABEL_COUNT];
    tally *speakers, *corpora;
    size_t n_speakers, n_corpora, no_speaker;
    const char **scratch;
} summary;

static bool summarise(const ser_dataset *ds, const ser_label_map *map, bool selected, summary *s)
{
    size_t n = ser_dataset_count(ds);
    memset(s, 0, sizeof *s);
    s->total = n;
    ser_dataset_label_counts(ds, s->labels);
    for (int l = 0; l < SER_LABEL_COUNT; l++)
        if (s->labels[l])
            s->show_label[l] = true;
    if (selected) /* say so when a selected class has no file */
        for (int l = 0; l < SER_LABEL_COUNT; l++)
            if (map->to[l] != SER_LABEL_NONE)
                s->show_label[map->to[l]] = true;
    size_t room = n ? n : 1;
    s->scratch = calloc(room, sizeof *s->scratch);
    s->speakers = calloc(room, sizeof *s->speakers);
    s->corpora = calloc(room, sizeof *s->corpora);
    if (!s->scratch || !s->speakers || !s->corpora)
        return false;
    for (size_t i = 0; i < n; i++) {
        s->scratch[i] = ser_dataset_item_at(ds, i)->speaker;
        s->no_speaker += s->scratch[i] == NULL;
    }
    s->n_speakers = make_tally(s->scratch, n, s->speakers);
    for (size_t i = 0; i < n; i++)
        s->scratch[i] = ser_dataset_item_at(ds, i)->corpus;
    s->n_corpora = make_tally(s->scratch, n, s->corpora);
    return true;
}

static void free_summary(summary *s)
{
    free(s->scratch);
    free(s->speakers);
    free(s->corpora);
}

/* Speakers of one corpus ("ravdess:01" belongs to "ravdess"). */
static size_t speakers_of(const summary *s, const char *corpus)
{
    size_t k = 0, len = strlen(corpus);
    for (size_t i = 0; i < s->n_speakers; i++)
        k += strncmp(s->speakers[i].name, corpus, len) == 0 && s->speakers[i].name[len] == ':';
    return k;
}

static void print_table(const summary *s, size_t skipped)
{
    printf("%zu file%s usable, %zu skipped; %zu speaker%s, %zu corp%s\n\n", s->total, s->total == 1 ? "" : "s",
           skipped, s->n_speakers, s->n_speakers == 1 ? "" : "s", s->n_corpora, s->n_corpora == 1 ? "us" : "ora");
    printf("%-12s %7s %7s\n", "label", "files", "share");
    for (int l = 0; l < SER_LABEL_COUNT; l++)
        if (s->show_label[l])
            printf("%-12s %7zu %6.1f%%\n", ser_label_name((ser_label)l), s->labels[l],
                   s->total ? 100.0 * (double)s->labels[l] / (double)s->total : 0.0);
    printf("%-12s %7zu\n\n", "total", s->total);

    size_t width = 6;
    for (size_t i = 0; i < s->n_corpora; i++)
        width = strlen(s->corpora[i].name) > width ? strlen(s->corpora[i].name) : width;
    printf("%-*s %7s %9s\n", (int)width, "corpus", "files", "speakers");
    for (size_t i = 0; i < s->n_corpora; i++)
        printf("%-*s %7zu %9zu\n", (int)width, s->corpora[i].name, s->corpora[i].count,
               speakers_of(s, s->corpora[i].name));

    if (s->n_speakers || s->no_speaker) {
        width = 10;
        for (size_t i = 0; i < s->n_speakers; i++)
            width = strlen(s->speakers[i].name) > width ? strlen(s->speakers[i].name) : width;
        size_t per_row = width + 8 > 80 ? 1 : 80 / (width + 8);
        printf("\nspeakers (files)\n");
        for (size_t i = 0; i < s->n_speakers; i++)
            printf("%-*s %5zu%s", (int)width, s->speakers[i].name, s->speakers[i].count,
                   (i + 1) % per_row == 0 || i + 1 == s->n_speakers ? "\n" : "  ");
        if (s->no_speaker)
            printf("%-*s %5zu\n", (int)width, "(none)", s->no_speaker);
    }
}

static cJSON *summary_json(const summary *s, const ser_dataset *ds)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "total", (double)s->total);
    cJSON *labels = cJSON_AddObjectToObject(root, "labels");
    cJSON *speakers = cJSON_AddObjectToObject(root, "speakers");
    cJSON *corpora = cJSON_AddObjectToObject(root, "corpora");
    cJSON *errors = cJSON_AddArrayToObject(root, "errors");
    for (int l = 0; l < SER_LABEL_COUNT; l++)
        if (s->show_label[l])
            cJSON_AddNumberToObject(labels, ser_label_name((ser_label)l), (double)s->labels[l]);
    for (size_t i = 0; i < s->n_speakers; i++)
        cJSON_AddNumberToObject(speakers, s->speakers[i].name, (double)s->speakers[i].count);
    for (size_t i = 0; i < s->n_corpora; i++)
        cJSON_AddNumberToObject(corpora, s->corpora[i].name, (double)s->corpora[i].count);
    for (size_t i = 0; i < ser_dataset_issue_count(ds); i++) {
        const ser_dataset_issue *issue = ser_dataset_issue_at(ds, i);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "path", issue->path);
        cJSON_AddStringToObject(e, "error", issue->reason);
        cJSON_AddItemToArray(errors, e);
    }
    return root;
}

/* Split, print a per-split table (or add "splits" to json) and write folds. */
static int do_split(const ser_dataset *ds, const options *o, cJSON *json)
{
    size_t n = ser_dataset_count(ds), n_splits = 0;
    int *fold = malloc((n ? n : 1) * sizeof *fold);
    int *speaker = malloc((n ? n : 1) * sizeof *speaker);
    if (!fold || !speaker) {
        free(fold);
        free(speaker);
        return cli_runtime_error(CMD, "out of memory");
    }
    ser_error err;
    ser_error_clear(&err);
    size_t n_spk = 0;
    ser_status st = ser_dataset_split(ds, &o->split_config, fold, &n_splits, &err);
    if (st == SER_OK)
        st = ser_dataset_speaker_ids(ds, speaker, NULL, &n_spk, &err);
    if (st == SER_OK && o->folds_out)
        st = ser_folds_write(o->folds_out, ds, fold, &err);
    if (st != SER_OK) {
        free(fold);
        free(speaker);
        return cli_runtime_error(CMD, "%s", ser_error_message(&err, st));
    }
    cJSON *splits = json ? cJSON_AddArrayToObject(json, "splits") : NULL;
    if (!json) {
        printf("\n%s split%s%s: %zu split%s\n", ser_split_kind_name(o->split_config.kind),
               o->protocol ? " of " : "", o->protocol ? o->protocol->name : "", n_splits, n_splits == 1 ? "" : "s");
        printf("%-6s %7s %7s %9s  test files per label\n", "split", "train", "test", "speakers");
    }
    unsigned char *seen = calloc(n_spk ? n_spk : 1, 1);
    for (size_t s = 0; s < n_splits && seen; s++) {
        size_t n_train, n_test, per_label[SER_LABEL_COUNT] = {0}, test_speakers = 0;
        ser_split_indices(fold, n, (int)s, NULL, &n_train, NULL, &n_test);
        memset(seen, 0, n_spk ? n_spk : 1);
        for (size_t i = 0; i < n; i++)
            if (fold[i] == (int)s) {
                per_label[ser_dataset_item_at(ds, i)->label]++;
                if (speaker[i] >= 0 && !seen[speaker[i]]) {
                    seen[speaker[i]] = 1;
                    test_speakers++;
                }
            }
        if (splits) {
            cJSON *o_split = cJSON_CreateObject();
            cJSON_AddNumberToObject(o_split, "train", (double)n_train);
            cJSON_AddNumberToObject(o_split, "test", (double)n_test);
            cJSON_AddNumberToObject(o_split, "test_speakers", (double)test_speakers);
            cJSON *labels = cJSON_AddObjectToObject(o_split, "test_labels");
            for (int l = 0; l < SER_LABEL_COUNT; l++)
                if (per_label[l])
                    cJSON_AddNumberToObject(labels, ser_label_name((ser_label)l), (double)per_label[l]);
            cJSON_AddItemToArray(splits, o_split);
        } else {
            printf("%-6zu %7zu %7zu %9zu ", s, n_train, n_test, test_speakers);
            for (int l = 0; l < SER_LABEL_COUNT; l++)
                if (per_label[l])
                    printf(" %s %zu", ser_label_name((ser_label)l), per_label[l]);
            printf("\n");
        }
    }
    free(seen);
    free(fold);
    free(speaker);
    return -1;
}

int cmd_dataset(int argc, char **argv)
{
    options o = {0};
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    ser_error err;
    ser_error_clear(&err);
    ser_label_map map;
    if (ser_label_map_build(&map, o.labels, o.merges, o.n_merges, &err) != SER_OK)
        return cli_usage_error(CMD, "%s", err.message);

    ser_status st;
    ser_dataset *ds = ser_dataset_create(&st);
    if (!ds)
        return cli_runtime_error(CMD, "out of memory");
    size_t inputs_failed = 0, n_inputs = 0;
    char protocol_dir[4096];
    if (o.protocol) {
        snprintf(protocol_dir, sizeof protocol_dir, "%s/%s", cli_data_root(o.data), o.protocol->corpus);
        n_inputs = 1;
        st = ser_dataset_add(ds, protocol_dir, &err);
        inputs_failed += st != SER_OK;
    }
    for (int i = optind; i < argc; i++, n_inputs++) {
        st = ser_dataset_add(ds, argv[i], &err);
        if (st == SER_ERR_NOMEM) {
            ser_dataset_destroy(ds);
            return cli_runtime_error(CMD, "%s", err.message);
        }
        inputs_failed += st != SER_OK;
    }
    ser_dataset_apply_labels(ds, &map, NULL);

    size_t n_issues = ser_dataset_issue_count(ds);
    for (size_t i = 0; i < n_issues; i++) {
        const ser_dataset_issue *issue = ser_dataset_issue_at(ds, i);
        fprintf(stderr, "ser dataset: skipped %s: %s\n", issue->path, issue->reason);
    }
    summary s;
    if (!summarise(ds, &map, o.labels && *o.labels, &s)) {
        free_summary(&s);
        ser_dataset_destroy(ds);
        return cli_runtime_error(CMD, "out of memory");
    }
    rc = cli_batch_exit(s.total, n_issues);
    if (o.json) {
        cJSON *json = summary_json(&s, ds);
        int split_rc = o.split && s.total ? do_split(ds, &o, json) : -1;
        if (split_rc >= 0) {
            cJSON_Delete(json);
            rc = split_rc;
        } else if (!cli_print_json(json))
            rc = cli_runtime_error(CMD, "out of memory");
    } else if (s.total) {
        print_table(&s, n_issues);
        int split_rc = o.split && s.total ? do_split(ds, &o, NULL) : -1;
        if (split_rc >= 0)
            rc = split_rc;
    }
    if (s.total == 0)
        cli_runtime_error(CMD, "no usable files%s", inputs_failed == n_inputs ? " (no input could be read)" : "");
    else if (n_issues)
        fprintf(stderr, "ser dataset: %zu skipped (listed above)\n", n_issues);
    free_summary(&s);
    ser_dataset_destroy(ds);
    return rc;
}
