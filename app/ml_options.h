/* ml_options.h - options shared by `ser train` and `ser evaluate`:
 * --kind, --search, --cv, --group, --score, --labels, --merge, --set,
 * --features, --speaker-norm, --seed, -j, and loading the data. */
#ifndef SER_APP_ML_OPTIONS_H
#define SER_APP_ML_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "audio_options.h"
#include "batch_errors.h"
#include "feature_table.h"
#include "ser/features.h"
#include "ser/protocol.h"
#include "ser/search.h"

#define ML_MAX_MERGES 64

enum {
    ML_OPT_KIND = 2000, ML_OPT_SEARCH, ML_OPT_CV, ML_OPT_GROUP, ML_OPT_SCORE, ML_OPT_LABELS, ML_OPT_MERGE,
    ML_OPT_SET, ML_OPT_FEATURES, ML_OPT_SPEAKER_NORM, ML_OPT_SEED, ML_OPT_N_ITER, ML_OPT_BALANCED,
    ML_OPT_DATA, ML_OPT_STREAMING, ML_OPT_AUGMENT_TEL, ML_OPT_TELEPHONE, ML_OPT_TEL_LOSS, ML_OPT_EXCLUDE, ML_OPT_PARAM,
    ML_OPT_GRID
};

#define ML_LONG_OPTIONS                                                                                       \
    {"kind", required_argument, NULL, ML_OPT_KIND}, {"search", required_argument, NULL, ML_OPT_SEARCH},      \
        {"cv", required_argument, NULL, ML_OPT_CV}, {"group", required_argument, NULL, ML_OPT_GROUP},        \
        {"score", required_argument, NULL, ML_OPT_SCORE}, {"labels", required_argument, NULL, ML_OPT_LABELS}, \
        {"merge", required_argument, NULL, ML_OPT_MERGE}, {"set", required_argument, NULL, ML_OPT_SET},      \
        {"features", required_argument, NULL, ML_OPT_FEATURES},                                               \
        {"speaker-norm", no_argument, NULL, ML_OPT_SPEAKER_NORM},                                             \
        {"seed", required_argument, NULL, ML_OPT_SEED}, {"n-iter", required_argument, NULL, ML_OPT_N_ITER},  \
        {"class-weight", required_argument, NULL, ML_OPT_BALANCED},                                           \
        {"data", required_argument, NULL, ML_OPT_DATA}, {"streaming", no_argument, NULL, ML_OPT_STREAMING},  \
        {"augment-telephone", optional_argument, NULL, ML_OPT_AUGMENT_TEL},                                   \
        {"telephone", no_argument, NULL, ML_OPT_TELEPHONE},                                                   \
        {"telephone-loss", required_argument, NULL, ML_OPT_TEL_LOSS},                                         \
        {"exclude-speakers", required_argument, NULL, ML_OPT_EXCLUDE},                                        \
        {"param", required_argument, NULL, ML_OPT_PARAM},                                                     \
        {"grid", required_argument, NULL, ML_OPT_GRID},                                                       \
        {"jobs", required_argument, NULL, 'j'}, CLI_AUDIO_LONG_OPTIONS

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
    /* audio inputs */
    ser_load_config load;       /* --sr, --denoise, --trim, --normalize, ... */
    bool streaming;             /* --streaming features */
    const char *data_root;      /* --data */
    double augment_telephone;   /* --augment-telephone[=SHARE]: share of clips also trained in telephone band */
    bool telephone;             /* --telephone (evaluate): test folds in telephone band */
    double telephone_loss;      /* --telephone-loss R: packet-loss rate of the telephone copies */
    const char *exclude_speakers; /* --exclude-speakers A,B: audio items of these speakers left out */
    /* --param NAME=VALUE: the base point (what --search none fits) */
    double param_c, param_gamma, param_rate; /* 0 = not given; gamma < 0: 'scale' */
    long param_depth, param_trees;           /* -1 = not given; depth 0 = unlimited */
    /* --grid NAME=V,V,...: the search's values of that hyper-parameter (n 0: the default grid) */
#define ML_MAX_GRID 32
    double grid_c[ML_MAX_GRID], grid_gamma[ML_MAX_GRID], grid_rate[ML_MAX_GRID];
    size_t grid_depth[ML_MAX_GRID], grid_trees[ML_MAX_GRID];
    size_t n_grid_c, n_grid_gamma, n_grid_rate, n_grid_depth, n_grid_trees;
    ser_feature_set_config *fset; /* parsed --set, after ml_load_table on audio (else NULL) */
    const char *source;         /* what the rows came from, for messages */
    batch_errors errors;        /* inputs skipped */
} ml_options;

void ml_options_default(ml_options *o);
/* Returns 1 handled, 0 not an ML option, -1 after a usage error (printed). */
int ml_option(const char *cmd, int opt, const char *arg, ml_options *o);
/* Build o->search from the options. */
void ml_options_finish(ml_options *o);
void ml_options_help(FILE *out);

/* Load the rows - from --features, or by extracting --set from the audio
 * inputs (or, with none, the protocol's corpus under --data) - and apply
 * --labels / --merge.  Skipped audio inputs are listed in o->errors.
 * Returns -1 on success, else an exit code after printing the error. */
int ml_load_table(const char *cmd, ml_options *o, char *const *inputs, int n_inputs, const ser_protocol *protocol,
                  feature_table *t);
/* Free what ml_load_table kept in o (feature set, error list). */
void ml_options_free(ml_options *o);

#endif
