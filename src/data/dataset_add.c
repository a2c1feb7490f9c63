/* ser_dataset_add: one input (directory, manifest or audio file), and the
 * classification of a file by its name and folders. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "data/corpus_names.h"
#include "data/dataset_internal.h"

const char *ser__errno_text(int errnum, char *buf, size_t cap)
{
    if (strerror_r(errnum, buf, cap) != 0)
        snprintf(buf, cap, "error %d", errnum);
    return buf;
}

bool ser__is_document_name(const char *name)
{
    static const char *const docs[] = {".md", ".txt", ".csv", ".json", ".pdf", ".html", ".htm", ".xml",
                                       ".rtf", ".doc", ".docx", ".tsv", ".yaml", ".yml", ".ini", ".log"};
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name) /* LICENSE, README, COPYING */
        return strcasecmp(name, "LICENSE") == 0 || strcasecmp(name, "README") == 0 || strcasecmp(name, "COPYING") == 0;
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        if (strcasecmp(dot, docs[i]) == 0)
            return true;
    return false;
}

ser_status ser__dataset_classify(ser_dataset *ds, const char *path, const char *name, const char *parent,
                                 ser_label folder_label)
{
    size_t stem_len;
    if (!ser__audio_extension(name, &stem_len)) {
        const char *dot = strrchr(name, '.');
        if (ser__is_document_name(name))
            return SER_OK; /* README.md, LICENSE, labels.csv ... beside the audio: not data, not an error */
        if (dot && dot != name)
            return ser__dataset_push_issue(ds, path, "unsupported extension '%s' (expected " SER__AUDIO_EXTENSIONS ")",
                                           dot);
        return ser__dataset_push_issue(ds, path, "no file extension (expected " SER__AUDIO_EXTENSIONS ")");
    }
    ser__name_info info;
    char reason[256] = "";
    ser__name_match m = ser__corpus_parse_name(name, stem_len, parent, &info, reason, sizeof reason);
    if (m == SER__NAME_OK) {
        char speaker[64];
        snprintf(speaker, sizeof speaker, "%s:%s", info.corpus, info.speaker);
        return ser__dataset_push_item(ds, path, info.label, speaker, info.corpus, NULL);
    }
    if (folder_label != SER_LABEL_NONE)
        return ser__dataset_push_item(ds, path, folder_label, NULL, "folder", NULL);
    if (m == SER__NAME_BAD)
        return ser__dataset_push_issue(ds, path, "%s, and no enclosing folder is named after a label", reason);
    return ser__dataset_push_issue(ds, path,
                                   "unknown naming convention (not RAVDESS, CREMA-D, TESS, EmoDB, SAVEE or "
                                   "TurEV-DB, and no enclosing folder is named after a label)");
}

/* A single audio file: its folders come from the path as written. */
ser_status ser__dataset_add_file(ser_dataset *ds, const char *path, ser_error *err)
{
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    if (!ser__audio_extension(name, NULL)) {
        ser__dataset_push_issue(ds, path, "not a directory, a .csv manifest or an audio file (" SER__AUDIO_EXTENSIONS
                                          ")");
        return ser_error_set(err, SER_ERR_UNSUPPORTED, "%s: not a directory, a .csv manifest or an audio file", path);
    }
    char parent[256] = "";
    ser_label folder_label = SER_LABEL_NONE;
    const char *end = name; /* walk the folder names right to left */
    while (end > path) {
        const char *stop = end - 1; /* the '/' before */
        while (stop > path && stop[-1] == '/')
            stop--;
        const char *start = stop;
        while (start > path && start[-1] != '/')
            start--;
        size_t len = (size_t)(stop - start);
        if (len > 0 && len < sizeof parent) {
            char folder[256];
            memcpy(folder, start, len);
            folder[len] = '\0';
            if (!parent[0])
                memcpy(parent, folder, len + 1);
            ser_label l;
            if (folder_label == SER_LABEL_NONE && ser_label_parse(folder, &l) == SER_OK)
                folder_label = l;
        }
        end = start;
    }
    ser_status st = ser__dataset_classify(ds, path, name, parent[0] ? parent : NULL, folder_label);
    return st == SER_OK ? SER_OK : ser_error_set(err, st, "out of memory adding %s", path);
}

static bool is_manifest(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

ser_status ser_dataset_add(ser_dataset *ds, const char *path, ser_error *err)
{
    if (!ds || !path || !*path)
        return ser_error_set(err, SER_ERR_ARG, "ser_dataset_add: NULL or empty argument");
    struct stat sb;
    if (stat(path, &sb) != 0) {
        int e = errno;
        char text[128];
        ser__errno_text(e, text, sizeof text);
        ser__dataset_push_issue(ds, path, "%s", text);
        return ser_error_set(err, e == ENOENT || e == ENOTDIR ? SER_ERR_NOT_FOUND : SER_ERR_IO, "%s: %s", path, text);
    }
    size_t before = ds->n_entries;
    ser_status st;
    if (S_ISDIR(sb.st_mode))
        st = ser__dataset_scan_dir(ds, path, err);
    else if (S_ISREG(sb.st_mode) && is_manifest(path))
        st = ser__dataset_read_manifest(ds, path, err);
    else if (S_ISREG(sb.st_mode))
        st = ser__dataset_add_file(ds, path, err);
    else {
        ser__dataset_push_issue(ds, path, "not a directory, a .csv manifest or an audio file");
        return ser_error_set(err, SER_ERR_UNSUPPORTED, "%s: not a directory, a .csv manifest or an audio file", path);
    }
    if (st == SER_ERR_NOMEM) {
        ser__dataset_truncate(ds, before);
        return ser_error_set(err, st, "out of memory reading %s", path);
    }
    if (st != SER_OK)
        return st;
    st = ser__dataset_drop_duplicates(ds, before);
    if (st != SER_OK) {
        ser__dataset_truncate(ds, before);
        return ser_error_set(err, st, "out of memory checking %s for duplicates", path);
    }
    return SER_OK;
}
