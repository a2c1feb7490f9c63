/* Arousal / valence from class probabilities (include/ser/affect.h). */
#include "ser/affect.h"

static const double affect_table[SER_LABEL_COUNT][2] = {
    [SER_LABEL_NEUTRAL] = {0.0, 0.0},   [SER_LABEL_CALM] = {-0.6, 0.3},     [SER_LABEL_HAPPY] = {0.6, 0.8},
    [SER_LABEL_SAD] = {-0.6, -0.6},     [SER_LABEL_ANGRY] = {0.8, -0.7},    [SER_LABEL_FEARFUL] = {0.6, -0.6},
    [SER_LABEL_DISGUST] = {0.3, -0.7},  [SER_LABEL_SURPRISED] = {0.7, 0.3}, [SER_LABEL_BOREDOM] = {-0.7, -0.3},
};

void ser_affect_of_label(ser_label label, double *arousal, double *valence)
{
    int ok = label >= 0 && label < SER_LABEL_COUNT;
    *arousal = ok ? affect_table[label][0] : 0.0;
    *valence = ok ? affect_table[label][1] : 0.0;
}

void ser_affect_from_probs(const ser_label *labels, const double *probs, size_t n, double *arousal, double *valence)
{
    double a = 0.0, v = 0.0;
    for (size_t k = 0; k < n; k++) {
        double pa, pv;
        ser_affect_of_label(labels[k], &pa, &pv);
        a += probs[k] * pa;
        v += probs[k] * pv;
    }
    *arousal = a;
    *valence = v;
}
