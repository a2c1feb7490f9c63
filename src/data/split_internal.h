/* split_internal.h (private) - helpers shared by the split functions. */
#ifndef SER_DATA_SPLIT_INTERNAL_H
#define SER_DATA_SPLIT_INTERNAL_H

#include <stddef.h>

#include "ser/status.h"

/* out[i] = rank of ids[i] among the distinct values of ids (increasing);
 * *n_distinct = number of distinct values.  A negative id is an error
 * naming the item and `what` ("class", "speaker"). */
ser_status ser__compact_ids(const int *ids, size_t n, int *out, size_t *n_distinct, const char *what,
                            ser_error *err);

#endif
