/* ser analyze - recorded calls through the live analyser: per call the
 * timeline, a per-track summary and the alerts with their suggestions
 * (call_analysis.h; docs/cli.md "ser analyze"). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <dirent.h>
#include "batch_errors.h"
#include "call_analysis.h"
#include "cli.h"
#include "default_model.h"
#include "commands.h"
#include "report/call_report.h"
#include "ser/atomic_file.h"
#include "ser/stream.h"

#define CMD "analyze"

static void usage(void)
{
    printf("Usage: ser analyze [-m MODEL] CALL... [--json] [-o DIR] [--report DIR]\n"
           "Analyse recorded calls with the live analyser (the events of `ser stream`): per call\n"
           "the timeline, a per-track summary (share of time per emotion, mean arousal and\n"
           "valence, peak frustration) and the alerts with their timestamps and suggestions.\n"
           "One call: a readable report (--json: one JSON object).  Several calls or a folder:\n"
           "one summary row per call as CSV (--json: one JSON object per line), with a progress bar.\n\n"
           "  -m, --model MODEL        model file (feature set seed, trained on --streaming features;\n"
           "                           default: $SER_MODEL, else the shipped default model)\n"
           "  --json                   JSON instead of the table / CSV (shape: docs/cli.md)\n"
           "  -o, --output DIR         write DIR/<file name>.json per call and DIR/summary.csv\n"
           "                           (nothing on stdout)\n"
           "  --report DIR             HTML report (self-contained; SVG plots, CSV and JSON data): the\n"
           "                           timeline per track with alerts marked, summary, alerts with\n"
           "                           suggestions; one call: DIR/index.html; several: DIR/<file name>/\n"
           "  --agent-channel left|right  two-channel calls: that channel is the agent, the other\n"
           "                           the caller (track \"caller\"); without it channels are mixed\n"
           "  --analyze-agent          also analyse the agent's track; off by default: inferring\n"
           "                           employees' emotions at work is restricted in some\n"
           "                           jurisdictions (e.g. the EU AI Act, Art. 5(1)(f))\n"
           "  --rules FILE             suggestion rules (default: the installed share/ser/rules.json)\n"
           "  --no-rules               no reasons / suggestions\n"
           "  -h, --help               show this help\n\n"
           "Exit codes: 0 every call analysed, 1 runtime error or no call usable, 2 usage,\n"
           "3 some calls skipped (each listed on stderr and, with --json, as {\"path\",\"error\"}).\n");
}

typedef struct options {
    const char *model, *rules, *out_dir, *report;
    bool json, no_rules, analyze_agent;
    int agent_channel;
} options;

static int parse_options(int argc, char **argv, options *o)
{
    enum { O_JSON = 256, O_AGENT, O_ANALYZE, O_RULES, O_NORULES, O_REPORT };
    static const struct option longopts[] = {
        {"model", required_argument, NULL, 'm'},         {"json", no_argument, NULL, O_JSON},
        {"output", required_argument, NULL, 'o'},        {"agent-channel", required_argument, NULL, O_AGENT},
        {"analyze-agent", no_argument, NULL, O_ANALYZE}, {"rules", required_argument, NULL, O_RULES},
        {"no-rules", no_argument, NULL, O_NORULES},      {"help", no_argument, NULL, 'h'},
        {"report", required_argument, NULL, O_REPORT},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->agent_channel = -1;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":m:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': o->model = optarg; break;
        case 'o': o->out_dir = optarg; break;
        case O_JSON: o->json = true; break;
        case O_AGENT:
            if (!cli_parse_agent_channel(optarg, &o->agent_channel))
                return cli_usage_error(CMD, "--agent-channel '%s': want left or right", optarg);
            break;
        case O_ANALYZE: o->analyze_agent = true; break;
        case O_RULES: o->rules = optarg; break;
        case O_NORULES: o->no_rules = true; break;
        case O_REPORT: o->report = optarg; break;
        case ':': return cli_usage_error(CMD, "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!(o->model = cli_model_path(CMD, o->model)))
        return SER_EXIT_RUNTIME;
    if (optind >= argc)
        return cli_usage_error(CMD, "no call given (files or folders)");
    if (o->analyze_agent && o->agent_channel < 0)
        return cli_usage_error(CMD, "--analyze-agent needs --agent-channel left|right");
    return -1;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static double num(const cJSON *o, const char *key)
{
    return cJSON_GetNumberValue(cJSON_GetObjectItem(o, key));
}

static void print_track_row(const char *name, const cJSON *t)
{
    if (!cJSON_IsTrue(cJSON_GetObjectItem(t, "analysed"))) {
        printf("%-8s not analysed (--analyze-agent; restricted in some jurisdictions)\n", name);
        return;
    }
    const char *dom = cJSON_GetStringValue(cJSON_GetObjectItem(t, "dominant"));
    printf("%-8s %5.0f%%  %-10s", name, 100 * num(t, "speech_share"), dom ? dom : "-");
    if (dom)
        printf(" %+7.2f  %+7.2f", num(t, "arousal_mean"), num(t, "valence_mean"));
    else
        printf(" %7s  %7s", "-", "-");
    printf("  %5.2f at %6.1f s  %6.0f\n", num(t, "frustration_peak"), num(t, "frustration_peak_t"),
           num(t, "alerts"));
}

/* Consecutive events of one track with the same label as one segment. */
static void print_timeline(const cJSON *an, const char *track)
{
    const cJSON *ev;
    const char *cur = NULL;
    double start = 0, end = 0;
    bool any = false;
    printf("\ntimeline (%s)\n", track);
    cJSON_ArrayForEach(ev, cJSON_GetObjectItem(an, "timeline"))
    {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(ev, "type"));
        const char *tr = cJSON_GetStringValue(cJSON_GetObjectItem(ev, "track"));
        if (!type || !tr || strcmp(tr, track) || !strcmp(type, "alert") || !strcmp(type, "calm"))
            continue;
        const char *label = cJSON_GetStringValue(cJSON_GetObjectItem(ev, "label"));
        if (!label)
            label = "(silence)";
        if (any && !strcmp(label, cur)) {
            end = num(ev, "t_end");
            continue;
        }
        if (any)
            printf("  %7.1f - %7.1f s  %s\n", start, end, cur);
        cur = label;
        start = any ? end : num(ev, "t_start");
        end = num(ev, "t_end");
        any = true;
    }
    if (any)
        printf("  %7.1f - %7.1f s  %s\n", start, end, cur);
}

