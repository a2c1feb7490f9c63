/* ser features - one named feature vector per file, over files, folders
 * and manifests, on N threads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audio_options.h"
#include "cli.h"
#include "commands.h"
#include "ser/feature_io.h"
#include "ser/features.h"
#include "ser/labels.h"

#define CMD "features"
#define MAX_MERGES 64

static void usage(FILE *out)
{
    fputs("Usage: ser features [OPTIONS] -o OUT FILE|DIR|MANIFEST.csv...\n"
          "One feature vector per audio file: path, label, speaker, corpus and the named columns.\n\n"
          "  --set S              seed (default), prosody, full, or FAMILY[:STAT,...]+... (below)\n"
          "  --streaming          the live stream's features: no file-wide 80 dB floor, chroma tuning 0\n"
          "  --telephone          features of each file's telephone-band version (8 kHz, µ-law,\n"
          "                       300-3400 Hz; include/ser/telephone.h), after resampling\n"
          "  -j, --jobs N         worker threads (default 1); the output does not depend on N\n"
          "  -o, --output OUT     output file ('-' = standard output)\n"
          "  --format F           csv (default), json or npy (default from OUT's extension)\n"
          "  --labels A,B,...     keep only these classes (after merging)\n"
          "  --merge FROM=TO      map a label onto another (repeatable)\n"
          "  -h, --help           show this help\n\n",
          out);
    cli_audio_options_help(out);
    fputs("\nBy default nothing is denoised, trimmed or normalised: with --sr native the values are\n"
          "librosa 0.10's on the same samples.  A file whose name follows no corpus convention is\n"
          "still analysed, with an empty label.  Files that cannot be used are listed on stderr.\n"
          "CSV: header path,label,speaker,corpus,NAMES; JSON: {set, sample_rate, dim, names, rows,\n"
          "errors}; NPY: float64 (rows, dim), values only.\n"
          "Exit: 0 every file used, 3 some skipped (listed), 1 none usable or runtime error, 2 usage.\n\n",
          out);
    fputs(ser_feature_set_help(), out);
}

enum { OPT_SET = 1, OPT_STREAMING, OPT_FORMAT, OPT_LABELS, OPT_MERGE, OPT_TELEPHONE };

typedef struct options {
    const char *set, *out, *labels;
    const char *merges[MAX_MERGES];
    size_t n_merges;
    bool streaming, format_given;
    long jobs;
    ser_feature_format format;
    ser_load_config load;
} options;

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option table[] = {
        {"format", required_argument, NULL, OPT_FORMAT}, /* before the audio table's --format alias */
        {"set", required_argument, NULL, OPT_SET},
        {"streaming", no_argument, NULL, OPT_STREAMING},
        {"telephone", no_argument, NULL, OPT_TELEPHONE},
        {"jobs", required_argument, NULL, 'j'},
        {"output", required_argument, NULL, 'o'},
        {"labels", required_argument, NULL, OPT_LABELS},
        {"merge", required_argument, NULL, OPT_MERGE},
        {"help", no_argument, NULL, 'h'},
        CLI_AUDIO_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    o->set = "seed";
    o->jobs = 1;
    o->format = SER_FEATURE_CSV;
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
        case OPT_STREAMING: o->streaming = true; break;
        case OPT_TELEPHONE: o->load.telephone = true; break;
        case 'j':
            if (!cli_parse_long(optarg, 1, 256, &o->jobs))
                return cli_usage_error(CMD, "-j: expected a thread count 1..256, got '%s'", optarg);
            break;
        case 'o': o->out = optarg; break;
        case OPT_FORMAT:
            if (ser_feature_format_parse(optarg, &o->format) != SER_OK)
                return cli_usage_error(CMD, "--format: expected csv, json or npy, got '%s'", optarg);
            o->format_given = true;
            break;
        case OPT_LABELS: o->labels = optarg; break;
        case OPT_MERGE:
            if (o->n_merges == MAX_MERGES)
                return cli_usage_error(CMD, "too many --merge options (at most %d)", MAX_MERGES);
            o->merges[o->n_merges++] = optarg;
            break;
        case 'h': usage(stdout); return SER_EXIT_OK;
        default:
            return cli_usage_error(CMD, "unknown option or missing value '%s'", argv[optind - 1]);
        }
    }
    if (cli_audio_options_check(CMD, &o->load) < 0)
        return SER_EXIT_USAGE;
    if (!o->out)
        return cli_usage_error(CMD, "missing -o OUT");
    if (optind >= argc)
        return cli_usage_error(CMD, "no input: give audio files, folders or manifests");
    if (!o->format_given) {
        const char *dot = strrchr(o->out, '.');
        if (dot && strcmp(dot, ".json") == 0)
            o->format = SER_FEATURE_JSON;
        else if (dot && strcmp(dot, ".npy") == 0)
            o->format = SER_FEATURE_NPY;
    }
    return -1;
}

