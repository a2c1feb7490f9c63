/* pitch_vectors.h - read ../shared/vectors for the pitch golden tests:
 * the JSON (cJSON), the decoded input signal (16-bit WAV through
 * libsndfile as int16/32768, stereo averaged in float32 as librosa's
 * to_mono does; resampled variants from their raw float32 LE .f32 file),
 * checked against the variant's signal_checksum (FNV-1a-64 of the
 * float32 LE bytes).  Built on golden.h's readers.  Header-only: each
 * test is its own executable. */
#ifndef SER_TESTS_PITCH_VECTORS_H
#define SER_TESTS_PITCH_VECTORS_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "golden.h"

/* The vector files that carry features (every *.json but the tables). */
static const char *const pv_stems[] = {
    "all_silent_16000", "chirp100-8000_22050",    "short_0.05s_22050", "sine440_22050",
    "speech_16000",     "speech_22050",           "speech_noisy10dB_22050",
    "stereo_44100",     "tone_then_silence_22050", "whitenoise_16000",
};
#define PV_N_STEMS (sizeof pv_stems / sizeof pv_stems[0])

static inline cJSON *pv_load_json(const char *stem)
{
    char file[200];
    snprintf(file, sizeof file, "%.190s.json", stem);
    return gd_load_json(file);
}

/* The decoded signal of one variant, checked against its checksum
 * (returns NULL on any mismatch).  *sr receives the variant's rate. */
static inline float *pv_load_signal(const cJSON *root, const char *stem, const cJSON *variant,
                                    size_t *n, double *sr)
{
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(variant, "resampled_signal_file");
    float *x;
    if (cJSON_IsString(file)) {
        x = gd_read_f32(file->valuestring, n);
    } else {
        const cJSON *input = cJSON_GetObjectItemCaseSensitive(root, "input");
        double native_sr;
        x = gd_read_wav(cJSON_IsString(input) ? input->valuestring : stem, n, &native_sr);
    }
    if (!x)
        return NULL;
    const cJSON *cs = cJSON_GetObjectItemCaseSensitive(variant, "signal_checksum");
    const cJSON *fnv = cJSON_GetObjectItemCaseSensitive(cs, "fnv1a64_f32le");
    const cJSON *ns = cJSON_GetObjectItemCaseSensitive(cs, "n_samples");
    char hex[32];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)gd_fnv1a64_f32le(x, *n));
    if (!cJSON_IsString(fnv) || strcmp(hex, fnv->valuestring) != 0 || !cJSON_IsNumber(ns) ||
        (size_t)ns->valuedouble != *n) {
        fprintf(stderr, "%s: decoded signal does not match signal_checksum (%s)\n", stem, hex);
        free(x);
        return NULL;
    }
    *sr = cJSON_GetObjectItemCaseSensitive(variant, "sr")->valuedouble;
    return x;
}

/* features.<name>.data as doubles (null -> NaN, true/false -> 1/0). */
static inline double *pv_feature(const cJSON *variant, const char *name, size_t *n)
{
    const cJSON *feats = cJSON_GetObjectItemCaseSensitive(variant, "features");
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(feats, name);
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(f, "data");
    if (!cJSON_IsArray(data))
        return NULL;
    *n = (size_t)cJSON_GetArraySize(data);
    double *v = malloc((*n + 1) * sizeof *v);
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, data)
    {
        if (cJSON_IsNumber(e))
            v[i] = e->valuedouble;
        else if (cJSON_IsBool(e))
            v[i] = cJSON_IsTrue(e) ? 1.0 : 0.0;
        else
            v[i] = NAN;
        i++;
    }
    return v;
}

#endif
