/* dataset_internal.h (private) - the dataset container as its scanners see it. */
#ifndef SER_DATA_DATASET_INTERNAL_H
#define SER_DATA_DATASET_INTERNAL_H

#include <stdbool.h>
#include "ser/dataset.h"

typedef struct ser__dataset_entry {
    ser_dataset_item item; /* strings owned (malloc'd) */
    char *origin;          /* where it came from, for duplicate messages ("calls.csv line 3"), or NULL */
} ser__dataset_entry;

struct ser_dataset {
    ser__dataset_entry *entries;
    size_t n_entries, cap_entries;
    ser_dataset_issue *issues; /* strings owned */
    size_t n_issues, cap_issues;
};

/* Append an item (strings copied; speaker and origin may be NULL). */
ser_status ser__dataset_push_item(ser_dataset *ds, const char *path, ser_label label, const char *speaker,
                                  const char *corpus, const char *origin);

/* Append an issue; the reason is printf-formatted. */
ser_status ser__dataset_push_issue(ser_dataset *ds, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Remove entries [first_new, n) whose path equals an earlier entry's,
 * listing each as an issue. */
ser_status ser__dataset_drop_duplicates(ser_dataset *ds, size_t first_new);

/* Drop entries [keep, n) / issues [keep, n) (to roll back a failed input). */
void ser__dataset_truncate(ser_dataset *ds, size_t keep);
void ser__dataset_truncate_issues(ser_dataset *ds, size_t keep);

/* Inputs. */
ser_status ser__dataset_scan_dir(ser_dataset *ds, const char *root, ser_error *err);
ser_status ser__dataset_read_manifest(ser_dataset *ds, const char *manifest, ser_error *err);
ser_status ser__dataset_add_file(ser_dataset *ds, const char *path, ser_error *err);

/* Classify one audio-or-not file found on disk: name conventions first,
 * then `folder_label` (nearest enclosing label folder, or
 * SER_LABEL_NONE); anything else becomes an issue.  `name` is the base
 * name, `parent` the name of its folder (may be NULL). */
/* Documentation beside audio (README.md, LICENSE, *.txt, *.csv ...): a directory scan skips it silently. */
bool ser__is_document_name(const char *name);
ser_status ser__dataset_classify(ser_dataset *ds, const char *path, const char *name, const char *parent,
                                 ser_label folder_label);

/* strerror without shared buffers: writes into buf, returns buf. */
const char *ser__errno_text(int errnum, char *buf, size_t cap);

/* strerror without shared buffers: writes into buf, returns buf. */
const char *ser__errno_text(int errnum, char *buf, size_t cap);

#endif
