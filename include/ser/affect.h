/* ser/affect.h - arousal and valence from class probabilities.
 *
 * Each canonical label has a fixed point on Russell's circumplex
 * (arousal: calm -1 .. excited +1; valence: negative -1 .. positive +1),
 * placed after the category positions in Russell (1980) and the
 * dimensional ratings commonly used to map categorical SER corpora:
 *
 *   label      arousal  valence        label      arousal  valence
 *   neutral      0.0      0.0          fearful      0.6     -0.6
 *   calm        -0.6      0.3          disgust      0.3     -0.7
 *   happy        0.6      0.8          surprised    0.7      0.3
 *   sad         -0.6     -0.6          boredom     -0.7     -0.3
 *   angry        0.8     -0.7
 *
 * A window's arousal / valence is the probability-weighted mean of its
 * classes' points (a class without a canonical label counts as neutral).
 * These are coarse, documented conventions, not measurements. */
#ifndef SER_AFFECT_H
#define SER_AFFECT_H

#include <stddef.h>

#include "ser/labels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The table above; (0, 0) for SER_LABEL_NONE or out of range. */
void ser_affect_of_label(ser_label label, double *arousal, double *valence);
/* sum_k probs[k] * point(labels[k]). */
void ser_affect_from_probs(const ser_label *labels, const double *probs, size_t n, double *arousal, double *valence);

#ifdef __cplusplus
}
#endif
#endif
