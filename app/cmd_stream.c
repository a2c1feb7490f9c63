/* ser stream - live analysis of a call: PCM (raw or a container file) in,
 * JSON-lines events out (DESIGN.md Contracts; docs/stream.md). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "default_model.h"
#include "commands.h"
#include "ser/audio.h"
#include "ser/stream.h"

#define CMD "stream"
#define MAX_TRACKS 2

#ifndef SER_RULES_INSTALLED
#define SER_RULES_INSTALLED "/usr/local/share/ser/rules.json"
#endif
#ifndef SER_RULES_SOURCE
#define SER_RULES_SOURCE "share/ser/rules.json"
#endif

static void usage(void)
{
    printf("Usage: ser stream [-m MODEL] [FILE|-] [OPTIONS]\n"
           "Analyse a call as it streams in: one JSON line per event on stdout\n"
           "{\"type\":\"emotion\"|\"silence\"|\"alert\"|\"calm\",\"call_id\",\"track\",\"t_start\",\"t_end\",\"label\",\n"
           "\"probabilities\",\"arousal\",\"valence\",\"frustration\",\"voiced\"}; alerts and calm events add\n"
           "\"reason\" and \"suggestion\".  Input: a container file (WAV, FLAC, ...) or headerless PCM\n"
           "(--format) from FILE or standard input (-, the default).\n\n"
           "  -m, --model MODEL        model file (feature set seed, trained on --streaming features;\n"
           "                           default: $SER_MODEL, else the shipped default model)\n"
           "  --format F               raw input: s16le, f32le, ulaw, alaw (default for stdin: s16le)\n"
           "  --rate R                 raw input rate, Hz (16000)\n"
           "  --channels N             raw input channels (1)\n"
           "  --window S               analysis window, seconds (2)\n"
           "  --hop S                  seconds between analyses (0.5; rounded to whole frames)\n"
           "  --smoothing A            EMA weight of past probabilities, [0, 1) (0.5)\n"
           "  --agent-channel left|right  two-channel call: that channel is the agent, the other\n"
           "                           the caller (track \"caller\"); without it channels are mixed\n"
           "  --analyze-agent          also analyse the agent's track (track \"agent\"); off by\n"
           "                           default: inferring employees' emotions at work is restricted\n"
           "                           in some jurisdictions (e.g. the EU AI Act, Art. 5(1)(f))\n"
           "  --rules FILE             suggestion rules (default: the installed share/ser/rules.json)\n"
           "  --no-rules               no reasons / suggestions\n"
           "  --call-id ID             call_id of the events (default: the file name, or \"\")\n"
           "  --realtime               pace the input at real time (demo / load tests)\n"
           "  --stats                  print audio seconds, events, CPU time, RTF, push latency and the\n"
           "                           model's load time (wall, CPU) to stderr\n"
           "  -h, --help               show this help\n\n"
           "Exit codes: 0 done, 1 runtime error (model, input, decode), 2 usage.\n");
}

typedef struct options {
    const char *model, *input, *rules, *call_id;
    ser_raw_encoding format;
    bool format_given, realtime, analyze_agent, no_rules, stats;
    double rate, window, hop, smoothing;
    long channels;
    int agent_channel; /* -1 none, 0 left, 1 right */
} options;

typedef struct run_stats {
    double cpu, push_max, push_sum;
    size_t pushes_with_events;
} run_stats;

