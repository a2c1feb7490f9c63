/* golden.h - helpers for the golden tests against ../shared/vectors
 * (librosa 0.10.2 outputs): load the JSON, decode the inputs the way the
 * reference did, check the samples against `signal_checksum`, and compare
 * feature matrices with a combined tolerance |ours - ref| <= atol + rtol |ref|.
 *
 * Inputs: 16-bit WAV read with libsndfile's sf_readf_float (exactly
 * int16 / 32768, as soundfile gives librosa), stereo mixed as (L + R) / 2
 * in float (numpy mean over channels in float32, exact here); the
 * resampled variants are raw little-endian float32 files. */
#ifndef SER_TESTS_GOLDEN_H
#define SER_TESTS_GOLDEN_H

#include "testutil.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline cJSON *gd_load_json(const char *file)
{
    char rel[256], path[1024];
    snprintf(rel, sizeof rel, "vectors/%s", file);
    tu_shared_path(path, sizeof path, rel);
    size_t len = 0;
    char *text = tu_read_file(path, &len);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    if (!root)
        fprintf(stderr, "cannot parse %s\n", path);
    return root;
}

static inline cJSON *gd_get(const cJSON *obj, const char *path)
{
    /* dotted path: "variants.native.signal_checksum" */
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *cur = obj;
    for (char *tok = strtok(buf, "."); tok && cur; tok = strtok(NULL, "."))
        cur = cJSON_GetObjectItemCaseSensitive(cur, tok);
    return (cJSON *)cur;
}

static inline double gd_num(const cJSON *obj, const char *path)
{
    const cJSON *n = gd_get(obj, path);
    return cJSON_IsNumber(n) ? n->valuedouble : NAN;
}

/* Mono float samples of a WAV under vectors/inputs; *sr set.  NULL on error. */
static inline float *gd_read_wav(const char *name, size_t *n, double *sr)
{
    char rel[256], path[1024];
    snprintf(rel, sizeof rel, "vectors/inputs/%s", name);
    tu_shared_path(path, sizeof path, rel);
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
        if (ch == 1) {
            mono[i] = inter[i];
        } else {
            float acc = 0.0f;
            for (size_t c = 0; c < ch; c++)
                acc += inter[i * ch + c];
            mono[i] = acc / (float)ch;
        }
    }
    free(inter);
    *n = frames;
    *sr = info.samplerate;
    return mono;
}

/* Raw little-endian float32 file under vectors/. */
static inline float *gd_read_f32(const char *name, size_t *n)
{
    char rel[256], path[1024];
    snprintf(rel, sizeof rel, "vectors/%s", name);
    tu_shared_path(path, sizeof path, rel);
    size_t len = 0;
    char *bytes = tu_read_file(path, &len);
    if (!bytes)
        return NULL;
    *n = len / 4;
    float *x = malloc((*n + 1) * sizeof *x);
    for (size_t i = 0; x && i < *n; i++) {
        const unsigned char *b = (const unsigned char *)bytes + 4 * i;
        uint32_t u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
        memcpy(&x[i], &u, 4);
    }
    free(bytes);
    return x;
}

static inline uint64_t gd_fnv1a64_f32le(const float *x, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &x[i], 4);
        for (int b = 0; b < 4; b++) {
            h ^= (u >> (8 * b)) & 0xff;
            h *= 0x100000001b3ull;
        }
    }
    return h;
}

/* Check decoded samples against a signal_checksum object: FNV-1a-64 of the
 * float32 bytes, first 16 / last 4 samples and min/max exactly; the float64
 * sums with rtol 1e-12 (numpy sums pairwise, we sum in order). */