static void print_report(const cJSON *an)
{
    const cJSON *tracks = cJSON_GetObjectItem(an, "tracks"), *t, *l, *a;
    printf("call %s: %.1f s, %d Hz, %d channel(s)\n\n", cJSON_GetStringValue(cJSON_GetObjectItem(an, "path")),
           num(an, "duration"), (int)num(an, "sample_rate"), (int)num(an, "channels"));
    printf("%-8s %6s  %-10s %7s  %7s  %-18s %6s\n", "track", "speech", "dominant", "arousal", "valence",
           "peak frustration", "alerts");
    cJSON_ArrayForEach(t, tracks) print_track_row(t->string, t);
    printf("\n%-8s", "share");
    cJSON_ArrayForEach(l, cJSON_GetObjectItem(an, "labels")) printf(" %9s", l->valuestring);
    printf("\n");
    cJSON_ArrayForEach(t, tracks)
    {
        if (!cJSON_IsTrue(cJSON_GetObjectItem(t, "analysed")))
            continue;
        printf("%-8s", t->string);
        cJSON_ArrayForEach(l, cJSON_GetObjectItem(an, "labels"))
            printf(" %8.0f%%", 100 * num(cJSON_GetObjectItem(t, "label_share"), l->valuestring));
        printf("\n");
    }
    printf("\nalerts\n");
    int n = 0;
    cJSON_ArrayForEach(a, cJSON_GetObjectItem(an, "alerts"))
    {
        const char *reason = cJSON_GetStringValue(cJSON_GetObjectItem(a, "reason"));
        const char *sugg = cJSON_GetStringValue(cJSON_GetObjectItem(a, "suggestion"));
        printf("  %7.1f s  %-6s %-5s frustration %.2f  %s%s%s\n", num(a, "t"),
               cJSON_GetStringValue(cJSON_GetObjectItem(a, "track")), cJSON_GetStringValue(cJSON_GetObjectItem(a, "type")),
               num(a, "frustration"), reason ? reason : "", sugg ? ": " : "", sugg ? sugg : "");
        n++;
    }
    if (!n)
        printf("  none\n");
    cJSON_ArrayForEach(t, tracks) if (cJSON_IsTrue(cJSON_GetObjectItem(t, "analysed"))) print_timeline(an, t->string);
}

