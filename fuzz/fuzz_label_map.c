/* The label map behind --labels and --merge (ser_label_map_build): the
 * input is split at NUL bytes into the selection and up to 8 merges. */
#include "fuzz_common.h"

#include "ser/labels.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    const char *parts[9];
    size_t n = 0;
    for (char *p = text; n < 9;) {
        parts[n++] = p;
        size_t len = strlen(p);
        if (p + len >= text + size)
            break;
        p += len + 1;
    }
    ser_label_map map;
    ser_error err;
    if (ser_label_map_build(&map, parts[0], parts + 1, n - 1, &err) == SER_OK) {
        for (int l = 0; l < SER_LABEL_COUNT; l++) {
            ser_label to = ser_label_map_apply(&map, (ser_label)l);
            if (to < SER_LABEL_NONE || to >= SER_LABEL_COUNT)
                abort();
        }
    }
    ser_label label;
    ser_label_parse(text, &label);
    free(text);
    return 0;
}
