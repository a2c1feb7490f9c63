/* audio_table.c - see audio_table.h. */
#include "audio_table.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli.h"
#include "ser/util.h"

static void progress(void *user, size_t done, size_t total)
{
    (void)total;
    cli_progress_step(user, done);
}

int audio_table_extract(const char *cmd, const audio_inputs *in, const ser_feature_set_config *set,
                        const ser_load_config *load, int threads, bool need_labels, feature_table *t,
                        batch_errors *errs)
{
    memset(t, 0, sizeof *t);
    if (!in->n)
        return cli_runtime_error(cmd, "no usable audio files");
    ser_feature_matrix m;
    ser_error err = {0};
    cli_progress bar;
    cli_progress_start(&bar, "features", in->n);
    ser_extract_options xo = {load, threads, progress, &bar};
    ser_status st = ser_features_extract_items(in->items, in->n, set, &xo, &m, &err);
    cli_progress_finish(&bar);
    if (st)
        return cli_runtime_error(cmd, "%s", err.message);
    size_t dim = m.dim;
    t->dim = dim;
    t->x = ser_calloc_array(m.n_rows ? m.n_rows : 1, dim * sizeof *t->x);
    t->paths = calloc(m.n_rows + 1, sizeof *t->paths);
    t->labels = calloc(m.n_rows + 1, sizeof *t->labels);
    t->speakers = calloc(m.n_rows + 1, sizeof *t->speakers);
    t->names = calloc(dim, sizeof *t->names);
    int rc = -1;
    if (!t->x || !t->paths || !t->labels || !t->speakers || !t->names)
        goto nomem;
    for (size_t j = 0; j < dim; j++)
        if (!(t->names[j] = ser_strdup(m.names[j])))
            goto nomem;
    for (size_t i = 0; i < m.n_rows; i++) {
        if (!m.ok[i]) {
            batch_errors_add(errs, cmd, m.paths[i], m.errors[i] ? m.errors[i] : "could not be analysed");
            continue;
        }
        ser_label l = in->items[i].label;
        if (need_labels && l == SER_LABEL_NONE) {
            batch_errors_add(errs, cmd, m.paths[i],
                             "no label (its name follows no corpus convention: use label folders or a manifest)");
            continue;
        }
        size_t r = t->n;
        memcpy(t->x + r * dim, m.values + i * dim, dim * sizeof *t->x);
        t->labels[r] = l;
        t->paths[r] = ser_strdup(m.paths[i]);
        t->speakers[r] = m.speakers[i][0] ? ser_strdup(m.speakers[i]) : NULL;
        t->n++;
        if (!t->paths[r] || (m.speakers[i][0] && !t->speakers[r]))
            goto nomem;
    }
    if (!t->n)
        rc = cli_runtime_error(cmd, "no input could be used (%zu skipped)", errs->n);
    goto done;
nomem:
    rc = cli_runtime_error(cmd, "out of memory");
done:
    ser_feature_matrix_free(&m);
    if (rc >= 0)
        feature_table_free(t);
    return rc;
}

char *audio_table_config_json(const ser_feature_set_config *set, const ser_load_config *load)
{
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    cJSON_AddStringToObject(j, "spec", ser_feature_set_spec(set));
    cJSON_AddBoolToObject(j, "streaming", ser_feature_set_streaming(set));
    cJSON_AddNumberToObject(j, "sample_rate", load->sample_rate);
    if (load->denoise)
        cJSON_AddStringToObject(j, "denoise",
                                load->denoise_mode == SER_DENOISE_STATIONARY ? "stationary" : "nonstationary");
    else
        cJSON_AddNullToObject(j, "denoise");
    if (load->trim)
        cJSON_AddNumberToObject(j, "trim", load->trim_config.top_db);
    else
        cJSON_AddNullToObject(j, "trim");
    if (load->window_s > 0.0)
        cJSON_AddNumberToObject(j, "window", load->window_s);
    if (load->normalize != SER_NORMALIZE_NONE) {
        cJSON *n = cJSON_AddObjectToObject(j, "normalize");
        cJSON_AddStringToObject(n, "mode", load->normalize == SER_NORMALIZE_RMS ? "rms" : "peak");
        cJSON_AddNumberToObject(n, "dbfs", load->normalize_dbfs);
    } else {
        cJSON_AddNullToObject(j, "normalize");
    }
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return text;
}

bool audio_table_config_parse(const char *header_json, ser_load_config *load, char *spec, size_t spec_len,
                              bool *streaming)
{
    cJSON *root = cJSON_Parse(header_json);
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "features");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(f, "config");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(c, "spec");
    const cJSON *sr = cJSON_GetObjectItemCaseSensitive(c, "sample_rate");
    const cJSON *dn = cJSON_GetObjectItemCaseSensitive(c, "denoise");
    const cJSON *tr = cJSON_GetObjectItemCaseSensitive(c, "trim");
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(c, "normalize");
    bool ok = cJSON_IsString(s) && strlen(s->valuestring) < spec_len && cJSON_IsNumber(sr) && sr->valuedouble >= 0;
    if (ok) {
        strcpy(spec, s->valuestring);
        *streaming = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "streaming"));
        load->sample_rate = (int)sr->valuedouble;
        if (cJSON_IsString(dn)) {
            load->denoise = true;
            load->denoise_mode = strcmp(dn->valuestring, "stationary") == 0 ? SER_DENOISE_STATIONARY
                                                                             : SER_DENOISE_NONSTATIONARY;
        }
        if (cJSON_IsNumber(tr)) {
            load->trim = true;
            load->trim_config.top_db = tr->valuedouble;
        }
        const cJSON *win = cJSON_GetObjectItemCaseSensitive(c, "window");
        if (cJSON_IsNumber(win) && win->valuedouble > 0.0 && win->valuedouble < 3600.0)
            load->window_s = win->valuedouble;
        const cJSON *mode = cJSON_GetObjectItemCaseSensitive(nm, "mode");
        const cJSON *dbfs = cJSON_GetObjectItemCaseSensitive(nm, "dbfs");
        if (cJSON_IsString(mode) && cJSON_IsNumber(dbfs)) {
            load->normalize = strcmp(mode->valuestring, "rms") == 0 ? SER_NORMALIZE_RMS : SER_NORMALIZE_PEAK;
            load->normalize_dbfs = dbfs->valuedouble;
        }
    }
    cJSON_Delete(root);
    return ok;
}
