/* feature_table.h - a feature CSV (ser features --format csv: header
 * "path,label,speaker,corpus,<names...>") read into a matrix with labels
 * and speakers, and the class selection of --labels / --merge applied. */
#ifndef SER_APP_FEATURE_TABLE_H
#define SER_APP_FEATURE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/labels.h"
#include "ser/status.h"

typedef struct feature_table {
    size_t n, dim;
    double *x;          /* n x dim */
    char **paths;       /* n */
    ser_label *labels;  /* n; SER_LABEL_NONE when the row has none */
    char **speakers;    /* n; NULL when empty */
    char **names;       /* dim */
    /* telephone copies (telephone_rows.h): rows [n_original, n) are copies
     * of rows copy_of[i - n_original]; use[i] holds SER_ROW_TRAIN /
     * SER_ROW_TEST bits (ser/evaluate.h).  n_original 0: no copies, use NULL. */
    size_t n_original;
    size_t *copy_of;
    unsigned char *use;
    /* after feature_table_classes: */
    int *y;             /* n class indices */
    int *speaker_ids;   /* n (-1 when unknown) */
    size_t n_speakers;
    size_t n_classes;
    ser_label class_labels[SER_LABEL_COUNT];
} feature_table;

/* Read the CSV.  need_labels: every row must have a known label (else
 * SER_ERR_LABEL naming the line).  Errors name the file and line. */
ser_status feature_table_read(const char *path, bool need_labels, feature_table *t, ser_error *err);

/* Apply a label map (rows mapped to SER_LABEL_NONE are dropped), then
 * number the remaining classes in canonical label order and the
 * speakers in name order. */
ser_status feature_table_classes(feature_table *t, const ser_label_map *map, ser_error *err);

/* The groups --speaker-norm standardises, one id per row into groups (n):
 * speaker x channel, i.e. a row's speaker id, and n_speakers + that id for
 * a telephone copy, so a speaker's telephone-band rows are standardised by
 * their own statistics as a live call by its own (-1: no speaker). */
void feature_table_norm_groups(const feature_table *t, int *groups);

void feature_table_free(feature_table *t);

#endif
