/* audio_inputs.h - the audio inputs of a batch command (files, folders,
 * CSV manifests, or a protocol's corpus under the data root) as a list of
 * dataset items.  A plain audio file whose name follows no corpus
 * convention is kept with no label (ser predict needs none); files that
 * cannot be used go to the error list. */
#ifndef SER_APP_AUDIO_INPUTS_H
#define SER_APP_AUDIO_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

#include "batch_errors.h"
#include "ser/dataset.h"
#include "ser/labels.h"
#include "ser/protocol.h"

typedef struct audio_inputs {
    ser_dataset *ds;
    ser_dataset_item *items; /* strings owned by ds or argv */
    size_t n;
} audio_inputs;

/* Collect inputs[0..n_inputs) or, with n_inputs == 0 and a protocol, the
 * protocol's corpus under data_root.  map (may be NULL) selects and
 * merges the labelled items (those mapped to none are dropped, not
 * errors).  Returns -1 on success, else the exit code after printing. */
int audio_inputs_collect(const char *cmd, char *const *inputs, int n_inputs, const ser_protocol *protocol,
                         const char *data_root, const ser_label_map *map, audio_inputs *out, batch_errors *errs);
void audio_inputs_free(audio_inputs *in);

#endif
