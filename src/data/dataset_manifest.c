/* CSV manifests: "path,label[,speaker]" rows (see dataset.h for the rules). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "data/corpus_names.h"
#include "data/csv.h"
#include "data/dataset_internal.h"

#define NO_COLUMN ((size_t)-1)

typedef struct manifest {
    ser_dataset *ds;
    const char *path;     /* the manifest */
    const char *base;     /* its file name, for messages */
    size_t dir_len;       /* bytes of path up to and including the last '/' */
    char corpus[128];     /* base name without ".csv" */
    size_t path_col, label_col, speaker_col;
} manifest;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

static bool one_of(const char *s, const char *const *names)
{
    for (; *names; names++)
        if (strcasecmp(s, *names) == 0)
            return true;
    return false;
}

static const char *const path_names[] = {"path", "file", "filename", "file_name", "filepath", "file_path",
                                         "audio", "fname", "wav", NULL};
static const char *const label_names[] = {"label", "emotion", "class", "labels", "emotions", NULL};
static const char *const speaker_names[] = {"speaker", "speaker_id", "speakerid", "actor", "spk", NULL};

/* Decide from the first record whether it is a header; set the columns. */
static bool detect_header(manifest *m, char **f, size_t n, ser_error *err, ser_status *st)
{
    bool header = one_of(trim(f[0]), path_names);
    for (size_t i = 0; i < n && !header; i++)
        header = one_of(trim(f[i]), label_names);
    m->path_col = 0;
    m->label_col = 1;
    m->speaker_col = 2;
    *st = SER_OK;
    if (!header)
        return false;
    m->path_col = m->label_col = m->speaker_col = NO_COLUMN;
    for (size_t i = 0; i < n; i++) {
        const char *name = trim(f[i]);
        if (m->path_col == NO_COLUMN && one_of(name, path_names))
            m->path_col = i;
        else if (m->label_col == NO_COLUMN && one_of(name, label_names))
            m->label_col = i;
        else if (m->speaker_col == NO_COLUMN && one_of(name, speaker_names))
            m->speaker_col = i;
    }
    if (m->path_col == NO_COLUMN || m->label_col == NO_COLUMN)
        *st = ser_error_set(err, SER_ERR_PARSE, "the header names no %s column (expected path,label[,speaker])",
                            m->path_col == NO_COLUMN ? "path" : "label");
    return true;
}

/* The row's path relative to the manifest's folder ("./" prefixes dropped). */
static char *resolve(const manifest *m, const char *row_path)
{
    size_t prefix = row_path[0] == '/' ? 0 : m->dir_len;
    while (row_path[0] == '.' && row_path[1] == '/') {
        row_path += 2;
        while (*row_path == '/')
            row_path++;
    }
    size_t n = strlen(row_path);
    char *out = malloc(prefix + n + 1);
    if (out) {
        memcpy(out, m->path, prefix);
        memcpy(out + prefix, row_path, n + 1);
    }
    return out;
}

/* Speaker and corpus of a row without a speaker: from the file name's
 * corpus convention, else the manifest's name and no speaker. */
static ser_status add_without_speaker(const manifest *m, const char *path, ser_label label, const char *origin)
{
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    char parent[64] = "";
    if (name > path + 1) {
        const char *start = name - 1;
        while (start > path && start[-1] != '/')
            start--;
        size_t len = (size_t)(name - 1 - start);
        if (len < sizeof parent) {
            memcpy(parent, start, len);
            parent[len] = '\0';
        }
    }
    size_t stem_len;
    ser__name_info info;
    char reason[256];
    if (ser__audio_extension(name, &stem_len) &&
        ser__corpus_parse_name(name, stem_len, parent[0] ? parent : NULL, &info, reason, sizeof reason) ==
            SER__NAME_OK) {
        char speaker[64];
        snprintf(speaker, sizeof speaker, "%s:%s", info.corpus, info.speaker);
        return ser__dataset_push_item(m->ds, path, label, speaker, info.corpus, origin);
    }
    return ser__dataset_push_item(m->ds, path, label, NULL, m->corpus, origin);
}

