/* corpus_names.h (private) - the file-name conventions of the emotional
 * speech corpora (shared/data/README.md) and the audio extensions. */
#ifndef SER_DATA_CORPUS_NAMES_H
#define SER_DATA_CORPUS_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/labels.h"

typedef struct ser__name_info {
    const char *corpus; /* static: "ravdess", "cremad", "turevdb", "tess", "savee", "emodb" */
    char speaker[16];   /* speaker id within the corpus: "01", "1001", "OAF", "DC" */
    ser_label label;
} ser__name_info;

typedef enum ser__name_match {
    SER__NAME_NO_MATCH = 0, /* not shaped like any corpus name */
    SER__NAME_OK = 1,       /* parsed into *info */
    SER__NAME_BAD = -1      /* shaped like a corpus name, but a code is wrong: see reason */
} ser__name_match;

/* Parse a file name without its extension (`stem`, `stem_len` bytes).
 * `parent` is the name of the folder holding the file (NULL if unknown):
 * SAVEE's original layout keeps the speaker there (JK/a01.wav).  On
 * SER__NAME_BAD, reason (cap bytes) says what is wrong. */
ser__name_match ser__corpus_parse_name(const char *stem, size_t stem_len, const char *parent, ser__name_info *info,
                                       char *reason, size_t cap);

/* True when `name` ends in .wav, .flac, .mp3 or .ogg (any case); *stem_len
 * receives the length without the extension. */
bool ser__audio_extension(const char *name, size_t *stem_len);

/* Extensions accepted, for messages. */
#define SER__AUDIO_EXTENSIONS ".wav, .flac, .mp3 or .ogg"

#endif
