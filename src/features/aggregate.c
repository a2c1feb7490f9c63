/* Statistics over frames (see include/ser/aggregate.h for definitions). */
#include "ser/aggregate.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ser_status ser_stat_parse(const char *text, ser_stat *out)
{
    static const struct {
        const char *name;
        ser_stat_kind kind;
    } names[] = {{"mean", SER_STAT_MEAN}, {"var", SER_STAT_VAR}, {"std", SER_STAT_STD},
                 {"min", SER_STAT_MIN},   {"max", SER_STAT_MAX}, {"slope", SER_STAT_SLOPE}};
    if (!text || !out)
        return SER_ERR_ARG;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(text, names[i].name) == 0) {
            out->kind = names[i].kind;
            out->param = 0.0;
            return SER_OK;
        }
    if (text[0] == 'p' && text[1]) {
        char *end;
        double q = strtod(text + 1, &end);
        if (*end == '\0' && q >= 0.0 && q <= 100.0) {
            out->kind = SER_STAT_PERCENTILE;
            out->param = q;
            return SER_OK;
        }
    }
    return SER_ERR_PARSE;
}

const char *ser_stat_name(ser_stat stat, char *buf, size_t len)
{
    switch (stat.kind) {
    case SER_STAT_MEAN: snprintf(buf, len, "mean"); break;
    case SER_STAT_VAR: snprintf(buf, len, "var"); break;
    case SER_STAT_STD: snprintf(buf, len, "std"); break;
    case SER_STAT_MIN: snprintf(buf, len, "min"); break;
    case SER_STAT_MAX: snprintf(buf, len, "max"); break;
    case SER_STAT_SLOPE: snprintf(buf, len, "slope"); break;
    case SER_STAT_PERCENTILE: snprintf(buf, len, "p%g", stat.param); break;
    }
    return buf;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Percentile q of sorted[0..n), numpy 'linear' method. */
static double percentile_sorted(const double *sorted, size_t n, double q)
{
    double pos = q / 100.0 * (double)(n - 1);
    size_t lo = (size_t)floor(pos);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    double frac = pos - (double)lo;
    return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

#define AGGREGATE_BODY(T)                                                                          \
    if (!x && n_frames)                                                                            \
        return SER_ERR_ARG;                                                                        \
    if (!out || (n_stats && !stats) || stride == 0)                                                \
        return SER_ERR_ARG;                                                                        \
    double sum = 0.0, mn = INFINITY, mx = -INFINITY;                                               \
    for (size_t i = 0; i < n_frames; i++) {                                                        \
        double v = (double)x[i * stride];                                                          \
        sum += v;                                                                                  \
        if (v < mn)                                                                                \
            mn = v;                                                                                \
        if (v > mx)                                                                                \
            mx = v;                                                                                \
    }                                                                                              \
    double mean = n_frames ? sum / (double)n_frames : 0.0;                                         \
    double ss = 0.0, st = 0.0, stt = 0.0;                                                          \
    double tmean = n_frames ? (double)(n_frames - 1) / 2.0 : 0.0;                                  \
    for (size_t i = 0; i < n_frames; i++) {                                                        \
        double d = (double)x[i * stride] - mean;                                                   \
        double dt = (double)i - tmean;                                                             \
        ss += d * d;                                                                               \
        st += dt * d;                                                                              \
        stt += dt * dt;                                                                            \
    }                                                                                              \
    double var = n_frames ? ss / (double)n_frames : 0.0;                                           \
    bool sorted_ready = false;                                                                     \
    for (size_t s = 0; s < n_stats; s++) {                                                         \
        double v = 0.0;                                                                            \
        if (n_frames) {                                                                            \
            switch (stats[s].kind) {                                                               \
            case SER_STAT_MEAN: v = mean; break;                                                   \
            case SER_STAT_VAR: v = var; break;                                                     \
            case SER_STAT_STD: v = sqrt(var); break;                                               \
            case SER_STAT_MIN: v = mn; break;                                                      \
            case SER_STAT_MAX: v = mx; break;                                                      \
            case SER_STAT_SLOPE: v = stt > 0.0 ? st / stt * frame_rate : 0.0; break;               \
            case SER_STAT_PERCENTILE:                                                              \
                if (!scratch)                                                                      \
                    return SER_ERR_ARG;                                                            \
                if (!sorted_ready) {                                                               \
                    for (size_t i = 0; i < n_frames; i++)                                          \
                        scratch[i] = (double)x[i * stride];                                        \
                    qsort(scratch, n_frames, sizeof *scratch, compare_double);                     \
                    sorted_ready = true;                                                           \
                }                                                                                  \
                v = percentile_sorted(scratch, n_frames, stats[s].param);                          \
                break;                                                                             \
            }                                                                                      \
        }                                                                                          \
        out[s] = v;                                                                                \
    }                                                                                              \
    return SER_OK;

ser_status ser_aggregate_row(const float *x, size_t n_frames, size_t stride, double frame_rate,
                             const ser_stat *stats, size_t n_stats, double *scratch, double *out)
{
    AGGREGATE_BODY(float)
}

ser_status ser_aggregate_row_f64(const double *x, size_t n_frames, size_t stride, double frame_rate,
                                 const ser_stat *stats, size_t n_stats, double *scratch, double *out)
{
    AGGREGATE_BODY(double)
}
