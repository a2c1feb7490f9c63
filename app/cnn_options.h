/* cnn_options.h - the options of `--kind cnn` (ser train, ser evaluate):
 * network (--filters, --dropout, --mels, --frames), optimiser
 * (--optimizer, --lr, --momentum, --weight-decay, --lr-schedule),
 * training (--epochs, --batch, --patience), augmentation (--augment,
 * --aug-*, --spec-*), and the common options that apply to a CNN
 * (--search, --n-iter, --class-weight). */
#ifndef SER_APP_CNN_OPTIONS_H
#define SER_APP_CNN_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "cnn_images.h"
#include "ml_options.h"
#include "ser/class_weight.h"
#include "ser/cnn.h"

enum { CNN_OPT_EPOCHS = 4000, CNN_OPT_LR, CNN_OPT_BATCH, CNN_OPT_FILTERS, CNN_OPT_PATIENCE, CNN_OPT_FRAMES, CNN_OPT_IMAGES_OUT,
       CNN_OPT_AUGMENT, CNN_OPT_AUG_SPEED, CNN_OPT_AUG_SHIFT, CNN_OPT_AUG_GAIN, CNN_OPT_AUG_NOISE, CNN_OPT_AUG_SNR,
       CNN_OPT_AUG_TELEPHONE, CNN_OPT_SPEC_FREQ, CNN_OPT_SPEC_TIME, CNN_OPT_MELS, CNN_OPT_DROPOUT, CNN_OPT_OPTIMIZER,
       CNN_OPT_MOMENTUM, CNN_OPT_WEIGHT_DECAY, CNN_OPT_LR_SCHEDULE, CNN_OPT_MIXUP };

#define CNN_LONG_OPTIONS                                                                                        \
    {"epochs", required_argument, NULL, CNN_OPT_EPOCHS}, {"lr", required_argument, NULL, CNN_OPT_LR},          \
        {"batch", required_argument, NULL, CNN_OPT_BATCH}, {"filters", required_argument, NULL, CNN_OPT_FILTERS}, \
        {"patience", required_argument, NULL, CNN_OPT_PATIENCE}, {"frames", required_argument, NULL, CNN_OPT_FRAMES},     \
        {"images-out", required_argument, NULL, CNN_OPT_IMAGES_OUT},                                          \
        {"augment", required_argument, NULL, CNN_OPT_AUGMENT}, {"aug-speed", required_argument, NULL, CNN_OPT_AUG_SPEED}, \
        {"aug-shift", required_argument, NULL, CNN_OPT_AUG_SHIFT}, {"aug-gain", required_argument, NULL, CNN_OPT_AUG_GAIN}, \
        {"aug-noise", required_argument, NULL, CNN_OPT_AUG_NOISE}, {"aug-snr", required_argument, NULL, CNN_OPT_AUG_SNR}, \
        {"aug-telephone", required_argument, NULL, CNN_OPT_AUG_TELEPHONE},                                   \
        {"spec-freq", required_argument, NULL, CNN_OPT_SPEC_FREQ}, {"spec-time", required_argument, NULL, CNN_OPT_SPEC_TIME}, \
        {"mels", required_argument, NULL, CNN_OPT_MELS}, {"dropout", required_argument, NULL, CNN_OPT_DROPOUT},     \
        {"optimizer", required_argument, NULL, CNN_OPT_OPTIMIZER},                                             \
        {"momentum", required_argument, NULL, CNN_OPT_MOMENTUM},                                               \
        {"weight-decay", required_argument, NULL, CNN_OPT_WEIGHT_DECAY},                                       \
        {"lr-schedule", required_argument, NULL, CNN_OPT_LR_SCHEDULE},                                         \
        {"mixup", required_argument, NULL, CNN_OPT_MIXUP}

typedef struct cnn_options {
    ser_cnn_config net;          /* n_classes and seed set at training; --mels, --frames, --filters, --dropout */
    ser_cnn_train_config train;  /* optim: --optimizer, --lr, --momentum, --weight-decay, --lr-schedule */
    bool momentum_set;           /* --momentum given (SGD only) */
    ser_class_weight_mode class_weight; /* the common --class-weight (cnn_common_options) */
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

/* After parsing: --search random|none, --n-iter and --class-weight from
 * the common options into co (grid is a usage error), and the checks
 * between options (--momentum needs --optimizer sgd; a cosine schedule's
 * floor below the learning rate).  0, or -1 after printing. */
int cnn_common_options(const char *cmd, const ml_options *ml, cnn_options *co);

/* The loss's class weights for labels y[0..n) (co->class_weight;
 * balanced: n / (n_classes * count[k])) into w[n_classes].  Returns 0
 * with none (w untouched), 1 with weights, -1 on error (message in err). */
int cnn_class_weights(const cnn_options *co, const int *y, size_t n, size_t n_classes, double *w, ser_error *err);

/* "constant", "step" or "cosine". */
const char *cnn_schedule_name(ser_cnn_schedule schedule);

#endif
