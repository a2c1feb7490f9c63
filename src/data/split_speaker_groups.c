/* Explicit speaker groups ("1-4,5-8,9-12" or "1,3,5;2,4,6"), one fold each. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ser/split.h"
#include "ser/util.h"

#define ELEMENT_MAX 64

typedef enum { EL_RANGE, EL_FULL, EL_ID } element_kind;

typedef struct element {
    element_kind kind;
    long lo, hi;
    char text[ELEMENT_MAX];
    size_t group;
} element;

static bool digits_only(const char *s, size_t n)
{
    if (n == 0 || n > 9)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static ser_status parse_element(const char *s, size_t n, const char *spec, element *el, ser_error *err)
{
    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 0)
        return ser_error_set(err, SER_ERR_PARSE, "empty speaker in groups '%s'", spec);
    if (n >= ELEMENT_MAX)
        return ser_error_set(err, SER_ERR_PARSE, "speaker '%.*s...' in groups '%s' is too long", 16, s, spec);
    memcpy(el->text, s, n);
    el->text[n] = '\0';
    const char *dash = memchr(s, '-', n);
    if (digits_only(s, n)) {
        el->kind = EL_RANGE;
        el->lo = el->hi = strtol(el->text, NULL, 10);
    } else if (dash && digits_only(s, (size_t)(dash - s)) && digits_only(dash + 1, n - (size_t)(dash - s) - 1)) {
        el->kind = EL_RANGE;
        el->lo = strtol(el->text, NULL, 10);
        el->hi = strtol(el->text + (dash - s) + 1, NULL, 10);
        if (el->lo > el->hi)
            return ser_error_set(err, SER_ERR_PARSE, "range '%s' in groups '%s' runs backwards", el->text, spec);
    } else
        el->kind = strchr(el->text, ':') ? EL_FULL : EL_ID;
    return SER_OK;
}

/* Parse the spec into elements; *n_groups = number of groups. */
static ser_status parse_spec(const char *spec, element **out, size_t *n_out, size_t *n_groups, ser_error *err)
{
    bool lists = strchr(spec, ';') != NULL;
    size_t cap = 1;
    for (const char *p = spec; *p; p++)
        cap += *p == ',' || *p == ';';
    element *els = ser_alloc_array(cap, sizeof *els);
    if (!els)
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory parsing speaker groups");
    size_t n = 0, group = 0;
    const char *s = spec;
    for (;;) {
        size_t len = strcspn(s, ",;");
        ser_status st = parse_element(s, len, spec, &els[n], err);
        if (st != SER_OK) {
            free(els);
            return st;
        }
        els[n++].group = group;
        char sep = s[len];
        if (sep == '\0')
            break;
        if (sep == ';' || !lists)
            group++;
        s += len + 1;
    }
    *out = els;
    *n_out = n;
    *n_groups = group + 1;
    return SER_OK;
}

static bool matches(const element *el, const char *speaker)
{
    const char *id = strrchr(speaker, ':');
    id = id ? id + 1 : speaker;
    switch (el->kind) {
    case EL_RANGE:
        if (!digits_only(id, strlen(id)))
            return false;
        long v = strtol(id, NULL, 10);
        return v >= el->lo && v <= el->hi;
    case EL_FULL:
        return strcmp(el->text, speaker) == 0;
    case EL_ID:
        return strcasecmp(el->text, id) == 0;
    }
    return false;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Describe group g of the spec for messages ("1-4" or "1, 3, 5"). */
static void describe_group(const element *els, size_t n, size_t g, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++)
        if (els[i].group == g)
            len += (size_t)snprintf(buf + len, cap - len, "%s%s", len ? "," : "", els[i].text);
}

ser_status ser_split_speaker_groups(const char *const *speakers, size_t n, const char *spec, int *fold,
                                    size_t *n_splits, ser_error *err)
{
    if (!speakers || !spec || !fold || !n_splits)
        return ser_error_set(err, SER_ERR_ARG, "ser_split_speaker_groups: NULL argument");
    for (size_t i = 0; i < n; i++)
        if (!speakers[i])
            return ser_error_set(err, SER_ERR_ARG, "item %zu has no speaker", i);
    element *els = NULL;
    size_t n_els = 0, n_groups = 0;
    ser_status st = parse_spec(spec, &els, &n_els, &n_groups, err);
    if (st != SER_OK)
        return st;
    const char **distinct = ser_alloc_array(n ? n : 1, sizeof *distinct);
    int *group_of = ser_alloc_array(n ? n : 1, sizeof *group_of);
    size_t *group_hits = ser_calloc_array(n_groups, sizeof *group_hits);
    if (!distinct || !group_of || !group_hits) {
        st = ser_error_set(err, SER_ERR_NOMEM, "out of memory splitting %zu items", n);
        goto done;
    }
    memcpy(distinct, speakers, n * sizeof *distinct);
    qsort(distinct, n, sizeof *distinct, compare_strings);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || strcmp(distinct[m - 1], distinct[i]) != 0)
            distinct[m++] = distinct[i];
    char text[256];
    for (size_t s = 0; s < m && st == SER_OK; s++) {
        group_of[s] = -1;
        for (size_t e = 0; e < n_els; e++) {
            if (!matches(&els[e], distinct[s]) || group_of[s] == (int)els[e].group)
                continue;
            if (group_of[s] >= 0) {
                st = ser_error_set(err, SER_ERR_ARG, "speaker %s is in two groups of '%s'", distinct[s], spec);
                break;
            }
            group_of[s] = (int)els[e].group;
            group_hits[els[e].group]++;
        }
        if (st == SER_OK && group_of[s] < 0)
            st = ser_error_set(err, SER_ERR_ARG, "speaker %s is in no group of '%s'", distinct[s], spec);
    }
    for (size_t g = 0; g < n_groups && st == SER_OK; g++)
        if (group_hits[g] == 0) {
            describe_group(els, n_els, g, text, sizeof text);
            st = ser_error_set(err, SER_ERR_ARG, "group %zu ('%s') of '%s' matches no speaker", g + 1, text, spec);
        }
    if (st == SER_OK) {
        for (size_t i = 0; i < n; i++) {
            const char **at = bsearch(&speakers[i], distinct, m, sizeof *distinct, compare_strings);
            fold[i] = group_of[at - distinct];
        }
        *n_splits = n_groups;
    }
done:
    free(els);
    free(distinct);
    free(group_of);
    free(group_hits);
    return st;
}
