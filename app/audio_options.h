/* audio_options.h - the options every command that reads audio shares:
 * --sr R|native, --channel mix|left|right|N, --raw ENC --rate R --channels N,
 * --denoise[=stationary|nonstationary], --normalize[=peak|rms[:DBFS]], --trim[=TOP_DB],
 * --window SECONDS.
 * Add CLI_AUDIO_LONG_OPTIONS to a getopt_long table and pass unknown option
 * ids to cli_audio_option(). */
#ifndef SER_APP_AUDIO_OPTIONS_H
#define SER_APP_AUDIO_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

#include "ser/audio.h"

enum {
    CLI_OPT_SR = 1000,
    CLI_OPT_CHANNEL,
    CLI_OPT_RAW,
    CLI_OPT_RATE,
    CLI_OPT_CHANNELS,
    CLI_OPT_DENOISE,
    CLI_OPT_NORMALIZE,
    CLI_OPT_TRIM,
    CLI_OPT_WINDOW
};

#define CLI_AUDIO_LONG_OPTIONS                                                                     \
    {"sr", required_argument, NULL, CLI_OPT_SR}, {"channel", required_argument, NULL, CLI_OPT_CHANNEL}, \
        {"raw", required_argument, NULL, CLI_OPT_RAW}, {"format", required_argument, NULL, CLI_OPT_RAW}, \
        {"rate", required_argument, NULL, CLI_OPT_RATE},                                            \
        {"channels", required_argument, NULL, CLI_OPT_CHANNELS},                                    \
        {"denoise", optional_argument, NULL, CLI_OPT_DENOISE},                                      \
        {"normalize", optional_argument, NULL, CLI_OPT_NORMALIZE},                                  \
        {"trim", optional_argument, NULL, CLI_OPT_TRIM}, {"window", required_argument, NULL, CLI_OPT_WINDOW}

/* Handle option `opt` (value `arg`) into *cfg.  Returns 1 when handled,
 * 0 when `opt` is not an audio option, -1 after printing a usage error. */
int cli_audio_option(const char *cmd, int opt, const char *arg, ser_load_config *cfg);

/* Check the combination (raw input needs --rate and --channels).
 * Returns 0, or -1 after printing a usage error. */
int cli_audio_options_check(const char *cmd, const ser_load_config *cfg);

/* Help text for these options (for a command's --help). */
void cli_audio_options_help(FILE *out);

#endif
