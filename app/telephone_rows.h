/* telephone_rows.h - the telephone-band copies behind `ser train/evaluate
 * --augment-telephone[=SHARE]` and `ser evaluate --telephone`: the same
 * clips' features through a simulated phone line (ser/telephone.h),
 * appended to the wideband table as copies of their originals.
 *
 * Roles (feature_table.use):
 *   --augment-telephone: originals train+test, a SHARE of the copies
 *     (chosen by a hash of path and seed) train-only;
 *   --telephone: originals train-only, every copy test-only;
 *   both: originals train-only, copies test, the SHARE also train.
 * Outer splits are drawn over the originals and copies follow their
 * original (outer_splits.c), so a clip and its copy never straddle a split;
 * inner folds keep them together only with --group speaker. */
#ifndef SER_APP_TELEPHONE_ROWS_H
#define SER_APP_TELEPHONE_ROWS_H

#include <stdbool.h>

#include "feature_table.h"

/* Append the rows of `tel` (the telephone version of t's inputs; classes
 * not yet numbered) whose path has a row in t.  share in [0, 1] (0 with
 * test: copies only tested).  Returns -1 or an exit code after printing. */
int telephone_rows_append(const char *cmd, feature_table *t, const feature_table *tel, double share, bool test,
                          unsigned long long seed);

#endif