static double now(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void on_event(void *user, const ser_stream_event *ev)
{
    char buf[8192];
    size_t len;
    (void)user;
    if (ser_stream_event_json(ev, buf, sizeof buf, &len) == SER_OK) {
        fwrite(buf, 1, len, stdout);
        fputc('\n', stdout);
    }
}

/* Sleep until `elapsed` seconds of audio have passed since t0 (wall clock). */
static void pace(double t0, double elapsed)
{
    double wait = t0 + elapsed - now(CLOCK_MONOTONIC);
    if (wait > 0) {
        struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

typedef struct tracks {
    ser_stream *s[MAX_TRACKS];
    int n;
    run_stats st;
} tracks;

/* Push to every track; time the call. */
static ser_status push_all(tracks *t, const void *bytes, size_t n_bytes, const float *const *mono, size_t n_frames)
{
    for (int i = 0; i < t->n; i++) {
        size_t before = ser_stream_events(t->s[i]);
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
        ser_status st = bytes ? ser_stream_push(t->s[i], bytes, n_bytes, on_event, NULL)
                              : ser_stream_push_float(t->s[i], mono[i], n_frames, on_event, NULL);
        double dt = now(CLOCK_MONOTONIC) - w0;
        t->st.cpu += now(CLOCK_THREAD_CPUTIME_ID) - c0;
        if (ser_stream_events(t->s[i]) > before) {
            t->st.pushes_with_events++;
            t->st.push_sum += dt;
            if (dt > t->st.push_max)
                t->st.push_max = dt;
        }
        if (st)
            return st;
    }
    return SER_OK;
}

static int parse_options(int argc, char **argv, options *o)
{
    enum { O_FORMAT = 256, O_RATE, O_CHANNELS, O_WINDOW, O_HOP, O_SMOOTH, O_AGENT, O_ANALYZE, O_RULES, O_NORULES,
           O_CALL, O_REALTIME, O_STATS };
    static const struct option longopts[] = {
        {"model", required_argument, NULL, 'm'},      {"format", required_argument, NULL, O_FORMAT},
        {"rate", required_argument, NULL, O_RATE},    {"channels", required_argument, NULL, O_CHANNELS},
        {"window", required_argument, NULL, O_WINDOW}, {"hop", required_argument, NULL, O_HOP},
        {"smoothing", required_argument, NULL, O_SMOOTH}, {"agent-channel", required_argument, NULL, O_AGENT},
        {"analyze-agent", no_argument, NULL, O_ANALYZE}, {"rules", required_argument, NULL, O_RULES},
        {"no-rules", no_argument, NULL, O_NORULES},   {"call-id", required_argument, NULL, O_CALL},
        {"realtime", no_argument, NULL, O_REALTIME},  {"stats", no_argument, NULL, O_STATS},
        {"help", no_argument, NULL, 'h'},             {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->rate = 16000;
    o->channels = 1;
    o->window = 2.0;
    o->hop = 0.5;
    o->smoothing = 0.5;
    o->agent_channel = -1;
    o->format = SER_RAW_S16LE;
    optind = 0;
    opterr = 0;
    int c;
    bool rate_given = false, channels_given = false;
    while ((c = getopt_long(argc, argv, ":m:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': o->model = optarg; break;
        case O_FORMAT:
            if (ser_raw_encoding_parse(optarg, &o->format))
                return cli_usage_error(CMD, "--format '%s': want s16le, f32le, ulaw or alaw", optarg);
            o->format_given = true;
            break;
        case O_RATE:
            if (!cli_parse_double(optarg, &o->rate) || !(o->rate >= 1000 && o->rate <= 384000))
                return cli_usage_error(CMD, "--rate '%s': want a rate in Hz (1000..384000)", optarg);
            rate_given = true;
            break;
        case O_CHANNELS:
            if (!cli_parse_long(optarg, 1, 64, &o->channels))
                return cli_usage_error(CMD, "--channels '%s': want 1..64", optarg);
            channels_given = true;
            break;
        case O_WINDOW:
            if (!cli_parse_double(optarg, &o->window) || !(o->window > 0 && o->window <= 60))
                return cli_usage_error(CMD, "--window '%s': want seconds in (0, 60]", optarg);
            break;
        case O_HOP:
            if (!cli_parse_double(optarg, &o->hop) || !(o->hop > 0))
                return cli_usage_error(CMD, "--hop '%s': want seconds > 0", optarg);
            break;
        case O_SMOOTH:
            if (!cli_parse_double(optarg, &o->smoothing) || !(o->smoothing >= 0 && o->smoothing < 1))
                return cli_usage_error(CMD, "--smoothing '%s': want a value in [0, 1)", optarg);
            break;
        case O_AGENT:
            if (!cli_parse_agent_channel(optarg, &o->agent_channel))
                return cli_usage_error(CMD, "--agent-channel '%s': want left or right", optarg);
            break;
        case O_ANALYZE: o->analyze_agent = true; break;
        case O_RULES: o->rules = optarg; break;
        case O_NORULES: o->no_rules = true; break;
        case O_CALL: o->call_id = optarg; break;
        case O_REALTIME: o->realtime = true; break;
        case O_STATS: o->stats = true; break;
        case ':': return cli_usage_error(CMD, "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!(o->model = cli_model_path(CMD, o->model)))
        return SER_EXIT_RUNTIME;
    if (argc - optind > 1)
        return cli_usage_error(CMD, "one input at a time (FILE or -)");
    o->input = optind < argc ? argv[optind] : "-";
    if (!strcmp(o->input, "-"))
        o->format_given = true; /* standard input is raw PCM */
    if (!o->format_given && (rate_given || channels_given))
        return cli_usage_error(CMD, "--rate and --channels describe raw input: add --format");
    if (o->analyze_agent && o->agent_channel < 0)
        return cli_usage_error(CMD, "--analyze-agent needs --agent-channel left|right");
    if (o->hop > o->window)
        return cli_usage_error(CMD, "--hop (%g s) longer than --window (%g s)", o->hop, o->window);
    return -1;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Rules: --rules, else $SER_RULES, else the installed file, else the source tree's. */

/* A container file: decode each track's channel at the native rate, then
 * push 20 ms chunks (paced with --realtime). */
static ser_status run_file(const options *o, tracks *t, const int *track_channel, ser_error *err)
{
    ser_audio a[MAX_TRACKS] = {{0}};
    ser_status st = SER_OK;
    for (int i = 0; i < t->n && !st; i++) {
        ser_load_config lc = ser_load_config_default();
        lc.sample_rate = 0;
        lc.max_duration = 0;
        if (track_channel[i] >= 0) {
            lc.channel_mode = SER_CHANNELS_SELECT;
            lc.channel = track_channel[i];
        }
        st = ser_audio_load(o->input, &lc, &a[i], err);
    }
    if (!st) {
        size_t n = a[0].n_samples, chunk = (size_t)a[0].sample_rate / 50;
        double t0 = now(CLOCK_MONOTONIC);
        const float *mono[MAX_TRACKS];
        for (size_t at = 0; at < n && !st; at += chunk) {
            size_t m = n - at < chunk ? n - at : chunk;
            for (int i = 0; i < t->n; i++)
                mono[i] = a[i].samples + at;
            if (o->realtime)
                pace(t0, (double)(at + m) / a[0].sample_rate);
            st = push_all(t, NULL, 0, mono, m);
            if (o->realtime)
                fflush(stdout);
        }
        if (st)
            ser_error_set(err, st, "%s: %s", o->input, ser_strerror(st));
    }
    for (int i = 0; i < MAX_TRACKS; i++)
        ser_audio_free(&a[i]);
    return st;
}

/* Raw PCM from a file or stdin: read 20 ms blocks and push the bytes. */
static ser_status run_raw(const options *o, tracks *t, ser_error *err)
{
    FILE *f = strcmp(o->input, "-") ? fopen(o->input, "rb") : stdin;
    if (!f)
        return ser_error_set(err, SER_ERR_IO, "%s: cannot open: %s", o->input, strerror(errno));
    size_t frame = ser_raw_bytes_per_sample(o->format) * (size_t)o->channels;
    size_t block = frame * (size_t)(o->rate / 50 > 1 ? o->rate / 50 : 1);
    unsigned char *buf = malloc(block);
    ser_status st = buf ? SER_OK : SER_ERR_NOMEM;
    double t0 = now(CLOCK_MONOTONIC), bytes = 0;
    size_t got;
    while (!st && (got = fread(buf, 1, block, f)) > 0) {
        bytes += (double)got;
        if (o->realtime)
            pace(t0, bytes / (double)frame / o->rate);
        st = push_all(t, buf, got, NULL, 0);
        if (o->realtime)
            fflush(stdout);
    }
    if (!st && ferror(f))
        st = ser_error_set(err, SER_ERR_IO, "%s: read error", o->input);
    else if (st)
        ser_error_set(err, st, "%s: %s", o->input, ser_strerror(st));
    free(buf);
    if (f != stdin)
        fclose(f);
    return st;
}

int cmd_stream(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage();
        return SER_EXIT_OK;
    }
    options o;
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    ser_error err = {0};
    ser_model *model = NULL;
    double load0 = now(CLOCK_MONOTONIC), load_cpu0 = now(CLOCK_THREAD_CPUTIME_ID);
    if (ser_model_load(o.model, &model, &err))
        return cli_runtime_error(CMD, "%s", err.message);
    double load_s = now(CLOCK_MONOTONIC) - load0, load_cpu = now(CLOCK_THREAD_CPUTIME_ID) - load_cpu0;
    ser_rules *rules = NULL;
    if ((rc = cli_load_rules(CMD, o.rules, o.no_rules, &rules)) >= 0) {
        ser_model_destroy(model);
        return rc;
    }
    int channels = (int)o.channels;
    double rate = o.rate;
    if (!o.format_given) {
        ser_load_config lc = ser_load_config_default();
        ser_audio_probe_result pr;
        if (ser_audio_probe(o.input, &lc, &pr, &err)) {
            ser_rules_destroy(rules);
            ser_model_destroy(model);
            return cli_runtime_error(CMD, "%s", err.message);
        }
        channels = pr.info.channels;
        rate = pr.info.sample_rate;
    }
    if (o.agent_channel >= 0 && channels != 2) {
        ser_rules_destroy(rules);
        ser_model_destroy(model);
        return cli_usage_error(CMD, "--agent-channel needs a two-channel input (%s has %d)", o.input, channels);
    }
    tracks t;
    memset(&t, 0, sizeof t);
    int track_channel[MAX_TRACKS] = {-1, -1};
    const char *names[MAX_TRACKS] = {"caller", "agent"};
    if (o.agent_channel >= 0) {
        track_channel[0] = 1 - o.agent_channel;
        track_channel[1] = o.agent_channel;
    }
    int n_tracks = o.analyze_agent ? 2 : 1;
    ser_status st = SER_OK;
    for (int i = 0; i < n_tracks && !st; i++) {
        ser_stream_config c = ser_stream_config_default();
        c.model = model;
        c.rules = rules;
        c.encoding = o.format_given ? o.format : SER_RAW_F32LE;
        c.input_rate = rate;
        c.channels = o.format_given ? channels : 1;
        c.channel = o.format_given ? track_channel[i] : -1;
        c.window_s = o.window;
        c.hop_s = o.hop;
        c.smoothing = o.smoothing;
        c.track = names[i];
        c.call_id = o.call_id ? o.call_id : (strcmp(o.input, "-") ? base_name(o.input) : "");
        if ((t.s[i] = ser_stream_create(&c, &st, &err)))
            t.n++;
    }
    if (!st)
        st = o.format_given ? run_raw(&o, &t, &err) : run_file(&o, &t, track_channel, &err);
    for (int i = 0; i < t.n && !st; i++) {
        double c0 = now(CLOCK_THREAD_CPUTIME_ID);
        if ((st = ser_stream_flush(t.s[i], on_event, NULL)))
            ser_error_set(&err, st, "%s: %s", o.input, ser_strerror(st));
        t.st.cpu += now(CLOCK_THREAD_CPUTIME_ID) - c0;
    }
    fflush(stdout);
    if (o.stats && t.n) {
        double secs = ser_stream_seconds(t.s[0]);
        size_t events = 0;
        for (int i = 0; i < t.n; i++)
            events += ser_stream_events(t.s[i]);
        fprintf(stderr,
                "ser stream: %.2f s of audio, %d track(s), %zu events, CPU %.4f s, RTF %.5f, "
                "push with events: mean %.3f ms, max %.3f ms; model %s loaded in %.2f ms (CPU %.2f ms)\n",
                secs, t.n, events, t.st.cpu, secs > 0 ? t.st.cpu / secs : 0.0,
                t.st.pushes_with_events ? 1e3 * t.st.push_sum / (double)t.st.pushes_with_events : 0.0,
                1e3 * t.st.push_max, o.model, 1e3 * load_s, 1e3 * load_cpu);
    }
    for (int i = 0; i < t.n; i++)
        ser_stream_destroy(t.s[i]);
    ser_rules_destroy(rules);
    ser_model_destroy(model);
    if (st)
        return cli_runtime_error(CMD, "%s", err.message);
    return SER_EXIT_OK;
}
