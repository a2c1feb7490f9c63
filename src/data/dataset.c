/* The dataset container: items, issues, duplicates, label maps, speakers. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/dataset_internal.h"
#include "ser/util.h"

ser_dataset *ser_dataset_create(ser_status *err)
{
    ser_dataset *ds = calloc(1, sizeof *ds);
    if (err)
        *err = ds ? SER_OK : SER_ERR_NOMEM;
    return ds;
}

static void free_entry(ser__dataset_entry *e)
{
    free((char *)e->item.path);
    free((char *)e->item.speaker);
    free((char *)e->item.corpus);
    free(e->origin);
}

void ser_dataset_destroy(ser_dataset *ds)
{
    if (!ds)
        return;
    for (size_t i = 0; i < ds->n_entries; i++)
        free_entry(&ds->entries[i]);
    for (size_t i = 0; i < ds->n_issues; i++) {
        free((char *)ds->issues[i].path);
        free((char *)ds->issues[i].reason);
    }
    free(ds->entries);
    free(ds->issues);
    free(ds);
}

/* Make room for one more element in a growable array. */
static bool reserve(void **array, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t new_cap = *cap ? *cap * 2 : 64;
    if (new_cap <= *cap)
        return false;
    size_t bytes;
    if (!ser_size_mul(new_cap, size, &bytes))
        return false;
    void *grown = realloc(*array, bytes);
    if (!grown)
        return false;
    *array = grown;
    *cap = new_cap;
    return true;
}

ser_status ser__dataset_push_item(ser_dataset *ds, const char *path, ser_label label, const char *speaker,
                                  const char *corpus, const char *origin)
{
    if (!reserve((void **)&ds->entries, &ds->cap_entries, ds->n_entries, sizeof *ds->entries))
        return SER_ERR_NOMEM;
    ser__dataset_entry e = {{ser_strdup(path), label, speaker ? ser_strdup(speaker) : NULL, ser_strdup(corpus)},
                            origin ? ser_strdup(origin) : NULL};
    if (!e.item.path || !e.item.corpus || (speaker && !e.item.speaker) || (origin && !e.origin)) {
        free_entry(&e);
        return SER_ERR_NOMEM;
    }
    ds->entries[ds->n_entries++] = e;
    return SER_OK;
}

