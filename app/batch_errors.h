/* batch_errors.h - the inputs a batch command could not use: each is
 * printed on stderr when recorded ("ser CMD: skipped PATH: REASON") and
 * kept for the JSON "errors" list [{"path", "error"}]. */
#ifndef SER_APP_BATCH_ERRORS_H
#define SER_APP_BATCH_ERRORS_H

#include <stddef.h>

#include <cJSON.h>

typedef struct batch_errors {
    size_t n, cap;
    char **paths, **reasons;
} batch_errors;

/* Record and print.  Returns 0, or -1 when out of memory (still printed). */
int batch_errors_add(batch_errors *e, const char *cmd, const char *path, const char *reason);
/* [{"path", "error"}, ...] (an empty array when none), or NULL (no memory). */
cJSON *batch_errors_json(const batch_errors *e);
void batch_errors_free(batch_errors *e);

#endif
