/* Shared plumbing for the ser commands. */
#include "cli.h"

#include "ser/rules.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void vreport(const char *cmd, const char *fmt, va_list ap)
{
    fprintf(stderr, "ser%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cmd, fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try 'ser %s%s--help' for more information.\n", cmd ? cmd : "", cmd ? " " : "");
    return SER_EXIT_USAGE;
}

int cli_runtime_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cmd, fmt, ap);
    va_end(ap);
    return SER_EXIT_RUNTIME;
}

int cli_batch_exit(size_t used, size_t failed)
{
    if (used == 0)
        return SER_EXIT_RUNTIME;
    return failed ? SER_EXIT_PARTIAL : SER_EXIT_OK;
}

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return false;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return true;
    }
    return false;
}

bool cli_parse_long(const char *text, long min, long max, long *out)
{
    if (!text || !*text)
        return false;
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

bool cli_parse_double(const char *text, double *out)
{
    if (!text || !*text)
        return false;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool cli_parse_sample_rate(const char *text, int *rate)
{
    if (text && strcmp(text, "native") == 0) {
        *rate = 0;
        return true;
    }
    long v;
    if (!cli_parse_long(text, 1000, 768000, &v))
        return false;
    *rate = (int)v;
    return true;
}

const char *cli_data_root(const char *option_value)
{
    if (option_value && *option_value)
        return option_value;
    const char *env = getenv("SER_DATA");
    if (env && *env)
        return env;
    return SER_DEFAULT_SHARED_DIR "/data";
}

bool cli_print_json(cJSON *json)
{
    char *text = isatty(STDOUT_FILENO) ? cJSON_Print(json) : cJSON_PrintUnformatted(json);
    cJSON_Delete(json);
    if (!text)
        return false;
    fputs(text, stdout);
    fputc('\n', stdout);
    free(text);
    return true;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void cli_progress_start(cli_progress *p, const char *label, size_t total)
{
    p->label = label;
    p->total = total;
    p->done = 0;
    p->enabled = isatty(STDERR_FILENO) && total > 0;
    p->started = now_seconds();
}

void cli_progress_step(cli_progress *p, size_t done)
{
    p->done = done;
    if (!p->enabled)
        return;
    const int width = 30;
    int filled = (int)((double)width * (double)done / (double)p->total);
    double elapsed = now_seconds() - p->started;
    double eta = done ? elapsed * (double)(p->total - done) / (double)done : 0.0;
    fprintf(stderr, "\r%s [", p->label);
    for (int i = 0; i < width; i++)
        fputc(i < filled ? '#' : '.', stderr);
    fprintf(stderr, "] %zu/%zu  %.0fs left ", done, p->total, eta);
    fflush(stderr);
}

void cli_progress_finish(cli_progress *p)
{
    if (p->enabled)
        fputs("\r\033[K", stderr);
}

int cli_load_rules(const char *cmd, const char *option, bool no_rules, ser_rules **rules)
{
    *rules = NULL;
    if (no_rules)
        return -1;
    const char *path = option ? option : getenv("SER_RULES");
    if (!path)
        path = access(SER_RULES_INSTALLED, R_OK) == 0 ? SER_RULES_INSTALLED : SER_RULES_SOURCE;
    ser_error err = {0};
    if (ser_rules_load(path, rules, &err))
        return cli_runtime_error(cmd, "%s", err.message);
    return -1;
}

bool cli_parse_agent_channel(const char *s, int *channel)
{
    if (!strcmp(s, "left"))
        *channel = 0;
    else if (!strcmp(s, "right"))
        *channel = 1;
    else
        return false;
    return true;
}
