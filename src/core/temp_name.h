/* temp_name.h - the name of the temporary file behind an atomic write
 * (private).  It lies in the destination's folder (rename must not cross
 * file systems) and is hidden: "dir/.name.tmp.XXXXXX".  A process killed
 * between creating it and renaming it over the destination (kill -9,
 * power loss) leaves it behind; being hidden, it does not show in `ls`, is
 * skipped by dataset scans and does not match "*.wav" or "*.model"
 * globs.  Such leftovers are safe to delete (docs/hardening.md). */
#ifndef SER_CORE_TEMP_NAME_H
#define SER_CORE_TEMP_NAME_H

/* A malloc'd mkstemp template for `path`; NULL when out of memory. */
char *ser__temp_name(const char *path);

#endif
