/* cnn_train.h - `--kind cnn` for `ser train` and `ser evaluate`:
 * training on log-mel images with the CNN's options (cnn_options.h), the
 * learning curve printed per epoch, and the curves with the training
 * settings as the model's metrics JSON. */
#ifndef SER_APP_CNN_TRAIN_H
#define SER_APP_CNN_TRAIN_H

#include <stdio.h>

#include "cnn_images.h"
#include "cnn_options.h"
#include "ml_options.h"
#include "ser/cnn.h"

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

/* {"kind":"cnn","speaker_norm":bool,"train":{epochs, batch_size, lr, optimizer, momentum
 * (sgd), weight_decay, lr_schedule{kind, step_epochs, gamma | lr_min},
 * class_weight, class_weights, patience, val_fraction, seed,
 * augment},"best_epoch","n_epochs","early_stop","curves":{train_loss,
 * train_acc, val_loss, val_acc}} (cJSON_free it), or NULL.
 * class_weights: the loss's n_classes weights, or NULL for none;
 * speaker_norm: the images were standardised per speaker (ser predict
 * then needs each speaker's clips). */
char *cnn_curves_json(const cnn_options *o, const ser_cnn_curves *c, const ser_cnn_search_result *sr,
                      unsigned long long seed, const double *class_weights, size_t n_classes, bool speaker_norm);

/* `ser train --kind cnn DATA... -o MODEL`: returns the exit code. */
int cnn_train_command(const char *cmd, ml_options *o, const cnn_options *co, char *const *inputs, int n_inputs,
                      const char *output, const char *command_line);

#endif
