/* Status codes and error detail. */
#include "ser/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *ser_strerror(ser_status status)
{
    switch (status) {
    case SER_OK: return "success";
    case SER_ERR_NOMEM: return "out of memory";
    case SER_ERR_ARG: return "invalid argument";
    case SER_ERR_IO: return "input/output error";
    case SER_ERR_FORMAT: return "unrecognised or undecodable format";
    case SER_ERR_TRUNCATED: return "data is truncated";
    case SER_ERR_EMPTY: return "no data";
    case SER_ERR_NONFINITE: return "non-finite value";
    case SER_ERR_UNSUPPORTED: return "not supported";
    case SER_ERR_OVERFLOW: return "size too large";
    case SER_ERR_PARSE: return "parse error";
    case SER_ERR_NOT_FOUND: return "not found";
    case SER_ERR_LABEL: return "unknown or invalid label";
    case SER_ERR_CHECKSUM: return "checksum mismatch";
    case SER_ERR_VERSION: return "unsupported version";
    case SER_ERR_LAYOUT: return "feature layout mismatch";
    case SER_ERR_EXTERNAL: return "third-party library error";
    case SER_ERR_STATE: return "invalid state";
    }
    return "unknown error";
}

void ser_error_clear(ser_error *err)
{
    if (err) {
        err->status = SER_OK;
        err->message[0] = '\0';
    }
}

ser_status ser_error_set(ser_error *err, ser_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->status = status;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}

const char *ser_error_message(const ser_error *err, ser_status fallback)
{
    if (err && err->message[0])
        return err->message;
    return ser_strerror(err && err->status ? err->status : fallback);
}
