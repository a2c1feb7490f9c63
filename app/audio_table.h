/* audio_table.h - features of audio inputs as a feature table (the same
 * table `ser train/evaluate --features CSV` read), and the preprocessing
 * a model records so that `ser predict` repeats it:
 *   header "features"."config" = {"spec", "streaming", "sample_rate",
 *   "denoise": null|"nonstationary"|"stationary", "trim": null|TOP_DB,
 *   "normalize": null|{"mode": "peak"|"rms", "dbfs"}, "window": SECONDS (only when set)}. */
#ifndef SER_APP_AUDIO_TABLE_H
#define SER_APP_AUDIO_TABLE_H

#include <stdbool.h>

#include "audio_inputs.h"
#include "feature_table.h"
#include "ser/audio.h"
#include "ser/features.h"

/* Extract every item (threads, progress bar on stderr); rows that fail,
 * and (need_labels) rows with no label, go to errs.  Returns -1 with *t
 * filled (classes not yet numbered), else the exit code after printing. */
int audio_table_extract(const char *cmd, const audio_inputs *in, const ser_feature_set_config *set,
                        const ser_load_config *load, int threads, bool need_labels, feature_table *t,
                        batch_errors *errs);

/* The config object above as JSON text (cJSON_free it), or NULL. */
char *audio_table_config_json(const ser_feature_set_config *set, const ser_load_config *load);

/* Read that object back into *load (from ser_load_config_default) and
 * *spec / *streaming.  false when the object is absent or malformed. */
bool audio_table_config_parse(const char *header_json, ser_load_config *load, char *spec, size_t spec_len,
                              bool *streaming);

#endif