ser_status ser__dataset_push_issue(ser_dataset *ds, const char *path, const char *fmt, ...)
{
    char reason[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (!reserve((void **)&ds->issues, &ds->cap_issues, ds->n_issues, sizeof *ds->issues))
        return SER_ERR_NOMEM;
    ser_dataset_issue issue = {ser_strdup(path), ser_strdup(reason)};
    if (!issue.path || !issue.reason) {
        free((char *)issue.path);
        free((char *)issue.reason);
        return SER_ERR_NOMEM;
    }
    ds->issues[ds->n_issues++] = issue;
    return SER_OK;
}

void ser__dataset_truncate(ser_dataset *ds, size_t keep)
{
    while (ds->n_entries > keep)
        free_entry(&ds->entries[--ds->n_entries]);
}

void ser__dataset_truncate_issues(ser_dataset *ds, size_t keep)
{
    while (ds->n_issues > keep) {
        ds->n_issues--;
        free((char *)ds->issues[ds->n_issues].path);
        free((char *)ds->issues[ds->n_issues].reason);
    }
}

/* Sorting entries by a string key; ties keep input order. */
typedef struct keyed {
    const char *key;
    size_t index;
} keyed;

static int compare_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

ser_status ser__dataset_drop_duplicates(ser_dataset *ds, size_t first_new)
{
    size_t n = ds->n_entries;
    if (first_new >= n || n < 2)
        return SER_OK;
    keyed *order = ser_alloc_array(n, sizeof *order);
    unsigned char *drop = calloc(n, 1);
    if (!order || !drop) {
        free(order);
        free(drop);
        return SER_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = (keyed){ds->entries[i].item.path, i};
    qsort(order, n, sizeof *order, compare_keyed);
    ser_status st = SER_OK;
    for (size_t a = 0; a < n && st == SER_OK;) {
        size_t b = a + 1;
        while (b < n && strcmp(order[a].key, order[b].key) == 0)
            b++;
        const ser__dataset_entry *kept = &ds->entries[order[a].index]; /* the earliest */
        for (size_t k = a + 1; k < b && st == SER_OK; k++) {
            const ser__dataset_entry *dup = &ds->entries[order[k].index];
            drop[order[k].index] = 1;
            const char *here = dup->origin ? dup->origin : "";
            const char *first = kept->origin ? kept->origin : "an earlier input";
            if (dup->item.label == kept->item.label)
                st = ser__dataset_push_issue(ds, dup->item.path, "%s%sduplicate of %s; counted once", here,
                                             *here ? ": " : "", first);
            else
                st = ser__dataset_push_issue(ds, dup->item.path,
                                             "%s%sduplicate with a different label ('%s' here, '%s' in %s); the "
                                             "first is kept",
                                             here, *here ? ": " : "", ser_label_name(dup->item.label),
                                             ser_label_name(kept->item.label), first);
        }
        a = b;
    }
    free(order);
    if (st == SER_OK) {
        size_t w = 0;
        for (size_t i = 0; i < n; i++) {
            if (drop[i])
                free_entry(&ds->entries[i]);
            else
                ds->entries[w++] = ds->entries[i];
        }
        ds->n_entries = w;
    }
    free(drop);
    return st;
}

size_t ser_dataset_count(const ser_dataset *ds) { return ds ? ds->n_entries : 0; }

const ser_dataset_item *ser_dataset_item_at(const ser_dataset *ds, size_t index)
{
    return ds && index < ds->n_entries ? &ds->entries[index].item : NULL;
}

size_t ser_dataset_issue_count(const ser_dataset *ds) { return ds ? ds->n_issues : 0; }

const ser_dataset_issue *ser_dataset_issue_at(const ser_dataset *ds, size_t index)
{
    return ds && index < ds->n_issues ? &ds->issues[index] : NULL;
}

ser_status ser_dataset_apply_labels(ser_dataset *ds, const ser_label_map *map, ser_error *err)
{
    if (!ds || !map)
        return ser_error_set(err, SER_ERR_ARG, "ser_dataset_apply_labels: NULL argument");
    size_t w = 0;
    for (size_t i = 0; i < ds->n_entries; i++) {
        ser_label to = ser_label_map_apply(map, ds->entries[i].item.label);
        if (to == SER_LABEL_NONE) {
            free_entry(&ds->entries[i]);
            continue;
        }
        ds->entries[i].item.label = to;
        ds->entries[w++] = ds->entries[i];
    }
    ds->n_entries = w;
    return SER_OK;
}

void ser_dataset_label_counts(const ser_dataset *ds, size_t counts[SER_LABEL_COUNT])
{
    for (int l = 0; l < SER_LABEL_COUNT; l++)
        counts[l] = 0;
    for (size_t i = 0; ds && i < ds->n_entries; i++) {
        ser_label l = ds->entries[i].item.label;
        if ((int)l >= 0 && l < SER_LABEL_COUNT)
            counts[l]++;
    }
}

void ser_dataset_classes(const ser_dataset *ds, int *classes)
{
    for (size_t i = 0; ds && i < ds->n_entries; i++)
        classes[i] = (int)ds->entries[i].item.label;
}

ser_status ser_dataset_speaker_ids(const ser_dataset *ds, int *ids, const char **names, size_t *n_speakers,
                                   ser_error *err)
{
    if (!ds || !ids || !n_speakers)
        return ser_error_set(err, SER_ERR_ARG, "ser_dataset_speaker_ids: NULL argument");
    size_t n = ds->n_entries, m = 0;
    if (n > INT_MAX)
        return ser_error_set(err, SER_ERR_OVERFLOW, "%zu items are too many to number", n);
    keyed *order = ser_alloc_array(n ? n : 1, sizeof *order);
    if (!order)
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory numbering %zu speakers", n);
    for (size_t i = 0; i < n; i++) {
        if (ds->entries[i].item.speaker)
            order[m++] = (keyed){ds->entries[i].item.speaker, i};
        else
            ids[i] = -1;
    }
    qsort(order, m, sizeof *order, compare_keyed);
    size_t distinct = 0;
    for (size_t k = 0; k < m; k++) {
        if (k == 0 || strcmp(order[k].key, order[k - 1].key) != 0) {
            if (names)
                names[distinct] = order[k].key;
            distinct++;
        }
        ids[order[k].index] = (int)(distinct - 1);
    }
    free(order);
    *n_speakers = distinct;
    return SER_OK;
}
