/* ser_features_extract_dataset: decode and extract every item on a pool of
 * threads.  Each worker takes the next unclaimed item, decodes it and
 * computes its row with its own extractor (one per sample rate seen), so
 * every row depends on its file alone and the matrix is the same for any
 * thread count. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ser/features.h"
#include "ser/util.h"

#define RATE_CACHE 4

typedef struct job {
    const ser_dataset_item *items;
    const ser_feature_set_config *cfg;
    ser_load_config load;
    const ser_extract_options *opt;
    ser_feature_matrix *m;
    pthread_mutex_t lock;
    size_t next, done, total;
    bool nomem;
} job;

static char *dup_or_empty(const char *s) { return ser_strdup(s ? s : ""); }

static void record_error(job *j, size_t i, const char *msg)
{
    j->m->ok[i] = false;
    j->m->errors[i] = ser_strdup(msg);
    memset(j->m->values + i * j->m->dim, 0, j->m->dim * sizeof(double));
}

static void *worker(void *arg)
{
    job *j = arg;
    ser_extractor *cache[RATE_CACHE] = {0};
    size_t n_cache = 0, evict = 0;
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t i = j->next < j->total ? j->next++ : j->total;
        pthread_mutex_unlock(&j->lock);
        if (i == j->total)
            break;
        const ser_dataset_item *it = &j->items[i];
        ser_error err;
        err.message[0] = '\0';
        ser_audio audio;
        ser_status st = ser_audio_load(it->path, &j->load, &audio, &err);
        if (st != SER_OK) {
            record_error(j, i, err.message[0] ? err.message : ser_strerror(st));
        } else {
            ser_extractor *ex = NULL;
            for (size_t k = 0; k < n_cache && !ex; k++)
                if (ser_extractor_sample_rate(cache[k]) == audio.sample_rate)
                    ex = cache[k];
            if (!ex) {
                ex = ser_extractor_create(j->cfg, audio.sample_rate, &st, &err);
                if (ex && n_cache < RATE_CACHE) {
                    cache[n_cache++] = ex;
                } else if (ex) {
                    size_t slot = evict++ % RATE_CACHE;
                    ser_extractor_destroy(cache[slot]);
                    cache[slot] = ex;
                }
            }
            if (!ex) {
                char msg[sizeof err.message + 600];
                snprintf(msg, sizeof msg, "%s: %s", it->path, err.message);
                record_error(j, i, msg);
            } else if ((st = ser_extractor_compute(ex, audio.samples, audio.n_samples,
                                                   j->m->values + i * j->m->dim, &err))
                       != SER_OK) {
                char msg[sizeof err.message + 600];
                snprintf(msg, sizeof msg, "%s: %s", it->path, ser_error_message(&err, st));
                record_error(j, i, msg);
            } else {
                j->m->ok[i] = true;
            }
            ser_audio_free(&audio);
        }
        pthread_mutex_lock(&j->lock);
        if (!j->m->ok[i] && !j->m->errors[i])
            j->nomem = true;
        size_t done = ++j->done;
        if (j->opt && j->opt->progress)
            j->opt->progress(j->opt->progress_user, done, j->total);
        pthread_mutex_unlock(&j->lock);
    }
    for (size_t k = 0; k < n_cache; k++)
        ser_extractor_destroy(cache[k]);
    return NULL;
}

size_t ser_feature_matrix_ok_count(const ser_feature_matrix *m)
{
    size_t n = 0;
    for (size_t i = 0; m && m->ok && i < m->n_rows; i++)
        n += m->ok[i];
    return n;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void ser_feature_matrix_free(ser_feature_matrix *m)
{
    if (!m)
        return;
    free(m->values);
    free(m->ok);
    free_strings(m->errors, m->n_rows);
    free_strings(m->names, m->dim);
    free_strings(m->paths, m->n_rows);
    free_strings(m->labels, m->n_rows);
    free_strings(m->speakers, m->n_rows);
    free_strings(m->corpora, m->n_rows);
    free(m->spec);
    memset(m, 0, sizeof *m);
}

/* Allocate the matrix and fill names and row metadata. */
static ser_status prepare(const ser_dataset_item *items, size_t n, const ser_feature_set_config *cfg,
                          ser_feature_matrix *m)
{
    size_t dim = ser_feature_set_dim(cfg);
    memset(m, 0, sizeof *m);
    m->n_rows = n;
    m->dim = dim;
    m->values = ser_calloc_array(n ? n : 1, dim * sizeof(double));
    m->ok = calloc(n ? n : 1, sizeof *m->ok);
    m->errors = calloc(n ? n : 1, sizeof *m->errors);
    m->names = calloc(dim, sizeof *m->names);
    m->paths = calloc(n ? n : 1, sizeof(char *));
    m->labels = calloc(n ? n : 1, sizeof(char *));
    m->speakers = calloc(n ? n : 1, sizeof(char *));
    m->corpora = calloc(n ? n : 1, sizeof(char *));
    m->spec = ser_strdup(ser_feature_set_spec(cfg));
    if (!m->values || !m->ok || !m->errors || !m->names || !m->paths || !m->labels || !m->speakers || !m->corpora
        || !m->spec)
        return SER_ERR_NOMEM;
    for (size_t k = 0; k < dim; k++)
        if (!(m->names[k] = ser_strdup(ser_feature_set_name(cfg, k))))
            return SER_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const ser_dataset_item *it = &items[i];
        if (!(m->paths[i] = dup_or_empty(it->path))
            || !(m->labels[i] = dup_or_empty(it->label == SER_LABEL_NONE ? "" : ser_label_name(it->label)))
            || !(m->speakers[i] = dup_or_empty(it->speaker)) || !(m->corpora[i] = dup_or_empty(it->corpus)))
            return SER_ERR_NOMEM;
    }
    return SER_OK;
}

