/* The evaluation protocols of shared/data/README.md as presets. */
#include "ser/protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ser_protocol protocols[] = {
    {"ravdess4-random", "ravdess", "neutral,happy,sad,angry", SER_SPLIT_TRAIN_TEST, 0.2, NULL, 5,
     "RAVDESS neutral/happy/sad/angry, stratified 80/20 split, seeds 0-4"},
    {"ravdess8-si", "ravdess", NULL, SER_SPLIT_SPEAKER_GROUPS, 0.2, "1-4,5-8,9-12,13-16,17-20,21-24", 1,
     "RAVDESS 8 classes, 6 folds grouped by actor (1-4, 5-8, ..., 21-24)"},
    {"emodb7-loso", "emodb", NULL, SER_SPLIT_LOSO, 0.2, NULL, 1, "EmoDB 7 classes, leave one speaker out (10 folds)"},
    {"turev4-si", "turevdb", NULL, SER_SPLIT_LOSO, 0.2, NULL, 1, "TurEV-DB 4 classes, one fold per speaker (6 folds)"},
};
#define N_PROTOCOLS (sizeof protocols / sizeof protocols[0])

size_t ser_protocol_count(void) { return N_PROTOCOLS; }

const ser_protocol *ser_protocol_at(size_t index) { return index < N_PROTOCOLS ? &protocols[index] : NULL; }

const ser_protocol *ser_protocol_find(const char *name)
{
    for (size_t i = 0; name && i < N_PROTOCOLS; i++)
        if (strcmp(protocols[i].name, name) == 0)
            return &protocols[i];
    return NULL;
}

ser_status ser_protocol_label_map(const ser_protocol *protocol, ser_label_map *map, ser_error *err)
{
    if (!protocol || !map)
        return ser_error_set(err, SER_ERR_ARG, "ser_protocol_label_map: NULL argument");
    return ser_label_map_build(map, protocol->labels, NULL, 0, err);
}

void ser_protocol_split_config(const ser_protocol *protocol, size_t repeat, ser_split_config *config)
{
    ser_split_config_default(config);
    config->kind = protocol->split;
    config->test_fraction = protocol->test_fraction;
    config->groups = protocol->groups;
    config->seed = (uint64_t)repeat;
}

ser_status ser_protocol_load(const ser_protocol *protocol, const char *data_root, ser_dataset **out, ser_error *err)
{
    if (!protocol || !data_root || !out)
        return ser_error_set(err, SER_ERR_ARG, "ser_protocol_load: NULL argument");
    *out = NULL;
    ser_label_map map;
    ser_status st = ser_protocol_label_map(protocol, &map, err);
    if (st != SER_OK)
        return st;
    size_t len = strlen(data_root) + strlen(protocol->corpus) + 2;
    char *dir = malloc(len);
    ser_dataset *ds = ser_dataset_create(&st);
    if (!dir || !ds) {
        free(dir);
        ser_dataset_destroy(ds);
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory loading %s", protocol->name);
    }
    snprintf(dir, len, "%s/%s", data_root, protocol->corpus);
    st = ser_dataset_add(ds, dir, err);
    if (st == SER_OK)
        st = ser_dataset_apply_labels(ds, &map, err);
    if (st == SER_OK && ser_dataset_count(ds) == 0)
        st = ser_error_set(err, SER_ERR_EMPTY, "%s: no usable files for protocol %s", dir, protocol->name);
    free(dir);
    if (st != SER_OK) {
        ser_dataset_destroy(ds);
        return st;
    }
    *out = ds;
    return SER_OK;
}
