/* ser/db.h - power to decibels (librosa.power_to_db).
 *
 *   db = 10 log10(max(amin, S)) - 10 log10(max(amin, ref))
 * then a floor at (max - top_db).  Which max:
 *   SER_DB_CLIP_MAX    the maximum over the whole array handed in (librosa:
 *                      over all bands and frames of a file).  Offline only:
 *                      a quiet frame's value depends on the loudest frame.
 *   SER_DB_CLIP_FIXED  a fixed max, `fixed_max_db` (causal, for streaming:
 *                      every frame is final as soon as it is computed).
 *   SER_DB_CLIP_NONE   no floor beyond amin (causal).
 * For a streaming path, use FIXED or NONE; a feature-set config can ask for
 * the same offline so that models for live use see the same numbers. */
#ifndef SER_DB_H
#define SER_DB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_db_clip { SER_DB_CLIP_MAX = 0, SER_DB_CLIP_FIXED = 1, SER_DB_CLIP_NONE = 2 } ser_db_clip;

typedef struct ser_db_config {
    double ref;          /* reference power, 0 dB (1.0) */
    double amin;         /* smallest power, > 0 (1e-10) */
    double top_db;       /* dynamic range kept below the max, dB, >= 0 (80) */
    ser_db_clip clip;    /* SER_DB_CLIP_MAX */
    double fixed_max_db; /* the max for SER_DB_CLIP_FIXED, dB (0) */
} ser_db_config;

ser_db_config ser_db_config_default(void);

/* 10 log10(max(amin, x)) - 10 log10(max(amin, ref)), no floor. */
double ser_db_from_power(const ser_db_config *cfg, double x);

/* The floor for an array whose largest unclipped dB value is max_db:
 * max_db - top_db (CLIP_MAX), fixed_max_db - top_db (CLIP_FIXED), -inf (NONE). */
double ser_db_floor(const ser_db_config *cfg, double max_db);

/* out[i] = dB of power[i] with the floor over these n values (in place
 * allowed).  Float and double versions. */
void ser_power_to_db(const ser_db_config *cfg, const float *power, float *out, size_t n);
void ser_power_to_db_f64(const ser_db_config *cfg, const double *power, double *out, size_t n);

#ifdef __cplusplus
}
#endif
#endif