ser_status ser_features_extract_dataset(const ser_dataset *ds, const ser_feature_set_config *cfg,
                                        const ser_extract_options *opt, ser_feature_matrix *out, ser_error *err)
{
    if (!ds || !cfg || !out)
        return ser_error_set(err, SER_ERR_ARG, "feature extraction: invalid argument");
    size_t n = ser_dataset_count(ds);
    ser_dataset_item *items = ser_alloc_array(n ? n : 1, sizeof *items);
    if (!items)
        return ser_error_set(err, SER_ERR_NOMEM, "feature extraction: out of memory for %zu rows", n);
    for (size_t i = 0; i < n; i++)
        items[i] = *ser_dataset_item_at(ds, i);
    ser_status st = ser_features_extract_items(items, n, cfg, opt, out, err);
    free(items);
    return st;
}

ser_status ser_features_extract_items(const ser_dataset_item *items, size_t n, const ser_feature_set_config *cfg,
                                      const ser_extract_options *opt, ser_feature_matrix *out, ser_error *err)
{
    if ((!items && n) || !cfg || !out)
        return ser_error_set(err, SER_ERR_ARG, "feature extraction: invalid argument");
    ser_status st = prepare(items, n, cfg, out);
    if (st != SER_OK) {
        ser_feature_matrix_free(out);
        return ser_error_set(err, st, "feature extraction: out of memory for %zu rows", n);
    }
    job j;
    memset(&j, 0, sizeof j);
    j.items = items;
    j.cfg = cfg;
    j.load = opt && opt->load ? *opt->load : ser_load_config_default();
    j.opt = opt;
    j.m = out;
    j.total = out->n_rows;
    out->sample_rate = j.load.sample_rate;
    if (pthread_mutex_init(&j.lock, NULL) != 0) {
        ser_feature_matrix_free(out);
        return ser_error_set(err, SER_ERR_EXTERNAL, "feature extraction: cannot create a mutex");
    }
    size_t threads = opt && opt->threads > 1 ? (size_t)opt->threads : 1;
    if (threads > j.total)
        threads = j.total ? j.total : 1;
    pthread_t *tid = calloc(threads, sizeof *tid);
    size_t started = 0;
    if (tid)
        for (; started + 1 < threads; started++)
            if (pthread_create(&tid[started], NULL, worker, &j) != 0)
                break;
    worker(&j); /* the calling thread works too */
    for (size_t k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    free(tid);
    pthread_mutex_destroy(&j.lock);
    if (j.nomem) {
        ser_feature_matrix_free(out);
        return ser_error_set(err, SER_ERR_NOMEM, "feature extraction: out of memory");
    }
    return SER_OK;
}
