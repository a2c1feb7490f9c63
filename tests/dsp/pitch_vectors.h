/* pitch_vectors.h - read ../shared/vectors for the pitch golden tests:
 * the JSON (cJSON), the decoded input signal (16-bit WAV through
 * libsndfile as int16/32768, stereo averaged in float32 as librosa's
 * to_mono does; resampled variants from their raw float32 LE .f32 file),
 * checked against the variant's signal_checksum (FNV-1a-64 of the
 * float32 LE bytes).  Header-only: each test is its own executable. */
#ifndef SER_TESTS_PITCH_VECTORS_H
#define SER_TESTS_PITCH_VECTORS_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sndfile.h>

#include "testutil.h"

/* The vector files that carry features (every *.json but the tables). */
static const char *const pv_stems[] = {
    "all_silent_16000", "chirp100-8000_22050",    "short_0.05s_22050", "sine440_22050",
    "speech_16000",     "speech_22050",           "speech_noisy10dB_22050",
    "stereo_44100",     "tone_then_silence_22050", "whitenoise_16000",
};
#define PV_N_STEMS (sizeof pv_stems / sizeof pv_stems[0])

static inline cJSON *pv_load_json(const char *stem)
{
    char rel[256], path[1024];
    snprintf(rel, sizeof rel, "vectors/%s.json", stem);
    tu_shared_path(path, sizeof path, rel);
    char *text = tu_read_file(path, NULL);
    if (!text)
        return NULL;
    cJSON *j = cJSON_Parse(text);
    free(text);
    return j;
}

static inline uint64_t pv_fnv1a64(const float *x, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t bits;
        memcpy(&bits, &x[i], sizeof bits);
        for (int b = 0; b < 4; b++) { /* little-endian byte order */
            h ^= (bits >> (8 * b)) & 0xffu;
            h *= 0x100000001b3ULL;
        }
    }
    return h;
}

static inline float *pv_read_wav_mono(const char *path, size_t *n)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f)
        return NULL;
    size_t frames = (size_t)info.frames, ch = (size_t)info.channels;
    float *inter = malloc((frames * ch + 1) * sizeof *inter);
    float *mono = malloc((frames + 1) * sizeof *mono);
    if (!inter || !mono || sf_readf_float(f, inter, (sf_count_t)frames) != (sf_count_t)frames) {
        free(inter);
        free(mono);
        sf_close(f);
        return NULL;
    }
    sf_close(f);
    for (size_t i = 0; i < frames; i++) {
        float acc = 0.0f;
        for (size_t c = 0; c < ch; c++)
            acc += inter[i * ch + c];
        mono[i] = ch == 1 ? acc : acc / (float)ch;
    }
    free(inter);
    *n = frames;
    return mono;
}

static inline float *pv_read_f32(const char *path, size_t *n)
{
    size_t bytes;
    char *raw = tu_read_file(path, &bytes);
    if (!raw)
        return NULL;
    float *x = malloc(bytes + sizeof(float));
    if (x)
        memcpy(x, raw, bytes);
    free(raw);
    *n = bytes / sizeof(float);
    return x;
}

/* The decoded signal of one variant, checked against its checksum
 * (returns NULL on any mismatch).  *sr receives the variant's rate. */
static inline float *pv_load_signal(const cJSON *root, const char *stem, const cJSON *variant,
                                    size_t *n, double *sr)
{
    char rel[512], path[1024];
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(variant, "resampled_signal_file");
    float *x;
    if (cJSON_IsString(file)) {
        snprintf(rel, sizeof rel, "vectors/%s", file->valuestring);
        x = pv_read_f32(tu_shared_path(path, sizeof path, rel), n);
    } else {
        const cJSON *input = cJSON_GetObjectItemCaseSensitive(root, "input");
        snprintf(rel, sizeof rel, "vectors/inputs/%s",
                 cJSON_IsString(input) ? input->valuestring : stem);
        x = pv_read_wav_mono(tu_shared_path(path, sizeof path, rel), n);
    }
    if (!x)
        return NULL;
    const cJSON *cs = cJSON_GetObjectItemCaseSensitive(variant, "signal_checksum");
    const cJSON *fnv = cJSON_GetObjectItemCaseSensitive(cs, "fnv1a64_f32le");
    const cJSON *ns = cJSON_GetObjectItemCaseSensitive(cs, "n_samples");
    char hex[32];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)pv_fnv1a64(x, *n));
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
