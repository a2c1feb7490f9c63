/* cnn_train.h - `--kind cnn` for `ser train` and `ser evaluate`: the
 * CNN's options (--epochs, --lr, --batch, --filters, --patience,
 * --frames), training on log-mel images with the learning curve printed
 * per epoch, and the curves as the model's metrics JSON. */
#ifndef SER_APP_CNN_TRAIN_H
#define SER_APP_CNN_TRAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "cnn_images.h"
#include "ml_options.h"
#include "ser/cnn.h"

enum { CNN_OPT_EPOCHS = 4000, CNN_OPT_LR, CNN_OPT_BATCH, CNN_OPT_FILTERS, CNN_OPT_PATIENCE, CNN_OPT_FRAMES, CNN_OPT_IMAGES_OUT,
       CNN_OPT_AUGMENT, CNN_OPT_AUG_SPEED, CNN_OPT_AUG_SHIFT, CNN_OPT_AUG_GAIN, CNN_OPT_AUG_NOISE, CNN_OPT_AUG_SNR,
       CNN_OPT_AUG_TELEPHONE, CNN_OPT_SPEC_FREQ, CNN_OPT_SPEC_TIME };

#define CNN_LONG_OPTIONS                                                                                        \
    {"epochs", required_argument, NULL, CNN_OPT_EPOCHS}, {"lr", required_argument, NULL, CNN_OPT_LR},          \
        {"batch", required_argument, NULL, CNN_OPT_BATCH}, {"filters", required_argument, NULL, CNN_OPT_FILTERS}, \
        {"patience", required_argument, NULL, CNN_OPT_PATIENCE}, {"frames", required_argument, NULL, CNN_OPT_FRAMES},     \
        {"images-out", required_argument, NULL, CNN_OPT_IMAGES_OUT},                                          \
        {"augment", required_argument, NULL, CNN_OPT_AUGMENT}, {"aug-speed", required_argument, NULL, CNN_OPT_AUG_SPEED}, \
        {"aug-shift", required_argument, NULL, CNN_OPT_AUG_SHIFT}, {"aug-gain", required_argument, NULL, CNN_OPT_AUG_GAIN}, \
        {"aug-noise", required_argument, NULL, CNN_OPT_AUG_NOISE}, {"aug-snr", required_argument, NULL, CNN_OPT_AUG_SNR}, \
        {"aug-telephone", required_argument, NULL, CNN_OPT_AUG_TELEPHONE},                                   \
        {"spec-freq", required_argument, NULL, CNN_OPT_SPEC_FREQ}, {"spec-time", required_argument, NULL, CNN_OPT_SPEC_TIME}

typedef struct cnn_options {
    ser_cnn_config net;          /* n_classes and seed set at training */
    ser_cnn_train_config train;
    size_t threads;              /* training / inference threads (-j; OpenBLAS then runs one thread per call) */
    const char *images_out;      /* --images-out: write the images and labels as NumPy files */
    cnn_augment aug;             /* --augment N copies per training clip, --aug-* (seed set at loading) */
    bool search;                 /* --search random: ser_cnn_search over lr, batch, width, depth */
    ser_cnn_search_config search_cfg; /* n_iter from --n-iter; seed and threads set at fitting */
    bool any;                    /* a CNN option was given */
} cnn_options;

void cnn_options_default(cnn_options *o);
/* 1 handled, 0 not a CNN option, -1 after a usage error (printed). */
int cnn_option(const char *cmd, int opt, const char *arg, cnn_options *o);
void cnn_options_help(FILE *out);

/* --search random|none and --n-iter from the common options into co
 * (grid is a usage error).  0, or -1 after printing. */
int cnn_search_options(const char *cmd, const ml_options *ml, cnn_options *co);

/* Train a network on n images (labels y, n_classes) with seed; prints the
 * learning curve (to `out`, NULL for none), marking the kept epoch and an
 * early stop.  *net and *curves are the caller's to free.  Returns -1 on
 * success, else an exit code after printing. */
int cnn_fit(const char *cmd, const cnn_options *o, const float *images, const int *y, size_t n, size_t n_classes,
            unsigned long long seed, FILE *out, ser_cnn **net, ser_cnn_curves *curves);
/* The same with augmented copies: extra[j] copies images[source[j]]
 * (ser_cnn_train_config.extra_images); with o->search a random search
 * (ser_cnn_search; its draws printed, kept in *sr when sr is non-NULL). */
int cnn_fit_extra(const char *cmd, const cnn_options *o, const float *images, const int *y, size_t n,
                  const float *extra, const size_t *source, size_t n_extra, size_t n_classes, unsigned long long seed,
                  FILE *out, ser_cnn **net, ser_cnn_curves *curves, ser_cnn_search_result *sr);

/* {"kind":"cnn","train":{epochs, batch_size, lr, patience, val_fraction,
 * seed},"best_epoch","n_epochs","early_stop","curves":{train_loss,
 * train_acc, val_loss, val_acc}} (cJSON_free it), or NULL. */
char *cnn_curves_json(const cnn_options *o, const ser_cnn_curves *c, const ser_cnn_search_result *sr,
                      unsigned long long seed);

/* `ser train --kind cnn DATA... -o MODEL`: returns the exit code. */
int cnn_train_command(const char *cmd, ml_options *o, const cnn_options *co, char *const *inputs, int n_inputs,
                      const char *output, const char *command_line);

#endif
