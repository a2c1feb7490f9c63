/* ser/status.h - status codes, error detail and logging for libser.
 *
 * Every fallible libser function returns a ser_status (SER_OK == 0,
 * negative values are errors).  Functions that can say more about a
 * failure (a file name, an offending value) take an optional
 * `ser_error *err` filled with a human-readable message; the library
 * never prints, exits or aborts.  There is no global error state. */
#ifndef SER_STATUS_H
#define SER_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_status {
    SER_OK = 0,
    SER_ERR_NOMEM = -1,       /* allocation failed */
    SER_ERR_ARG = -2,         /* invalid argument or configuration */
    SER_ERR_IO = -3,          /* cannot open, read or write a file */
    SER_ERR_FORMAT = -4,      /* not a recognised / decodable format */
    SER_ERR_TRUNCATED = -5,   /* data ends early */
    SER_ERR_EMPTY = -6,       /* no audio samples / no rows */
    SER_ERR_NONFINITE = -7,   /* NaN or Inf where finite values are required */
    SER_ERR_UNSUPPORTED = -8, /* valid but not supported */
    SER_ERR_OVERFLOW = -9,    /* size or count too large */
    SER_ERR_PARSE = -10,      /* malformed text (CSV, JSON, option value) */
    SER_ERR_NOT_FOUND = -11,  /* missing file, key or item */
    SER_ERR_LABEL = -12,      /* unknown label or invalid label mapping */
    SER_ERR_CHECKSUM = -13,   /* checksum mismatch */
    SER_ERR_VERSION = -14,    /* unsupported format version */
    SER_ERR_LAYOUT = -15,     /* feature layout mismatch */
    SER_ERR_EXTERNAL = -16,   /* a third-party library reported failure */
    SER_ERR_STATE = -17       /* call not valid in the object's current state */
} ser_status;

/* Static, never-NULL description of a status code. */
const char *ser_strerror(ser_status status);

/* Detailed error: the status plus a message naming what failed. */
#define SER_ERROR_MESSAGE_MAX 512
typedef struct ser_error {
    ser_status status;
    char message[SER_ERROR_MESSAGE_MAX];
} ser_error;

/* Clear an error (status SER_OK, empty message).  NULL is allowed. */
void ser_error_clear(ser_error *err);

/* Record status and a printf-style message in *err (NULL allowed).
 * Returns `status` so callers can write `return ser_error_set(...)`. */
ser_status ser_error_set(ser_error *err, ser_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Message of *err, or ser_strerror(fallback) when err has no message. */
const char *ser_error_message(const ser_error *err, ser_status fallback);

/* Logging: the library never prints; objects that want to report progress
 * or warnings take a callback in their config. */
typedef enum ser_log_level { SER_LOG_DEBUG = 0, SER_LOG_INFO = 1, SER_LOG_WARN = 2 } ser_log_level;
typedef void (*ser_log_fn)(void *user, ser_log_level level, const char *message);

#ifdef __cplusplus
}
#endif
#endif
