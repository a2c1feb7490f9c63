/* data_fixture.h - temp-folder trees of empty files for the corpus tests
 * (names matter here, never audio content). */
#ifndef SER_TESTS_DATA_FIXTURE_H
#define SER_TESTS_DATA_FIXTURE_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ser/dataset.h"

/* mkdir -p for every folder of root/rel, then create root/rel (empty, or
 * with `content` when not NULL). */
static inline void fx_touch(const char *root, const char *rel, const char *content)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    for (char *p = path + strlen(root) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(path, 0755) != 0 && errno != EEXIST)
                fail_msg("mkdir %s: %s", path, strerror(errno));
            *p = '/';
        }
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot create %s", path);
    if (content)
        fputs(content, f);
    fclose(f);
}

static inline void fx_mkroot(char *buf, size_t len, const char *name)
{
    tu_tmp_path(buf, len, name);
    if (mkdir(buf, 0755) != 0)
        fail_msg("mkdir %s: %s", buf, strerror(errno));
}

/* The item whose path ends in `suffix`, or NULL. */
static inline const ser_dataset_item *fx_item(const ser_dataset *ds, const char *suffix)
{
    size_t n = strlen(suffix);
    for (size_t i = 0; i < ser_dataset_count(ds); i++) {
        const char *p = ser_dataset_item_at(ds, i)->path;
        size_t m = strlen(p);
        if (m >= n && strcmp(p + m - n, suffix) == 0 && (m == n || p[m - n - 1] == '/'))
            return ser_dataset_item_at(ds, i);
    }
    return NULL;
}

/* The reason of the issue whose path ends in `suffix`, or NULL. */
static inline const char *fx_issue(const ser_dataset *ds, const char *suffix)
{
    size_t n = strlen(suffix);
    for (size_t i = 0; i < ser_dataset_issue_count(ds); i++) {
        const char *p = ser_dataset_issue_at(ds, i)->path;
        size_t m = strlen(p);
        if (m >= n && strcmp(p + m - n, suffix) == 0)
            return ser_dataset_issue_at(ds, i)->reason;
    }
    return NULL;
}

/* Assert item `suffix` exists with label, speaker (NULL = none) and corpus. */
static inline void fx_expect(const ser_dataset *ds, const char *suffix, ser_label label, const char *speaker,
                             const char *corpus)
{
    const ser_dataset_item *it = fx_item(ds, suffix);
    if (!it)
        fail_msg("no item for %s", suffix);
    if (it->label != label)
        fail_msg("%s: label %s, want %s", suffix, ser_label_name(it->label), ser_label_name(label));
    if (speaker)
        assert_non_null(it->speaker);
    if (speaker && strcmp(it->speaker, speaker) != 0)
        fail_msg("%s: speaker %s, want %s", suffix, it->speaker, speaker);
    if (!speaker && it->speaker)
        fail_msg("%s: speaker %s, want none", suffix, it->speaker);
    assert_string_equal(it->corpus, corpus);
}

/* Assert an issue for `suffix` whose reason contains `part`. */
static inline void fx_expect_issue(const ser_dataset *ds, const char *suffix, const char *part)
{
    const char *reason = fx_issue(ds, suffix);
    if (!reason)
        fail_msg("no issue for %s", suffix);
    if (!strstr(reason, part))
        fail_msg("%s: reason '%s' lacks '%s'", suffix, reason, part);
    if (fx_item(ds, suffix))
        fail_msg("%s is both an item and an issue", suffix);
}

#endif
