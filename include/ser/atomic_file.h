/* ser/atomic_file.h - write a whole file atomically.
 *
 * The bytes go to a temporary file in the destination's directory, which
 * is flushed to disk (fsync) and then renamed over the destination, so a
 * reader sees either the old file or the complete new one, never a part. */
#ifndef SER_ATOMIC_FILE_H
#define SER_ATOMIC_FILE_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Write data[0..len) to `path` atomically (mode 0644).
 * SER_ERR_IO with the path and the system's reason (read-only or missing
 * directory, disk full, ...) on failure; the destination is then
 * untouched and no temporary file is left behind. */
ser_status ser_write_file_atomic(const char *path, const void *data, size_t len, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
