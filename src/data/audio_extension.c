/* The audio file extensions every corpus convention accepts. */
#include <string.h>
#include <strings.h>

#include "data/corpus_names.h"

bool ser__audio_extension(const char *name, size_t *stem_len)
{
    static const char *const extensions[] = {".wav", ".flac", ".mp3", ".ogg"};
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        size_t n = strlen(extensions[i]);
        if (len > n && strcasecmp(name + len - n, extensions[i]) == 0) {
            if (stem_len)
                *stem_len = len - n;
            return true;
        }
    }
    return false;
}
