/* Suggestion rules: JSON file -> ordered rule list (include/ser/rules.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "ser/rules.h"
#include "ser/util.h"

typedef struct rule {
    char *on, *track, *label, *reason, *suggestion;
    double min_frustration;
} rule;

struct ser_rules {
    rule *r;
    size_t n;
};

void ser_rules_destroy(ser_rules *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->n; i++) {
        free(rules->r[i].on);
        free(rules->r[i].track);
        free(rules->r[i].label);
        free(rules->r[i].reason);
        free(rules->r[i].suggestion);
    }
    free(rules->r);
    free(rules);
}

size_t ser_rules_count(const ser_rules *rules) { return rules ? rules->n : 0; }

static ser_status take_string(const cJSON *o, const char *key, bool required, char **out, const char *name,
                              size_t i, ser_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) {
        if (required)
            return ser_error_set(err, SER_ERR_PARSE, "%s: rule %zu: missing \"%s\"", name, i, key);
        return SER_OK;
    }
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return ser_error_set(err, SER_ERR_PARSE, "%s: rule %zu: \"%s\" must be a non-empty string", name, i, key);
    *out = ser_strdup(v->valuestring);
    return *out ? SER_OK : ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", name);
}

static ser_status parse_rule(const cJSON *o, rule *r, const char *name, size_t i, ser_error *err)
{
    static const char *const keys[] = {"on", "track", "label", "min_frustration", "reason", "suggestion"};
    if (!cJSON_IsObject(o))
        return ser_error_set(err, SER_ERR_PARSE, "%s: rule %zu is not an object", name, i);
    for (const cJSON *k = o->child; k; k = k->next) {
        size_t j = 0;
        while (j < sizeof keys / sizeof *keys && strcmp(keys[j], k->string))
            j++;
        if (j == sizeof keys / sizeof *keys)
            return ser_error_set(err, SER_ERR_PARSE, "%s: rule %zu: unknown key \"%s\"", name, i, k->string);
    }
    ser_status st;
    if ((st = take_string(o, "on", true, &r->on, name, i, err)) || (st = take_string(o, "track", false, &r->track, name, i, err)) ||
        (st = take_string(o, "label", false, &r->label, name, i, err)) ||
        (st = take_string(o, "reason", true, &r->reason, name, i, err)) ||
        (st = take_string(o, "suggestion", true, &r->suggestion, name, i, err)))
        return st;
    if (strcmp(r->on, "alert") && strcmp(r->on, "calm") && strcmp(r->on, "emotion"))
        return ser_error_set(err, SER_ERR_PARSE, "%s: rule %zu: \"on\" is \"%s\", want alert, calm or emotion", name,
                             i, r->on);
    if (!strcmp(r->on, "emotion") && !r->label)
        return ser_error_set(err, SER_ERR_PARSE, "%s: rule %zu: an \"emotion\" rule needs a \"label\"", name, i);
    const cJSON *mf = cJSON_GetObjectItemCaseSensitive(o, "min_frustration");
    r->min_frustration = 0.0;
    if (mf) {
        if (!cJSON_IsNumber(mf) || !(mf->valuedouble >= 0.0 && mf->valuedouble <= 1.0))
            return ser_error_set(err, SER_ERR_PARSE, "%s: rule %zu: \"min_frustration\" must be a number in [0, 1]",
                                 name, i);
        r->min_frustration = mf->valuedouble;
    }
    return SER_OK;
}

ser_status ser_rules_parse(const char *text, size_t len, const char *name, ser_rules **out, ser_error *err)
{
    if (!out)
        return ser_error_set(err, SER_ERR_ARG, "rules: no output");
    *out = NULL;
    if (!name)
        name = "rules";
    if (!text)
        return ser_error_set(err, SER_ERR_ARG, "%s: no text", name);
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root)
        return ser_error_set(err, SER_ERR_PARSE, "%s: not valid JSON (near byte %td)", name,
                             cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() - text : (ptrdiff_t)0);
    ser_status st = SER_OK;
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "rules");
    ser_rules *rs = NULL;
    if (!cJSON_IsObject(root) || !cJSON_IsArray(list)) {
        st = ser_error_set(err, SER_ERR_PARSE, "%s: want an object with a \"rules\" array", name);
        goto done;
    }
    if (!cJSON_IsNumber(ver) || ver->valuedouble != 1.0) {
        st = ser_error_set(err, SER_ERR_VERSION, "%s: \"version\" must be 1", name);
        goto done;
    }
    rs = calloc(1, sizeof *rs);
    size_t n = (size_t)cJSON_GetArraySize(list);
    if (!rs || (n && !(rs->r = ser_calloc_array(n, sizeof *rs->r)))) {
        st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", name);
        goto done;
    }
    const cJSON *o;
    cJSON_ArrayForEach(o, list)
    {
        st = parse_rule(o, &rs->r[rs->n], name, rs->n, err);
        rs->n++;
        if (st)
            goto done;
    }
done:
    cJSON_Delete(root);
    if (st) {
        ser_rules_destroy(rs);
        return st;
    }
    *out = rs;
    return SER_OK;
}

ser_status ser_rules_load(const char *path, ser_rules **out, ser_error *err)
{
    if (out)
        *out = NULL;
    if (!path)
        return ser_error_set(err, SER_ERR_ARG, "rules: no path");
    FILE *f = fopen(path, "rb");
    if (!f)
        return ser_error_set(err, SER_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            if (cap > (size_t)16 << 20) {
                free(buf);
                fclose(f);
                return ser_error_set(err, SER_ERR_OVERFLOW, "%s: larger than 16 MiB", path);
            }
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", path);
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    ser_status st = bad ? ser_error_set(err, SER_ERR_IO, "%s: read error", path)
                        : ser_rules_parse(buf, len, path, out, err);
    free(buf);
    return st;
}

ser_status ser_rules_match(const ser_rules *rules, const char *on, const char *track, const char *label,
                           double frustration, const char **reason, const char **suggestion)
{
    if (reason)
        *reason = NULL;
    if (suggestion)
        *suggestion = NULL;
    if (!rules || !on)
        return SER_ERR_NOT_FOUND;
    for (size_t i = 0; i < rules->n; i++) {
        const rule *r = &rules->r[i];
        if (strcmp(r->on, on) || (r->track && (!track || strcmp(r->track, track))) ||
            (r->label && (!label || strcmp(r->label, label))) || frustration < r->min_frustration)
            continue;
        if (reason)
            *reason = r->reason;
        if (suggestion)
            *suggestion = r->suggestion;
        return SER_OK;
    }
    return SER_ERR_NOT_FOUND;
}