static inline bool gd_check_signal(const float *x, size_t n, const cJSON *cs, const char *what)
{
    bool ok = true;
    if ((size_t)gd_num(cs, "n_samples") != n) {
        fprintf(stderr, "%s: %zu samples, reference %g\n", what, n, gd_num(cs, "n_samples"));
        return false;
    }
    char hex[32];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)gd_fnv1a64_f32le(x, n));
    const cJSON *fnv = gd_get(cs, "fnv1a64_f32le");
    if (!cJSON_IsString(fnv) || strcmp(hex, fnv->valuestring) != 0) {
        fprintf(stderr, "%s: fnv1a64 %s, reference %s\n", what, hex, cJSON_IsString(fnv) ? fnv->valuestring : "?");
        ok = false;
    }
    double sum = 0, sabs = 0, ssq = 0, mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        sum += x[i];
        sabs += fabs(x[i]);
        ssq += (double)x[i] * x[i];
        mn = fmin(mn, x[i]);
        mx = fmax(mx, x[i]);
    }
    ok &= tu_close(sum, gd_num(cs, "sum_f64"), 1e-9, 1e-12);
    ok &= tu_close(sabs, gd_num(cs, "sum_abs_f64"), 1e-9, 1e-12);
    ok &= tu_close(ssq, gd_num(cs, "sum_sq_f64"), 1e-9, 1e-12);
    ok &= mn == gd_num(cs, "min") && mx == gd_num(cs, "max");
    const cJSON *first = gd_get(cs, "first16"), *last = gd_get(cs, "last4");
    for (int i = 0; i < cJSON_GetArraySize(first) && (size_t)i < n; i++)
        ok &= (double)x[i] == cJSON_GetArrayItem(first, i)->valuedouble;
    int nl = cJSON_GetArraySize(last);
    for (int i = 0; i < nl && (size_t)nl <= n; i++)
        ok &= (double)x[n - (size_t)nl + (size_t)i] == cJSON_GetArrayItem(last, i)->valuedouble;
    if (!ok)
        fprintf(stderr, "%s: decoded samples differ from signal_checksum\n", what);
    return ok;
}

/* Reference feature {shape, data[row][frame]}: returns (rows, cols) doubles, NaN for null. */
static inline double *gd_matrix(const cJSON *feature, size_t *rows, size_t *cols)
{
    const cJSON *data = gd_get(feature, "data");
    if (!cJSON_IsArray(data))
        return NULL;
    size_t R = (size_t)cJSON_GetArraySize(data);
    const cJSON *row0 = cJSON_GetArrayItem(data, 0);
    size_t C = cJSON_IsArray(row0) ? (size_t)cJSON_GetArraySize(row0) : 1;
    double *m = malloc((R * C + 1) * sizeof *m);
    size_t r = 0;
    const cJSON *row;
    cJSON_ArrayForEach(row, data)
    {
        if (cJSON_IsArray(row)) {
            size_t c = 0;
            const cJSON *v;
            cJSON_ArrayForEach(v, row) m[r * C + c++] = cJSON_IsNumber(v) ? v->valuedouble : NAN;
        } else {
            m[r] = cJSON_IsNumber(row) ? row->valuedouble : NAN;
        }
        r++;
    }
    *rows = cJSON_IsArray(row0) ? R : 1;
    *cols = cJSON_IsArray(row0) ? C : R;
    return m;
}

/* Result of comparing one feature. */
typedef struct gd_result {
    double worst_abs;   /* max |ours - ref| */
    double worst_ratio; /* max |ours - ref| / (atol + rtol |ref|); <= 1 passes */
    size_t n_bad, n;
} gd_result;

/* Compare ours (n_frames, rows) row-major with ref (rows, n_frames). */
static inline gd_result gd_compare(const float *ours, size_t n_frames, size_t rows, const double *ref, double atol,
                                   double rtol)
{
    gd_result r = {0, 0, 0, 0};
    for (size_t t = 0; t < n_frames; t++)
        for (size_t k = 0; k < rows; k++) {
            double a = ours[t * rows + k], b = ref[k * n_frames + t];
            double d = fabs(a - b);
            double lim = atol + rtol * fabs(b);
            if (isnan(a) || isnan(b))
                d = isnan(a) && isnan(b) ? 0 : INFINITY;
            if (d > r.worst_abs)
                r.worst_abs = d;
            if (d / lim > r.worst_ratio)
                r.worst_ratio = d / lim;
            r.n_bad += !(d <= lim);
            r.n++;
        }
    return r;
}

static inline double gd_max_abs(const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(v[i]) > m)
            m = fabs(v[i]);
    return m;
}

#endif
