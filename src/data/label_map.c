/* Label maps: class selection (--labels) and merges (--merge). */
#include "ser/labels.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define KNOWN_LABELS "neutral, calm, happy, sad, angry, fearful, disgust, surprised, boredom"
#define TOKEN_MAX 64

void ser_label_map_identity(ser_label_map *map)
{
    for (int i = 0; i < SER_LABEL_COUNT; i++)
        map->to[i] = (ser_label)i;
}

ser_label ser_label_map_apply(const ser_label_map *map, ser_label label)
{
    if ((int)label < 0 || label >= SER_LABEL_COUNT)
        return SER_LABEL_NONE;
    return map->to[label];
}

/* Next comma-separated item of *cursor into token (blank-trimmed);
 * false at the end of the list. */
static bool next_item(const char **cursor, char *token, size_t cap)
{
    const char *s = *cursor;
    if (!s)
        return false;
    const char *comma = strchr(s, ',');
    size_t len = comma ? (size_t)(comma - s) : strlen(s);
    *cursor = comma ? comma + 1 : NULL;
    while (len > 0 && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len >= cap)
        len = cap - 1;
    memcpy(token, s, len);
    token[len] = '\0';
    return true;
}

static ser_status parse_label(const char *token, const char *where, const char *spec, ser_label *out,
                              ser_error *err)
{
    if (!*token)
        return ser_error_set(err, SER_ERR_LABEL, "empty label in %s '%s'", where, spec);
    if (ser_label_parse(token, out) != SER_OK)
        return ser_error_set(err, SER_ERR_LABEL, "unknown label '%s' in %s '%s' (known: " KNOWN_LABELS ")", token,
                             where, spec);
    return SER_OK;
}

static ser_status add_merges(ser_label merge_to[SER_LABEL_COUNT], const char *spec, ser_error *err)
{
    char token[TOKEN_MAX];
    const char *cursor = spec;
    while (next_item(&cursor, token, sizeof token)) {
        char *eq = strchr(token, '=');
        if (!eq || strchr(eq + 1, '='))
            return ser_error_set(err, SER_ERR_LABEL, "malformed merge '%s' in '%s' (expected FROM=TO)", token, spec);
        *eq = '\0';
        char *from_text = token, *to_text = eq + 1;
        size_t n = strlen(from_text);
        while (n > 0 && (from_text[n - 1] == ' ' || from_text[n - 1] == '\t'))
            from_text[--n] = '\0';
        while (*to_text == ' ' || *to_text == '\t')
            to_text++;
        ser_label from, to;
        ser_status st = parse_label(from_text, "merge", spec, &from, err);
        if (st == SER_OK)
            st = parse_label(to_text, "merge", spec, &to, err);
        if (st != SER_OK)
            return st;
        if (from == to)
            return ser_error_set(err, SER_ERR_LABEL, "merge cycle: '%s=%s' maps %s onto itself", from_text, to_text,
                                 ser_label_name(from));
        if (merge_to[from] != SER_LABEL_NONE && merge_to[from] != to)
            return ser_error_set(err, SER_ERR_LABEL, "label '%s' is merged into both '%s' and '%s'",
                                 ser_label_name(from), ser_label_name(merge_to[from]), ser_label_name(to));
        merge_to[from] = to;
    }
    return SER_OK;
}

/* Follow merge chains; a chain that comes back to a label already on it
 * is a cycle. */
static ser_status resolve_merges(const ser_label merge_to[SER_LABEL_COUNT], ser_label final[SER_LABEL_COUNT],
                                 ser_error *err)
{
    for (int start = 0; start < SER_LABEL_COUNT; start++) {
        bool on_chain[SER_LABEL_COUNT] = {false};
        ser_label at = (ser_label)start;
        on_chain[at] = true;
        while (merge_to[at] != SER_LABEL_NONE) {
            at = merge_to[at];
            if (on_chain[at]) {
                char chain[256] = "";
                size_t len = 0;
                ser_label walk = (ser_label)start;
                for (int step = 0; step <= SER_LABEL_COUNT && len < sizeof chain - 16; step++) {
                    len += (size_t)snprintf(chain + len, sizeof chain - len, "%s%s", step ? " -> " : "",
                                            ser_label_name(walk));
                    if (step > 0 && walk == at)
                        break;
                    walk = merge_to[walk];
                }
                return ser_error_set(err, SER_ERR_LABEL, "merge cycle: %s", chain);
            }
            on_chain[at] = true;
        }
        final[start] = at;
    }
    return SER_OK;
}

ser_status ser_label_map_build(ser_label_map *map, const char *select, const char *const *merges,
                               size_t n_merges, ser_error *err)
{
    if (!map || (n_merges && !merges))
        return ser_error_set(err, SER_ERR_ARG, "ser_label_map_build: NULL argument");
    ser_label merge_to[SER_LABEL_COUNT];
    for (int i = 0; i < SER_LABEL_COUNT; i++)
        merge_to[i] = SER_LABEL_NONE;
    for (size_t i = 0; i < n_merges; i++) {
        if (!merges[i])
            continue;
        ser_status st = add_merges(merge_to, merges[i], err);
        if (st != SER_OK)
            return st;
    }
    ser_label final[SER_LABEL_COUNT];
    ser_status st = resolve_merges(merge_to, final, err);
    if (st != SER_OK)
        return st;

    bool keep[SER_LABEL_COUNT];
    bool select_all = !select || !*select;
    for (int i = 0; i < SER_LABEL_COUNT; i++)
        keep[i] = select_all;
    if (!select_all) {
        char token[TOKEN_MAX];
        const char *cursor = select;
        while (next_item(&cursor, token, sizeof token)) {
            ser_label label;
            st = parse_label(token, "label selection", select, &label, err);
            if (st != SER_OK)
                return st;
            if (merge_to[label] != SER_LABEL_NONE)
                return ser_error_set(err, SER_ERR_LABEL,
                                     "label '%s' in selection '%s' is merged into '%s'; select '%s' instead",
                                     ser_label_name(label), select, ser_label_name(final[label]),
                                     ser_label_name(final[label]));
            keep[label] = true;
        }
    }
    for (int i = 0; i < SER_LABEL_COUNT; i++)
        map->to[i] = keep[final[i]] ? final[i] : SER_LABEL_NONE;
    return SER_OK;
}
