/* ser/protocol.h - the evaluation protocols we report
 * (shared/data/README.md), as named presets: which corpus, which classes,
 * which split.  The models and evaluate commands take them by name.
 *
 *   ravdess4-random  RAVDESS neutral/happy/sad/angry (672 files), stratified
 *                    80/20 train/test, split seeds 0-4 (5 repeats).
 *   ravdess8-si      RAVDESS, all 8 classes, 6 folds of actors 1-4, 5-8, ...
 *   emodb7-loso      EmoDB, all 7 classes, leave one speaker out (10 folds).
 *   turev4-si        TurEV-DB, 4 classes, one fold per speaker (6 folds). */
#ifndef SER_PROTOCOL_H
#define SER_PROTOCOL_H

#include <stddef.h>

#include "ser/dataset.h"
#include "ser/labels.h"
#include "ser/split.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_protocol {
    const char *name;     /* "ravdess4-random" */
    const char *corpus;   /* folder under the data root: "ravdess" */
    const char *labels;   /* class selection for ser_label_map_build ("neutral,happy,sad,angry") */
    ser_split_kind split; /* how to split */
    double test_fraction; /* SER_SPLIT_TRAIN_TEST */
    const char *groups;   /* SER_SPLIT_SPEAKER_GROUPS spec */
    size_t n_repeats;     /* splits are repeated with seeds 0 .. n_repeats-1 */
    const char *summary;  /* one line for help texts */
} ser_protocol;

size_t ser_protocol_count(void);
const ser_protocol *ser_protocol_at(size_t index); /* NULL when out of range */
const ser_protocol *ser_protocol_find(const char *name); /* NULL when unknown */

/* The label map of the protocol's class selection. */
ser_status ser_protocol_label_map(const ser_protocol *protocol, ser_label_map *map, ser_error *err);

/* The split configuration of repeat r (seed r). */
void ser_protocol_split_config(const ser_protocol *protocol, size_t repeat, ser_split_config *config);

/* Scan data_root/corpus and keep the protocol's classes.  The dataset's
 * issue list says what was skipped.  SER_ERR_EMPTY when nothing is left. */
ser_status ser_protocol_load(const ser_protocol *protocol, const char *data_root, ser_dataset **out,
                             ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
