/* Canonical emotion labels and the corpus synonyms that map onto them. */
#include "ser/labels.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const label_names[SER_LABEL_COUNT] = {
    "neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised", "boredom",
};

/* Synonyms used by the corpora and by common label folders. */
static const struct {
    const char *name;
    ser_label label;
} synonyms[] = {
    {"neutrality", SER_LABEL_NEUTRAL},
    {"calmness", SER_LABEL_CALM},
    {"happiness", SER_LABEL_HAPPY},
    {"joy", SER_LABEL_HAPPY},
    {"sadness", SER_LABEL_SAD},
    {"anger", SER_LABEL_ANGRY},
    {"fear", SER_LABEL_FEARFUL},
    {"disgusted", SER_LABEL_DISGUST},
    {"surprise", SER_LABEL_SURPRISED},
    {"ps", SER_LABEL_SURPRISED},
    {"pleasant_surprise", SER_LABEL_SURPRISED},
    {"pleasant_surprised", SER_LABEL_SURPRISED},
    {"pleasant surprise", SER_LABEL_SURPRISED},
    {"bored", SER_LABEL_BOREDOM},
};

const char *ser_label_name(ser_label label)
{
    if ((int)label < 0 || label >= SER_LABEL_COUNT)
        return NULL;
    return label_names[label];
}

ser_status ser_label_parse(const char *text, ser_label *out)
{
    if (!text)
        return SER_ERR_LABEL;
    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strlen(text);
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    if (len == 0)
        return SER_ERR_LABEL;
    for (int i = 0; i < SER_LABEL_COUNT; i++)
        if (strlen(label_names[i]) == len && strncasecmp(label_names[i], text, len) == 0) {
            *out = (ser_label)i;
            return SER_OK;
        }
    for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
        if (strlen(synonyms[i].name) == len && strncasecmp(synonyms[i].name, text, len) == 0) {
            *out = synonyms[i].label;
            return SER_OK;
        }
    return SER_ERR_LABEL;
}