/* DIR/<file name>.json, with -2, -3 ... when two calls share a name. */
static ser_status write_json(const char *dir, const char *path, const cJSON *an, ser_error *err)
{
    char out[4096];
    struct stat sb;
    snprintf(out, sizeof out, "%s/%s.json", dir, base_name(path));
    for (int k = 2; stat(out, &sb) == 0 && k < 10000; k++)
        snprintf(out, sizeof out, "%s/%s-%d.json", dir, base_name(path), k);
    char *text = cJSON_Print(an);
    if (!text)
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory");
    ser_status st = ser_write_file_atomic(out, text, strlen(text), err);
    free(text);
    return st;
}

/* The --report of call paths[i]: DIR itself for a single call, else
 * DIR/<file name>, with -2, -3 ... when earlier calls of this run share the
 * name (a rerun overwrites its own reports). */
static ser_status write_report(const options *o, bool single, char **paths, size_t i, const cJSON *an,
                               const ser_model *model, ser_error *err)
{
    char dir[4096];
    size_t same = 0;
    for (size_t j = 0; j < i; j++)
        same += strcmp(base_name(paths[j]), base_name(paths[i])) == 0;
    int len = single ? snprintf(dir, sizeof dir, "%s", o->report)
              : same ? snprintf(dir, sizeof dir, "%s/%s-%zu", o->report, base_name(paths[i]), same + 1)
                     : snprintf(dir, sizeof dir, "%s/%s", o->report, base_name(paths[i]));
    if (len < 0 || (size_t)len >= sizeof dir)
        return ser_error_set(err, SER_ERR_ARG, "%s: report path too long", o->report);
    ser_stream_config sc = ser_stream_config_default(); /* call_analyze's streams use these thresholds */
    call_report_info info = {o->model, ser_model_kind_name(ser_model_kind_of(model)), sc.trend.on_threshold,
                             sc.trend.off_threshold};
    return call_report_write(dir, an, &info, err);
}

static bool is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static bool audio_name(const char *name)
{
    static const char *const ext[] = {".wav", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".aif", ".aiff", ".au", ".caf", ".w64"};
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof ext / sizeof ext[0]; i++)
        if (!strcasecmp(dot, ext[i]))
            return true;
    return false;
}

/* The calls: files as given; a folder's audio files (by extension, sorted,
 * not recursive).  Returns the number of paths (malloc'd strings). */
static size_t collect(char **inputs, int n_inputs, char ***out, batch_errors *errs)
{
    size_t n = 0, cap = 16;
    char **paths = malloc(cap * sizeof *paths);
    for (int i = 0; paths && i < n_inputs; i++) {
        struct dirent **list = NULL;
        int m = is_dir(inputs[i]) ? scandir(inputs[i], &list, NULL, alphasort) : -2;
        if (m == -1)
            batch_errors_add(errs, CMD, inputs[i], strerror(errno));
        for (int j = m == -2 ? -1 : 0; paths && j < (m == -2 ? 0 : m); j++) {
            char buf[4096];
            if (j >= 0) {
                snprintf(buf, sizeof buf, "%s/%s", inputs[i], list[j]->d_name);
                bool take = list[j]->d_name[0] != '.' && audio_name(list[j]->d_name) && !is_dir(buf);
                free(list[j]);
                if (!take)
                    continue;
            }
            if (n == cap) {
                char **p = realloc(paths, (cap *= 2) * sizeof *paths);
                if (!p)
                    break;
                paths = p;
            }
            paths[n++] = strdup(j >= 0 ? buf : inputs[i]);
        }
        free(list);
    }
    *out = paths;
    return paths ? n : 0;
}


