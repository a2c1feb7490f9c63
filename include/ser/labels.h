/* ser/labels.h - canonical emotion labels, corpus synonyms, and the label
 * map behind `--labels a,b,c` (select classes) and `--merge calm=neutral`
 * (map one label onto another).
 *
 * Every corpus is read into the same closed set of canonical labels, so
 * models trained on one corpus name their classes like models trained on
 * another.  The set and its order are fixed (the enum order below is the
 * order classes are listed in everywhere: counts, class lists, reports). */
#ifndef SER_LABELS_H
#define SER_LABELS_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_label {
    SER_LABEL_NONE = -1, /* no label / dropped by a selection */
    SER_LABEL_NEUTRAL = 0,
    SER_LABEL_CALM,
    SER_LABEL_HAPPY,
    SER_LABEL_SAD,
    SER_LABEL_ANGRY,
    SER_LABEL_FEARFUL,
    SER_LABEL_DISGUST,
    SER_LABEL_SURPRISED,
    SER_LABEL_BOREDOM,
    SER_LABEL_COUNT /* number of canonical labels (9) */
} ser_label;

/* Canonical name ("neutral", "calm", ...); NULL when out of range. */
const char *ser_label_name(ser_label label);

/* Parse a label name, case-insensitively, ignoring surrounding blanks:
 * the canonical names plus corpus synonyms (anger -> angry, fear ->
 * fearful, happiness -> happy, sadness -> sad, ps / pleasant_surprise /
 * surprise -> surprised, bored -> boredom, disgusted -> disgust, ...).
 * Returns SER_ERR_LABEL (and leaves *out alone) for anything else. */
ser_status ser_label_parse(const char *text, ser_label *out);

/* A label map: for each canonical label, the label it becomes
 * (itself, another label after a merge, or SER_LABEL_NONE = dropped).
 * A plain value; build it with ser_label_map_build(). */
typedef struct ser_label_map {
    ser_label to[SER_LABEL_COUNT];
} ser_label_map;

/* The identity map: every label kept as itself. */
void ser_label_map_identity(ser_label_map *map);

/* Build a map from a class selection and merges.
 *   select: "a,b,c" - the classes to keep, named AFTER merging; NULL or
 *           "" keeps every class.  Duplicates are allowed.
 *   merges: n_merges strings, each "from=to[,from=to...]" (the values of
 *           repeated --merge options).  Chains resolve transitively
 *           (a=b,b=c maps a and b to c).
 * Usage errors (SER_ERR_LABEL, with a message naming the culprit): an
 * unknown label, an empty item, a malformed merge, a label merged into two
 * different targets, a merge cycle (a=b,b=a; a=a), or selecting a label
 * that was merged away.  On error *map is unspecified. */
ser_status ser_label_map_build(ser_label_map *map, const char *select, const char *const *merges,
                               size_t n_merges, ser_error *err);

/* The label `label` becomes under `map` (SER_LABEL_NONE when dropped or
 * when `label` is out of range). */
ser_label ser_label_map_apply(const ser_label_map *map, ser_label label);

#ifdef __cplusplus
}
#endif
#endif
