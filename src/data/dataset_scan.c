/* Recursive directory scan in sorted order (see dataset.h for the rules). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data/dataset_internal.h"
#include "ser/util.h"

#define MAX_DEPTH 128

typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

typedef struct walk {
    ser_dataset *ds;
    char *path; /* current path, grown as needed */
    size_t len, cap;
    dir_id stack[MAX_DEPTH + 1]; /* folders on the current path: link loops */
    size_t depth;
} walk;

typedef struct entry {
    char *name;
    unsigned char type; /* d_type */
} entry;

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

/* Append "/name" to the current path; false on allocation failure. */
static bool path_push(walk *w, const char *name)
{
    size_t n = strlen(name), need;
    if (!ser_size_add(w->len, n + 2, &need))
        return false;
    if (need > w->cap) {
        size_t cap = need * 2;
        char *grown = realloc(w->path, cap);
        if (!grown)
            return false;
        w->path = grown;
        w->cap = cap;
    }
    w->path[w->len++] = '/';
    memcpy(w->path + w->len, name, n + 1);
    w->len += n;
    return true;
}

static void free_entries(entry *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i].name);
    free(list);
}

/* The sorted, non-hidden entries of the folder at w->path. */
static ser_status read_entries(walk *w, entry **out, size_t *n_out, int *errnum)
{
    DIR *dir = opendir(w->path);
    if (!dir) {
        *errnum = errno;
        return SER_ERR_IO;
    }
    entry *list = NULL;
    size_t n = 0, cap = 0;
    struct dirent *d;
    while ((d = readdir(dir)) != NULL) {
        if (d->d_name[0] == '.')
            continue; /* ".", ".." and hidden files */
        if (n == cap) {
            size_t new_cap = cap ? cap * 2 : 32;
            entry *grown = ser_alloc_array(new_cap, sizeof *grown);
            if (!grown)
                goto nomem;
            if (n)
                memcpy(grown, list, n * sizeof *list);
            free(list);
            list = grown;
            cap = new_cap;
        }
        list[n].name = ser_strdup(d->d_name);
        list[n].type = d->d_type;
        if (!list[n].name)
            goto nomem;
        n++;
    }
    closedir(dir);
    if (n > 1)
        qsort(list, n, sizeof *list, compare_entries);
    *out = list;
    *n_out = n;
    return SER_OK;
nomem:
    closedir(dir);
    free_entries(list, n);
    return SER_ERR_NOMEM;
}

static ser_status scan_folder(walk *w, const char *folder_name, ser_label folder_label);

/* One entry of the folder at w->path (already appended to w->path). */
static ser_status visit(walk *w, const entry *e, const char *folder_name, ser_label folder_label)
{
    char text[128];
    if (e->type == DT_REG)
        return ser__dataset_classify(w->ds, w->path, e->name, folder_name, folder_label);
    struct stat sb;
    if (stat(w->path, &sb) != 0) {
        int errnum = errno;
        struct stat lsb;
        if (lstat(w->path, &lsb) == 0 && S_ISLNK(lsb.st_mode))
            return ser__dataset_push_issue(w->ds, w->path, "broken symbolic link");
        return ser__dataset_push_issue(w->ds, w->path, "%s", ser__errno_text(errnum, text, sizeof text));
    }
    if (S_ISREG(sb.st_mode))
        return ser__dataset_classify(w->ds, w->path, e->name, folder_name, folder_label);
    if (!S_ISDIR(sb.st_mode))
        return ser__dataset_push_issue(w->ds, w->path, "not a regular file or folder");
    for (size_t i = 0; i < w->depth; i++)
        if (w->stack[i].dev == sb.st_dev && w->stack[i].ino == sb.st_ino)
            return ser__dataset_push_issue(w->ds, w->path, "symbolic link loop; folder not scanned again");
    if (w->depth >= MAX_DEPTH)
        return ser__dataset_push_issue(w->ds, w->path, "folders nested deeper than %d levels; not scanned",
                                       MAX_DEPTH);
    ser_label label;
    if (ser_label_parse(e->name, &label) != SER_OK)
        label = folder_label;
    w->stack[w->depth++] = (dir_id){sb.st_dev, sb.st_ino};
    ser_status st = scan_folder(w, e->name, label);
    w->depth--;
    return st;
}

/* Visit the sorted entries of the folder at w->path. */
static ser_status scan_entries(walk *w, const entry *list, size_t n, const char *folder_name,
                               ser_label folder_label)
{
    ser_status st = SER_OK;
    size_t len = w->len;
    for (size_t i = 0; i < n && st == SER_OK; i++) {
        if (!path_push(w, list[i].name))
            st = SER_ERR_NOMEM;
        else
            st = visit(w, &list[i], folder_name, folder_label);
        w->len = len;
        w->path[len] = '\0';
    }
    return st;
}

static ser_status scan_folder(walk *w, const char *folder_name, ser_label folder_label)
{
    entry *list;
    size_t n;
    int errnum = 0;
    ser_status st = read_entries(w, &list, &n, &errnum);
    if (st == SER_ERR_IO) {
        char text[128];
        return ser__dataset_push_issue(w->ds, w->path, "cannot read folder: %s",
                                       ser__errno_text(errnum, text, sizeof text));
    }
    if (st != SER_OK)
        return st;
    st = scan_entries(w, list, n, folder_name, folder_label);
    free_entries(list, n);
    return st;
}

ser_status ser__dataset_scan_dir(ser_dataset *ds, const char *root, ser_error *err)
{
    walk w = {.ds = ds};
    size_t len = strlen(root);
    while (len > 1 && root[len - 1] == '/')
        len--;
    w.cap = len + 256;
    w.path = malloc(w.cap);
    if (!w.path)
        return SER_ERR_NOMEM;
    memcpy(w.path, root, len);
    w.path[len] = '\0';
    w.len = len;

    /* The scanned folder's own name can be a label ("datasets/angry"). */
    const char *base = w.path + len;
    while (base > w.path && base[-1] != '/')
        base--;
    ser_label label;
    if (ser_label_parse(base, &label) != SER_OK)
        label = SER_LABEL_NONE;

    struct stat sb;
    if (stat(w.path, &sb) == 0)
        w.stack[w.depth++] = (dir_id){sb.st_dev, sb.st_ino};
    entry *list;
    size_t n;
    int errnum = 0;
    ser_status st = read_entries(&w, &list, &n, &errnum);
    if (st == SER_ERR_IO) {
        char text[128];
        ser__errno_text(errnum, text, sizeof text);
        st = ser__dataset_push_issue(ds, root, "cannot read folder: %s", text);
        if (st == SER_OK)
            st = ser_error_set(err, SER_ERR_IO, "%s: cannot read folder: %s", root, text);
    } else if (st == SER_OK) {
        if (len == 1 && root[0] == '/')
            w.len = 0; /* "/" + "/name" would double the slash */
        st = scan_entries(&w, list, n, *base ? base : NULL, label);
        free_entries(list, n);
    }
    free(w.path);
    return st;
}