int cmd_analyze(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage();
        return SER_EXIT_OK;
    }
    options o;
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (o.out_dir && !is_dir(o.out_dir) && mkdir(o.out_dir, 0755) && errno != EEXIST)
        return cli_runtime_error(CMD, "%s: cannot create the folder: %s", o.out_dir, strerror(errno));
    ser_error err = {0};
    ser_model *model = NULL;
    if (ser_model_load(o.model, &model, &err))
        return cli_runtime_error(CMD, "%s", err.message);
    ser_stream_config sc = ser_stream_config_default();
    sc.model = model;
    ser_status st;
    ser_stream *probe = ser_stream_create(&sc, &st, &err);
    if (!probe) {
        ser_model_destroy(model);
        return cli_runtime_error(CMD, "%s", err.message);
    }
    ser_stream_destroy(probe);
    ser_rules *rules = NULL;
    if ((rc = cli_load_rules(CMD, o.rules, o.no_rules, &rules)) >= 0) {
        ser_model_destroy(model);
        return rc;
    }
    char **inputs = argv + optind;
    int n_inputs = argc - optind;
    bool single = n_inputs == 1 && !is_dir(inputs[0]);
    batch_errors errs = {0};
    char **paths = NULL;
    size_t n_paths = 0;
    n_paths = collect(inputs, n_inputs, &paths, &errs);
    if (!paths) {
        rc = cli_runtime_error(CMD, "out of memory");
        goto done;
    }
    if (o.json && !o.out_dir)
        for (size_t e = 0; e < errs.n; e++) {
            cJSON *j = cJSON_CreateObject();
            cJSON_AddStringToObject(j, "path", errs.paths[e]);
            cJSON_AddStringToObject(j, "error", errs.reasons[e]);
            cli_print_json(j);
        }
    char *csv = NULL;
    size_t csv_len = 0;
    FILE *summary = NULL;
    if (o.out_dir)
        summary = open_memstream(&csv, &csv_len);
    else if (!single && !o.json)
        summary = stdout;
    if (o.out_dir && !summary) {
        rc = cli_runtime_error(CMD, "out of memory");
        goto done;
    }
    if (summary)
        call_summary_csv_header(summary, model, o.analyze_agent);
    call_options co = call_options_default();
    co.model = model;
    co.rules = rules;
    co.agent_channel = o.agent_channel;
    co.analyze_agent = o.analyze_agent;
    cli_progress bar;
    cli_progress_start(&bar, "analyze", single ? 0 : n_paths);
    size_t used = 0;
    for (size_t i = 0; i < n_paths; i++) {
        char msg[1024];
        const char *path = paths[i];
        co.call_id = base_name(path);
        cJSON *an = call_analyze(&co, path, NULL, 0, NULL, msg, sizeof msg, NULL);
        if (!an) {
            batch_errors_add(&errs, CMD, path, msg);
            if (o.json && !o.out_dir) {
                cJSON *j = cJSON_CreateObject();
                cJSON_AddStringToObject(j, "path", path);
                cJSON_AddStringToObject(j, "error", msg);
                cli_print_json(j);
            }
            cli_progress_step(&bar, i + 1);
            continue;
        }
        used++;
        if (o.report && write_report(&o, single, paths, i, an, model, &err)) {
            cJSON_Delete(an);
            rc = cli_runtime_error(CMD, "%s", err.message);
            cli_progress_finish(&bar);
            if (summary && summary != stdout)
                fclose(summary);
            free(csv);
            goto done;
        }
        if (summary)
            call_summary_csv_row(summary, an, model, o.analyze_agent);
        if (o.out_dir) {
            if (write_json(o.out_dir, path, an, &err)) {
                cJSON_Delete(an);
                rc = cli_runtime_error(CMD, "%s", err.message);
                cli_progress_finish(&bar);
                if (summary)
                    fclose(summary);
                free(csv);
                goto done;
            }
            cJSON_Delete(an);
        } else if (o.json) {
            if (single)
                cli_print_json(an);
            else {
                char *text = cJSON_PrintUnformatted(an);
                cJSON_Delete(an);
                if (text)
                    puts(text);
                free(text);
            }
        } else {
            if (single)
                print_report(an);
            cJSON_Delete(an);
        }
        fflush(stdout);
        if (o.report && single) /* after the report on stdout */
            fprintf(stderr, "ser analyze: report written to %s/index.html\n", o.report);
        cli_progress_step(&bar, i + 1);
    }
    cli_progress_finish(&bar);
    if (o.report && !single && used)
        fprintf(stderr, "ser analyze: %zu report(s) written to %s/<file name>/index.html\n", used, o.report);
    if (o.out_dir) {
        fclose(summary);
        char path[4096];
        snprintf(path, sizeof path, "%s/summary.csv", o.out_dir);
        st = ser_write_file_atomic(path, csv, csv_len, &err);
        free(csv);
        if (st) {
            rc = cli_runtime_error(CMD, "%s", err.message);
            goto done;
        }
        fprintf(stderr, "ser analyze: %zu call(s) analysed into %s (per-call JSON and summary.csv)\n", used,
                o.out_dir);
    }
    rc = cli_batch_exit(used, errs.n);
done:
    for (size_t i = 0; paths && i < n_paths; i++)
        free(paths[i]);
    free(paths);
    batch_errors_free(&errs);
    ser_rules_destroy(rules);
    ser_model_destroy(model);
    return rc;
}
