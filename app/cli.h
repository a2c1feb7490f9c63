/* cli.h - shared plumbing for the `ser` commands: exit codes, usage errors,
 * option values, JSON output and a progress bar.  One file per command
 * (cmd_<name>.c) implements `int cmd_<name>(int argc, char **argv)`, with
 * argv[0] the command name. */
#ifndef SER_APP_CLI_H
#define SER_APP_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cJSON.h>

/* Exit codes (docs/cli.md). */
enum {
    SER_EXIT_OK = 0,      /* every input used */
    SER_EXIT_RUNTIME = 1, /* runtime error, or no input usable */
    SER_EXIT_USAGE = 2,   /* bad command line */
    SER_EXIT_PARTIAL = 3  /* some inputs skipped (listed) */
};

/* Print "ser CMD: message" and a hint to stderr; returns SER_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Print "ser CMD: message" to stderr (runtime error); returns SER_EXIT_RUNTIME. */
int cli_runtime_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Exit code of a batch: 0 all used, 3 some skipped, 1 none usable. */
int cli_batch_exit(size_t used, size_t failed);

/* True when argv holds -h/--help before any "--". */
bool cli_wants_help(int argc, char **argv);

/* Parse "--sr" values: a positive integer rate or "native" (-> 0). */
bool cli_parse_sample_rate(const char *text, int *rate);
/* Parse a non-negative integer / a double; false on junk or overflow. */
bool cli_parse_long(const char *text, long min, long max, long *out);
bool cli_parse_double(const char *text, double *out);
/* --agent-channel left|right -> 0|1; false for anything else. */
bool cli_parse_agent_channel(const char *s, int *channel);

/* Root of the shared corpora: --data value, else $SER_DATA, else the
 * build-time default (../shared/data beside the source tree). */
const char *cli_data_root(const char *option_value);

/* Load the suggestion rules for the live commands: `option` (--rules),
 * else $SER_RULES, else the installed share/ser/rules.json, else the source
 * tree's copy; nothing when no_rules.  Returns -1 when done, or an exit code
 * after printing the error. */
struct ser_rules;
int cli_load_rules(const char *cmd, const char *option, bool no_rules, struct ser_rules **rules);

/* Print a cJSON value to stdout (pretty when stdout is a terminal) and
 * free it.  Returns false on allocation failure. */
bool cli_print_json(cJSON *json);

/* Progress bar on stderr, drawn only when stderr is a terminal. */
typedef struct cli_progress {
    const char *label;
    size_t total;
    size_t done;
    bool enabled;
    double started;
} cli_progress;
void cli_progress_start(cli_progress *p, const char *label, size_t total);
void cli_progress_step(cli_progress *p, size_t done);
void cli_progress_finish(cli_progress *p);

#endif
