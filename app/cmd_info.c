/* ser info FILE... - format, rate, channels, duration, peak and RMS level
 * of each input.  Batch semantics (docs/cli.md): every usable file is
 * reported, each failure is listed (stderr, and as {"path","error"} in the
 * --json list), exit 0 all ok / 3 some failed / 1 none usable / 2 usage. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "ser/audio.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: ser info [--json] [--raw s16le|f32le|ulaw|alaw --rate R --channels N] FILE...\n"
            "Print each audio file's format, sample rate, channels, frames, duration and\n"
            "peak and RMS level (dBFS, over all channels at the native rate).\n\n"
            "  --json            a JSON list of {\"path\", \"format\", \"sample_rate\", \"channels\",\n"
            "                    \"frames\", \"duration\", \"peak_dbfs\", \"rms_dbfs\"}; a file that\n"
            "                    cannot be read is {\"path\", \"error\"} (silence: levels null)\n"
            "  --raw ENC         the inputs are headerless PCM: s16le, f32le, ulaw or alaw\n"
            "  --rate R          sample rate of raw input, Hz\n"
            "  --channels N      channels of raw input (interleaved)\n"
            "  -h, --help        show this help\n\n"
            "FILE '-' reads standard input.  Any format libsndfile reads is accepted (WAV,\n"
            "RF64, FLAC, OGG/Vorbis, Opus, MP3, AIFF, ...).\n"
            "Exit: 0 all files read, 3 some failed (listed on stderr), 1 none, 2 usage.\n");
}

static cJSON *number_or_null(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *info_json(const char *path, const ser_audio_probe_result *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "path", path);
    cJSON_AddStringToObject(o, "format", r->info.format);
    cJSON_AddNumberToObject(o, "sample_rate", r->info.sample_rate);
    cJSON_AddNumberToObject(o, "channels", r->info.channels);
    cJSON_AddNumberToObject(o, "frames", (double)r->info.frames);
    cJSON_AddNumberToObject(o, "duration", r->info.duration);
    cJSON_AddItemToObject(o, "peak_dbfs", number_or_null(r->peak_dbfs));
    cJSON_AddItemToObject(o, "rms_dbfs", number_or_null(r->rms_dbfs));
    return o;
}

static void print_text(const char *path, const ser_audio_probe_result *r)
{
    printf("%s\n", path);
    printf("  format:      %s\n", r->info.format);
    printf("  sample rate: %d Hz\n", r->info.sample_rate);
    printf("  channels:    %d\n", r->info.channels);
    printf("  frames:      %llu\n", (unsigned long long)r->info.frames);
    printf("  duration:    %.3f s\n", r->info.duration);
    if (isfinite(r->peak_dbfs))
        printf("  peak:        %.2f dBFS\n", r->peak_dbfs);
    else
        printf("  peak:        -inf dBFS (digital silence)\n");
    if (isfinite(r->rms_dbfs))
        printf("  rms:         %.2f dBFS\n", r->rms_dbfs);
    else
        printf("  rms:         -inf dBFS (digital silence)\n");
}

int cmd_info(int argc, char **argv)
{
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},         {"raw", required_argument, NULL, 'r'},
        {"rate", required_argument, NULL, 's'},   {"channels", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return SER_EXIT_OK;
    }
    bool json = false;
    ser_load_config cfg = ser_load_config_default();
    cfg.max_duration = 0; /* info reads in constant memory: no length limit */
    long rate = 0, channels = 0;
    optind = 0;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
        switch (opt) {
        case 'j':
            json = true;
            break;
        case 'r':
            if (ser_raw_encoding_parse(optarg, &cfg.raw.encoding) != SER_OK)
                return cli_usage_error("info", "unknown raw encoding '%s' (s16le, f32le, ulaw, alaw)", optarg);
            break;
        case 's':
            if (!cli_parse_long(optarg, 1, 10000000, &rate))
                return cli_usage_error("info", "invalid --rate '%s' (a positive number of Hz)", optarg);
            break;
        case 'c':
            if (!cli_parse_long(optarg, 1, SER_AUDIO_MAX_CHANNELS, &channels))
                return cli_usage_error("info", "invalid --channels '%s' (1..%d)", optarg, SER_AUDIO_MAX_CHANNELS);
            break;
        default:
            if (optopt)
                return cli_usage_error("info", "option '-%c' %s", optopt,
                                       strchr("rsc", optopt) ? "needs a value" : "is unknown");
            return cli_usage_error("info", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (cfg.raw.encoding != SER_RAW_NONE && (rate == 0 || channels == 0))
        return cli_usage_error("info", "--raw needs --rate and --channels");
    if (cfg.raw.encoding == SER_RAW_NONE && (rate || channels))
        return cli_usage_error("info", "--rate and --channels describe --raw input; give --raw too");
    if (optind >= argc)
        return cli_usage_error("info", "no input files");
    cfg.raw.sample_rate = (int)rate;
    cfg.raw.channels = (int)channels;

    cJSON *list = json ? cJSON_CreateArray() : NULL;
    size_t used = 0, failed = 0, n_inputs = (size_t)(argc - optind);
    cli_progress progress;
    cli_progress_start(&progress, "info", n_inputs > 1 ? n_inputs : 0);
    for (int i = optind; i < argc; i++) {
        const char *path = argv[i];
        ser_audio_probe_result r;
        ser_error err;
        ser_status st = ser_audio_probe(path, &cfg, &r, &err);
        cli_progress_step(&progress, (size_t)(i - optind + 1));
        if (st != SER_OK) {
            failed++;
            const char *msg = ser_error_message(&err, st);
            cli_progress_finish(&progress);
            fprintf(stderr, "ser info: %s\n", msg);
            if (list) {
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "path", path);
                cJSON_AddStringToObject(o, "error", msg);
                cJSON_AddItemToArray(list, o);
            }
            continue;
        }
        used++;
        if (list)
            cJSON_AddItemToArray(list, info_json(path, &r));
        else
            print_text(path, &r);
    }
    cli_progress_finish(&progress);
    if (list && !cli_print_json(list))
        return cli_runtime_error("info", "out of memory writing JSON");
    if (failed)
        fprintf(stderr, "ser info: %zu of %zu input(s) could not be read\n", failed, n_inputs);
    return cli_batch_exit(used, failed);
}
