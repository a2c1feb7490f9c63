/* The query string of /ws/stream and /v1/analyze (app/server/stream_query.c),
 * as civetweb hands it to the handlers: a NUL-terminated string. */
#include "fuzz_common.h"

#include "server/stream_query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *query = malloc(size + 1);
    if (!query)
        return 0;
    memcpy(query, data, size);
    query[size] = '\0';
    stream_query q;
    char err[128];
    if (stream_query_parse(size ? query : NULL, &q, err, sizeof err)) {
        if (strlen(q.call_id) > 64 || q.channels < 1 || q.channels > 8 || !(q.rate >= 1000 && q.rate <= 384000) ||
            ser_raw_bytes_per_sample(q.format) == 0)
            abort();
    }
    free(query);
    return 0;
}