static void progress(void *user, size_t done, size_t total)
{
    (void)total;
    cli_progress_step(user, done);
}

static bool is_regular_non_manifest(const char *path)
{
    struct stat sb;
    size_t len = strlen(path);
    if (len >= 4 && strcasecmp(path + len - 4, ".csv") == 0)
        return false;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

int cmd_features(int argc, char **argv)
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
    ser_feature_set_config *set = ser_feature_set_parse(o.set, &st, &err);
    if (!set)
        return cli_usage_error(CMD, "--set: %s", err.message);
    ser_feature_set_set_streaming(set, o.streaming);

    ser_dataset *ds = ser_dataset_create(&st);
    int n_in = argc - optind;
    size_t *first = calloc((size_t)n_in + 1, sizeof *first);
    bool *plain = calloc((size_t)n_in + 1, sizeof *plain);
    ser_dataset_item *items = NULL;
    ser_feature_matrix m;
    memset(&m, 0, sizeof m);
    size_t failed = 0;
    if (!ds || !first || !plain) {
        rc = cli_runtime_error(CMD, "out of memory");
        goto done;
    }
    for (int i = 0; i < n_in; i++) {
        const char *path = argv[optind + i];
        first[i] = ser_dataset_count(ds);
        size_t issues = ser_dataset_issue_count(ds);
        st = ser_dataset_add(ds, path, &err);
        if (st == SER_ERR_NOMEM) {
            rc = cli_runtime_error(CMD, "%s", err.message);
            goto done;
        }
        /* A plain file the naming rules do not cover: analysed, no label. */
        if (ser_dataset_count(ds) == first[i] && is_regular_non_manifest(path)
            && ser_dataset_issue_count(ds) == issues + 1)
            plain[i] = true;
    }
    first[n_in] = ser_dataset_count(ds);
    /* Issues, except the plain files taken as they are. */
    for (size_t k = 0; k < ser_dataset_issue_count(ds); k++) {
        const ser_dataset_issue *is = ser_dataset_issue_at(ds, k);
        bool taken = false;
        for (int i = 0; i < n_in && !taken; i++)
            taken = plain[i] && strcmp(argv[optind + i], is->path) == 0;
        if (!taken) {
            fprintf(stderr, "ser %s: skipped %s: %s\n", CMD, is->path, is->reason);
            failed++;
        }
    }
    size_t n_items = 0;
    items = calloc(first[n_in] + (size_t)n_in + 1, sizeof *items);
    if (!items) {
        rc = cli_runtime_error(CMD, "out of memory");
        goto done;
    }
    for (int i = 0; i < n_in; i++) {
        if (plain[i]) {
            items[n_items].path = argv[optind + i];
            items[n_items].label = SER_LABEL_NONE;
            n_items++;
        }
        for (size_t k = first[i]; k < first[i + 1]; k++) {
            ser_dataset_item it = *ser_dataset_item_at(ds, k);
            if (it.label != SER_LABEL_NONE) {
                it.label = ser_label_map_apply(&map, it.label);
                if (it.label == SER_LABEL_NONE)
                    continue; /* not asked for */
            }
            items[n_items++] = it;
        }
    }
    if (n_items == 0) {
        rc = cli_runtime_error(CMD, "no usable audio files");
        goto done;
    }
    cli_progress bar;
    cli_progress_start(&bar, "features", n_items);
    ser_extract_options xo = {&o.load, (int)o.jobs, progress, &bar};
    st = ser_features_extract_items(items, n_items, set, &xo, &m, &err);
    cli_progress_finish(&bar);
    if (st != SER_OK) {
        rc = cli_runtime_error(CMD, "%s", err.message);
        goto done;
    }
    for (size_t i = 0; i < m.n_rows; i++)
        if (!m.ok[i]) {
            fprintf(stderr, "ser %s: skipped %s: %s\n", CMD, m.paths[i], m.errors[i] ? m.errors[i] : "failed");
            failed++;
        }
    size_t used = ser_feature_matrix_ok_count(&m);
    if (used == 0) {
        rc = cli_runtime_error(CMD, "no file could be analysed");
        goto done;
    }
    if (strcmp(o.out, "-") == 0) {
        st = ser_feature_write_stream(&m, o.format, stdout, &err);
        if (fflush(stdout) != 0 && st == SER_OK)
            st = ser_error_set(&err, SER_ERR_IO, "standard output: write failed");
    } else {
        st = ser_feature_write_file(&m, o.format, o.out, &err);
    }
    if (st != SER_OK) {
        rc = cli_runtime_error(CMD, "%s", err.message);
        goto done;
    }
    rc = cli_batch_exit(used, failed);
done:
    ser_feature_matrix_free(&m);
    free(items);
    free(first);
    free(plain);
    ser_dataset_destroy(ds);
    ser_feature_set_config_destroy(set);
    return rc;
}
