/* feature_set_internal.h (private) - the parsed form of a feature-set spec. */
#ifndef SER_FEATURES_FEATURE_SET_INTERNAL_H
#define SER_FEATURES_FEATURE_SET_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/aggregate.h"
#include "ser/features.h"

typedef enum ser__family_kind {
    SER__FAM_SEED = 0,  /* the exact 320 layout (ser/seed.h) */
    SER__FAM_MFCC,      /* n coefficients (13) from the 128-band mel dB */
    SER__FAM_DELTA,     /* librosa.feature.delta of the first n MFCCs (13) */
    SER__FAM_CHROMA,    /* 12 */
    SER__FAM_MEL,       /* n bands of mel power (128) */
    SER__FAM_LOGMEL,    /* n bands of mel power in dB (128), the MFCCs' dB */
    SER__FAM_CONTRAST,  /* 7 */
    SER__FAM_RMS,       /* 1 */
    SER__FAM_ZCR,       /* 1 */
    SER__FAM_CENTROID,  /* 1, Hz */
    SER__FAM_BANDWIDTH, /* 1, Hz */
    SER__FAM_ROLLOFF,   /* 1, Hz */
    SER__FAM_FLATNESS,  /* 1 */
    SER__FAM_PROSODY,   /* SER_PROSODY_N_DIMS values, pYIN */
    SER__FAM_PROSODY_YIN,
    SER__FAM_COUNT
} ser__family_kind;

#define SER__MAX_STATS 16
#define SER__MAX_FAMILIES 32

typedef struct ser__family {
    ser__family_kind kind;
    size_t n; /* rows (mfccN, melN, deltaN); 1 for scalars */
    ser_stat stats[SER__MAX_STATS];
    size_t n_stats;
} ser__family;

struct ser_feature_set_config {
    ser__family fam[SER__MAX_FAMILIES];
    size_t n_fam;
    bool streaming;
    size_t dim;
    char **names; /* dim names, one block */
    char *spec;   /* canonical */
};

/* Values of one family (for stat-less families: SEED, PROSODY*). */
size_t ser__family_dim(const ser__family *f);

#endif
