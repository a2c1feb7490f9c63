/* json_ref.h - read reference JSON (made by the scripts in tests/ml/) in
 * the ml tests.  Header-only (static) so that every test_*.c can use it. */
#ifndef SER_TESTS_ML_JSON_REF_H
#define SER_TESTS_ML_JSON_REF_H

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

/* Parse tests/ml/data/<name>; fails the test when missing or malformed. */
static inline cJSON *ref_load(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/ml/data/%s", SER_SOURCE_DIR, name);
    size_t len = 0;
    char *text = tu_read_file(path, &len);
    if (!text)
        fail_msg("cannot read %s", path);
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    if (!root)
        fail_msg("cannot parse %s", path);
    return root;
}

static inline const cJSON *ref_get(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        fail_msg("reference JSON has no key '%s'", key);
    return v;
}

static inline double ref_num(const cJSON *obj, const char *key)
{
    const cJSON *v = ref_get(obj, key);
    if (!cJSON_IsNumber(v))
        fail_msg("'%s' is not a number", key);
    return v->valuedouble;
}

/* malloc'd copy of a numeric array; *n its length. */
static inline double *ref_doubles(const cJSON *obj, const char *key, size_t *n)
{
    const cJSON *a = ref_get(obj, key);
    size_t len = (size_t)cJSON_GetArraySize(a);
    double *out = malloc((len ? len : 1) * sizeof *out);
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, a) out[i++] = e->valuedouble;
    *n = len;
    return out;
}

static inline int *ref_ints(const cJSON *obj, const char *key, size_t *n)
{
    const cJSON *a = ref_get(obj, key);
    size_t len = (size_t)cJSON_GetArraySize(a);
    int *out = malloc((len ? len : 1) * sizeof *out);
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, a) out[i++] = (int)e->valuedouble;
    *n = len;
    return out;
}

#endif
