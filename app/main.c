/* ser - speech emotion recognition: command dispatcher. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "ser/version.h"

/* One line per command; keep alphabetical. */
const ser_command ser_commands[] = {
    {"analyze", "recorded calls through the live analyser: timeline, per-track summary, alerts", cmd_analyze},
    {"dataset", "count a corpus's files per label, speaker and corpus; split into folds", cmd_dataset},
    {"denoise", "spectral-gating noise reduction (noisereduce 3.0.3), written atomically", cmd_denoise},
    {"eda", "exploratory analysis report (HTML + SVG): classes, durations, correlation, PCA, prosody", cmd_eda},
    {"evaluate", "honest evaluation: tune and fit per outer split, test once; accuracy, UAR, confusion", cmd_evaluate},
    {"features", "named feature vectors (seed, prosody, full or composed) per file, CSV/JSON/NPY", cmd_features},
    {"info", "audio facts: format, rate, channels, duration, peak and RMS level", cmd_info},
    {"predict", "label and per-class probabilities per input with a model file (-m)", cmd_predict},
    {"serve", "HTTP + WebSocket server of live analysis and the agents' dashboard (-m MODEL)", cmd_serve},
    {"stream", "live analysis of a call: PCM in, JSON-lines emotion / alert events out", cmd_stream},
    {"train", "tune (cross-validated search) and train a model; write a model file", cmd_train},
    {NULL, NULL, NULL},
};

static void print_usage(FILE *out)
{
    fprintf(out,
            "Usage: ser COMMAND [OPTIONS] [ARGS]\n"
            "Speech emotion recognition: audio facts, corpora, features, models and live analysis.\n\n"
            "Commands:\n");
    for (const ser_command *c = ser_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out,
            "\nOptions:\n"
            "  -h, --help     show this help (or 'ser COMMAND --help')\n"
            "  --version      print the version\n\n"
            "Exit codes: 0 ok, 1 runtime error, 2 usage error, 3 some inputs skipped.\n"
            "See docs/cli.md and ser(1).\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return SER_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        if (strcmp(name, "help") == 0 && argc > 2) {
            for (const ser_command *c = ser_commands; c->name; c++)
                if (strcmp(c->name, argv[2]) == 0) {
                    char *help_argv[] = {argv[2], "--help", NULL};
                    return c->run(2, help_argv);
                }
            return cli_usage_error(NULL, "unknown command '%s'", argv[2]);
        }
        print_usage(stdout);
        return SER_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("ser %s (libser %s)\n", SER_VERSION_STRING, ser_version());
        return SER_EXIT_OK;
    }
    for (const ser_command *c = ser_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c->run(argc - 1, argv + 1);
    if (name[0] == '-')
        return cli_usage_error(NULL, "unknown option '%s'", name);
    return cli_usage_error(NULL, "unknown command '%s'", name);
}
