/* ser/dataset.h - labelled corpora: scan directories and CSV manifests into
 * a list of (path, label, speaker, corpus) items.
 *
 * Inputs (ser_dataset_add):
 *   - a directory, scanned recursively in byte-wise sorted order (the
 *     result never depends on readdir order); hidden entries (".x") are
 *     skipped, symbolic links followed (link cycles detected);
 *   - a CSV manifest (a path ending in ".csv", any case): see below;
 *   - a single audio file.
 * Audio files are recognised by extension only (.wav .flac .mp3 .ogg, any
 * case); nothing is decoded here.
 *
 * How a file in a directory gets its label, speaker and corpus (first rule
 * that applies wins):
 *   1. its name follows a corpus convention (shared/data/README.md):
 *        RAVDESS   03-01-EE-II-SS-RR-AA      -> "ravdess", speaker AA
 *        CREMA-D   1001_DFA_ANG_XX           -> "cremad",  speaker 1001
 *        TurEV-DB  1157_kz_word              -> "turevdb", speaker 1157
 *        TESS      OAF_back_angry            -> "tess",    speaker OAF
 *        SAVEE     DC_a01, or a01 in a DC/ JE/ JK/ KL/ folder -> "savee"
 *        EmoDB     03a01Fa                   -> "emodb",   speaker 03
 *      The code in the name decides the label (a TurEV-DB file in
 *      turevdb/Angry/ is labelled by its kz/sk/mt/hl code, not the folder).
 *   2. else the nearest enclosing folder (up to and including the scanned
 *      directory itself) whose name is a label or synonym ("angry",
 *      "Anger", "ps"): the label-folder layout.  Corpus "folder", no speaker.
 *   3. else the file is skipped and listed as an issue: "unsupported
 *      extension", "unknown naming convention", or, for a name shaped like a
 *      corpus name but with a bad code, what is wrong with it.
 * Speakers are namespaced by corpus: "ravdess:01", "emodb:03", "tess:OAF".
 *
 * CSV manifests: rows "path,label[,speaker]" (RFC 4180: quoted fields,
 * "" escapes, newlines inside quotes), optional UTF-8 BOM, LF or CRLF line
 * ends, blank lines ignored.  The first row is a header when it names the
 * columns (path/file/filename, label/emotion/class, speaker); a header
 * may reorder the columns.  Relative paths are relative to the manifest's
 * folder.  The label may be any name ser_label_parse() accepts.  The
 * corpus is the manifest's base name without ".csv" ("calls.csv" ->
 * "calls") and a speaker "07" becomes "calls:07"; a speaker already holding
 * ':' ("ravdess:01") is kept as is, and its prefix is the corpus.  Without a
 * speaker column, a file whose name follows a corpus convention gets the
 * speaker and corpus of that convention (the manifest's label still wins).
 * Rows whose file is missing, whose extension is not audio, or whose label
 * is unknown are listed as issues ("calls.csv line 5: ...").
 *
 * Duplicates: an item whose path equals an earlier item's (within or
 * across inputs) is dropped and listed as an issue, saying whether the
 * labels agree.  Paths are compared as strings, as given.
 *
 * A dataset never decodes or opens audio; it is not thread-safe to modify,
 * safe to read from several threads. */
#ifndef SER_DATASET_H
#define SER_DATASET_H

#include <stddef.h>

#include "ser/labels.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_dataset ser_dataset;

/* One usable file.  Strings are owned by the dataset and live until it is
 * destroyed or modified (ser_dataset_add, ser_dataset_apply_labels). */
typedef struct ser_dataset_item {
    const char *path;    /* the file: scanned directory joined with its relative path,
                            or the manifest's folder joined with the row's path */
    ser_label label;     /* canonical label (after ser_dataset_apply_labels: mapped) */
    const char *speaker; /* "corpus:id", or NULL when unknown (label folders) */
    const char *corpus;  /* "ravdess", "cremad", "tess", "emodb", "savee", "turevdb",
                            "folder", or a manifest's name */
} ser_dataset_item;

/* A file or input that could not be used, and why. */
typedef struct ser_dataset_issue {
    const char *path;
    const char *reason; /* e.g. "unknown naming convention", "calls.csv line 5: unknown label 'x'" */
} ser_dataset_issue;

/* An empty dataset; NULL (and *err = SER_ERR_NOMEM) on allocation failure. */
ser_dataset *ser_dataset_create(ser_status *err);
void ser_dataset_destroy(ser_dataset *ds);

/* Add a directory, a ".csv" manifest or an audio file (rules above).
 * Files that cannot be used are listed as issues and do not make this
 * fail.  Fails (and lists `path` itself as an issue, so the issue list
 * is the complete account) when the input cannot be used at all:
 * SER_ERR_NOT_FOUND (missing), SER_ERR_IO (unreadable), SER_ERR_PARSE
 * (malformed CSV: unterminated quote; nothing of it is added),
 * SER_ERR_UNSUPPORTED (not a directory, manifest or audio file),
 * SER_ERR_NOMEM (the input's items are rolled back; issues found so far stay). */
ser_status ser_dataset_add(ser_dataset *ds, const char *path, ser_error *err);

/* Items, in input order (each directory in sorted order, each manifest in
 * row order). */
size_t ser_dataset_count(const ser_dataset *ds);
const ser_dataset_item *ser_dataset_item_at(const ser_dataset *ds, size_t index);

/* Issues, in the order they were found. */
size_t ser_dataset_issue_count(const ser_dataset *ds);
const ser_dataset_issue *ser_dataset_issue_at(const ser_dataset *ds, size_t index);

/* Apply a label map (ser_label_map_build): items whose label maps to
 * SER_LABEL_NONE are removed (not issues: they were not asked for), the
 * others take the mapped label.  Order is kept. */
ser_status ser_dataset_apply_labels(ser_dataset *ds, const ser_label_map *map, ser_error *err);

/* counts[l] = number of items labelled l, for every canonical label. */
void ser_dataset_label_counts(const ser_dataset *ds, size_t counts[SER_LABEL_COUNT]);

/* Number the speakers: ids[i] = index of item i's speaker among the
 * distinct speakers sorted by name (strcmp), or -1 when the item has no
 * speaker.  names (optional, room for ser_dataset_count() pointers)
 * receives the speaker names in that order (owned by the dataset).
 * *n_speakers = number of distinct speakers.  SER_ERR_NOMEM on failure. */
ser_status ser_dataset_speaker_ids(const ser_dataset *ds, int *ids, const char **names, size_t *n_speakers,
                                   ser_error *err);

/* Class per item as an int (the ser_label value), for the split functions. */
void ser_dataset_classes(const ser_dataset *ds, int *classes);

#ifdef __cplusplus
}
#endif
#endif
