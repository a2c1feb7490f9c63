/* ml_options.h - options shared by `ser train` and `ser evaluate`:
 * --kind, --search, --cv, --group, --score, --labels, --merge, --set,
 * --features, --speaker-norm, --seed, -j, and loading the data. */
#ifndef SER_APP_ML_OPTIONS_H
#define SER_APP_ML_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "feature_table.h"
#include "ser/search.h"

#define ML_MAX_MERGES 64

enum {
    ML_OPT_KIND = 2000, ML_OPT_SEARCH, ML_OPT_CV, ML_OPT_GROUP, ML_OPT_SCORE, ML_OPT_LABELS, ML_OPT_MERGE,
    ML_OPT_SET, ML_OPT_FEATURES, ML_OPT_SPEAKER_NORM, ML_OPT_SEED, ML_OPT_N_ITER, ML_OPT_BALANCED
};

#define ML_LONG_OPTIONS                                                                                       \
    {"kind", required_argument, NULL, ML_OPT_KIND}, {"search", required_argument, NULL, ML_OPT_SEARCH},      \
        {"cv", required_argument, NULL, ML_OPT_CV}, {"group", required_argument, NULL, ML_OPT_GROUP},        \
        {"score", required_argument, NULL, ML_OPT_SCORE}, {"labels", required_argument, NULL, ML_OPT_LABELS}, \
        {"merge", required_argument, NULL, ML_OPT_MERGE}, {"set", required_argument, NULL, ML_OPT_SET},      \
        {"features", required_argument, NULL, ML_OPT_FEATURES},                                               \
        {"speaker-norm", no_argument, NULL, ML_OPT_SPEAKER_NORM},                                             \
        {"seed", required_argument, NULL, ML_OPT_SEED}, {"n-iter", required_argument, NULL, ML_OPT_N_ITER},  \
        {"class-weight", required_argument, NULL, ML_OPT_BALANCED}

typedef struct ml_options {
    ser_model_kind kind;
    bool kind_set, search_set;
    ser_search_config search; /* filled by ml_options_finish */
    ser_search_method method;
    size_t cv;
    bool group_speaker;
    ser_search_score score;
    size_t n_iter;
    const char *labels;
    const char *merges[ML_MAX_MERGES];
    size_t n_merges;
    const char *set;
    const char *features;
    bool speaker_norm;
    unsigned long long seed;
    int threads;
    ser_class_weight_mode class_weight;
} ml_options;

void ml_options_default(ml_options *o);
/* Returns 1 handled, 0 not an ML option, -1 after a usage error (printed). */
int ml_option(const char *cmd, int opt, const char *arg, ml_options *o);
/* Build o->search from the options. */
void ml_options_finish(ml_options *o);
void ml_options_help(FILE *out);

/* Load the rows (from --features) and apply --labels / --merge.  Returns
 * -1 on success, else an exit code after printing the error. */
int ml_load_table(const char *cmd, const ml_options *o, int n_inputs, feature_table *t);

#endif