static ser_status add_row(const manifest *m, char **f, size_t n, size_t line)
{
    char origin[192];
    snprintf(origin, sizeof origin, "%s line %zu", m->base, line);
    bool blank = true;
    for (size_t i = 0; i < n; i++)
        blank = blank && !*trim(f[i]);
    if (blank)
        return SER_OK;
    if (m->path_col >= n || !*trim(f[m->path_col]))
        return ser__dataset_push_issue(m->ds, m->path, "%s: no path (expected path,label[,speaker])", origin);
    char *path = resolve(m, trim(f[m->path_col]));
    if (!path)
        return SER_ERR_NOMEM;
    ser_status st;
    ser_label label;
    const char *name = strrchr(path, '/');
    struct stat sb;
    char text[128];
    if (m->label_col >= n || !*trim(f[m->label_col]))
        st = ser__dataset_push_issue(m->ds, path, "%s: no label (expected path,label[,speaker])", origin);
    else if (ser_label_parse(f[m->label_col], &label) != SER_OK)
        st = ser__dataset_push_issue(m->ds, path, "%s: unknown label '%s'", origin, f[m->label_col]);
    else if (!ser__audio_extension(name ? name + 1 : path, NULL))
        st = ser__dataset_push_issue(m->ds, path, "%s: unsupported extension (expected " SER__AUDIO_EXTENSIONS ")",
                                     origin);
    else if (stat(path, &sb) != 0)
        st = ser__dataset_push_issue(m->ds, path, "%s: %s", origin, ser__errno_text(errno, text, sizeof text));
    else if (!S_ISREG(sb.st_mode))
        st = ser__dataset_push_issue(m->ds, path, "%s: not a regular file", origin);
    else {
        const char *speaker = m->speaker_col < n ? trim(f[m->speaker_col]) : "";
        if (!*speaker)
            st = add_without_speaker(m, path, label, origin);
        else if (strchr(speaker, ':')) {
            char corpus[128];
            size_t len = (size_t)(strchr(speaker, ':') - speaker);
            snprintf(corpus, sizeof corpus, "%.*s", (int)len, speaker);
            st = ser__dataset_push_item(m->ds, path, label, speaker, corpus[0] ? corpus : m->corpus, origin);
        } else {
            char full[256];
            snprintf(full, sizeof full, "%s:%s", m->corpus, speaker);
            st = ser__dataset_push_item(m->ds, path, label, full, m->corpus, origin);
        }
    }
    free(path);
    return st;
}

ser_status ser__dataset_read_manifest(ser_dataset *ds, const char *path, ser_error *err)
{
    manifest m = {.ds = ds, .path = path};
    const char *slash = strrchr(path, '/');
    m.base = slash ? slash + 1 : path;
    m.dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    size_t base_len = strlen(m.base) - 4; /* ".csv" */
    snprintf(m.corpus, sizeof m.corpus, "%.*s", (int)base_len, m.base);
    if (!m.corpus[0])
        snprintf(m.corpus, sizeof m.corpus, "manifest");

    size_t len;
    char *buf = ser__read_file(path, &len);
    if (!buf) {
        int errnum = errno;
        char text[128];
        ser__errno_text(errnum, text, sizeof text);
        if (errnum == ENOMEM)
            return SER_ERR_NOMEM;
        ser_status st = ser__dataset_push_issue(ds, path, "cannot read manifest: %s", text);
        return st != SER_OK ? st : ser_error_set(err, SER_ERR_IO, "%s: cannot read manifest: %s", path, text);
    }
    size_t entries_before = ds->n_entries, issues_before = ds->n_issues;
    ser_error reason; /* why the whole manifest is unusable, without its path */
    ser_error_clear(&reason);
    ser__csv r;
    ser__csv_init(&r, buf, len);
    char **f;
    size_t n, line = 0, rows = 0;
    int got;
    bool first = true;
    ser_status st = SER_OK;
    while (st == SER_OK && (got = ser__csv_next(&r, &f, &n, &line)) > 0) {
        if (first) {
            first = false;
            if (detect_header(&m, f, n, &reason, &st))
                continue;
        }
        rows++;
        st = add_row(&m, f, n, line);
    }
    if (st == SER_OK && got < 0) {
        st = (ser_status)got;
        if (st == SER_ERR_PARSE)
            ser_error_set(&reason, st, "line %zu: unterminated quoted field", line);
    }
    ser__csv_free(&r);
    free(buf);
    if (st == SER_OK && rows == 0)
        st = ser_error_set(&reason, SER_ERR_EMPTY, "manifest has no rows");
    if (st == SER_OK)
        return SER_OK;
    /* nothing of a broken manifest is used */
    ser__dataset_truncate(ds, entries_before);
    ser__dataset_truncate_issues(ds, issues_before);
    if (st == SER_ERR_NOMEM)
        return ser_error_set(err, st, "%s: out of memory", path);
    ser_status pushed = ser__dataset_push_issue(ds, path, "%s", reason.message);
    if (pushed != SER_OK)
        return pushed;
    return ser_error_set(err, st, "%s: %s", path, reason.message);
}
