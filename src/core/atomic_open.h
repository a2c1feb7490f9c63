/* atomic_open.h - where an atomic write goes (private; models, feature
 * tables, audio and fold files).
 *
 * A regular (or missing) destination is written through a temporary file
 * in its folder (rename must not cross file systems), renamed over it when
 * complete.  The temporary file is hidden: "dir/.name.tmp.XXXXXX".  A
 * process killed between creating it and the rename (kill -9, power loss)
 * leaves it behind; being hidden, it does not show in `ls`, is skipped by
 * dataset scans and does not match "*.wav" or "*.model" globs.  Such
 * leftovers are safe to delete (docs/hardening.md).
 *
 * An existing destination that is not a regular file (/dev/null, /dev/full,
 * a FIFO, a terminal) is written in place: renaming a file over a device
 * node would replace the device (for root) and can never be what was meant. */
#ifndef SER_CORE_ATOMIC_OPEN_H
#define SER_CORE_ATOMIC_OPEN_H

/* A malloc'd mkstemp template for `path` ("dir/.name.tmp.XXXXXX"); NULL
 * when out of memory. */
char *ser__temp_name(const char *path);

/* Open what a write of `path` goes to (mode 0644 for a new file): *tmp gets
 * the temporary file's malloc'd name (rename it over path when complete,
 * unlink it on failure, free it) or NULL when path is written in place.
 * -1 with errno set on failure (EISDIR for a directory, ENOMEM). */
int ser__atomic_open(const char *path, char **tmp);

#endif
