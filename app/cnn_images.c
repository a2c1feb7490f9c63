/* cnn_images.c - see cnn_images.h. */
#include "cnn_images.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "audio_table.h"
#include "cli.h"
#include "ser/cnn.h"
#include "ser/speaker_norm.h"
#include "ser/stft.h"
#include "ser/util.h"

ser_status cnn_clip_image(logmel_frames **lm, const ser_audio *audio, cnn_image_size size, float *image,
                          ser_error *err)
{
    if (!*lm || logmel_frames_sample_rate(*lm) != audio->sample_rate || logmel_frames_n_mels(*lm) != size.n_mels) {
        logmel_frames_destroy(*lm);
        if (!(*lm = logmel_frames_create(audio->sample_rate, size.n_mels, err)))
            return err ? err->status : SER_ERR_NOMEM;
    }
    const float *rows;
    size_t n_rows;
    ser_status st = logmel_frames_compute(*lm, audio->samples, audio->n_samples, &rows, &n_rows, err);
    return st ? st : ser_cnn_fit_length(rows, n_rows, size.n_mels, size.n_frames, image, err);
}

typedef struct job {
    const ser_dataset_item *items;
    size_t n, next, done;
    cnn_image_size size;
    ser_load_config load;
    const cnn_augment *aug;
    float *images, *aug_images;
    bool *ok;
    char **errors;
    cli_progress *bar;
    pthread_mutex_t lock;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    logmel_frames *lm = NULL;
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t i = j->next < j->n ? j->next++ : j->n;
        pthread_mutex_unlock(&j->lock);
        if (i == j->n)
            break;
        ser_error err;
        err.message[0] = '\0';
        ser_audio audio;
        ser_status st = ser_audio_load(j->items[i].path, &j->load, &audio, &err);
        if (!st) {
            const size_t img = j->size.n_mels * j->size.n_frames;
            st = cnn_clip_image(&lm, &audio, j->size, j->images + i * img, &err);
            const size_t copies = j->aug ? j->aug->copies : 0;
            for (size_t r = 0; !st && r < copies; r++) {
                ser_rng rng;
                ser_rng_seed(&rng, j->aug->seed ^ (0x9E3779B97F4A7C15ULL * (i + 1)) ^ (0xD1B54A32D192ED03ULL * (r + 1)));
                ser_audio copy = audio;
                st = ser_augment_audio(&j->aug->cfg, audio.samples, audio.n_samples, audio.sample_rate, &rng,
                                       &copy.samples, &copy.n_samples, &err);
                if (!st) {
                    st = cnn_clip_image(&lm, &copy, j->size, j->aug_images + (i * copies + r) * img, &err);
                    free(copy.samples);
                }
            }
            ser_audio_free(&audio);
        }
        pthread_mutex_lock(&j->lock);
        j->ok[i] = st == SER_OK;
        if (st)
            j->errors[i] = ser_strdup(err.message[0] ? err.message : ser_strerror(st));
        cli_progress_step(j->bar, ++j->done);
        pthread_mutex_unlock(&j->lock);
    }
    logmel_frames_destroy(lm);
    return NULL;
}

ser_status cnn_images_extract(const ser_dataset_item *items, size_t n, const ser_load_config *load, int threads,
                              cnn_image_size size, float *images, bool *ok, char **errors)
{
    return cnn_images_extract_aug(items, n, load, threads, size, NULL, images, NULL, ok, errors);
}

ser_status cnn_images_extract_aug(const ser_dataset_item *items, size_t n, const ser_load_config *load, int threads,
                                  cnn_image_size size, const cnn_augment *aug, float *images, float *aug_images,
                                  bool *ok, char **errors)
{
    cli_progress bar;
    cli_progress_start(&bar, aug && aug->copies ? "log-mel + augmented copies" : "log-mel", n);
    job j = {items, n, 0, 0, size, *load, aug && aug->copies ? aug : NULL, images, aug_images, ok, errors,
             &bar, PTHREAD_MUTEX_INITIALIZER};
    if (threads < 1)
        threads = 1;
    pthread_t tid[256];
    int started = 0;
    for (int k = 1; k < threads && k < 256; k++)
        if (pthread_create(&tid[started], NULL, worker, &j) == 0)
            started++;
    worker(&j);
    for (int k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    cli_progress_finish(&bar);
    return SER_OK;
}

int cnn_data_load(const char *cmd, char *const *inputs, int n_inputs, const ser_protocol *protocol,
                  const char *data_root, const ser_label_map *map, const ser_load_config *load, int threads,
                  cnn_image_size size, const cnn_augment *aug, cnn_data *d, batch_errors *errs)
{
    memset(d, 0, sizeof *d);
    d->size = size;
    audio_inputs in;
    int rc = audio_inputs_collect(cmd, inputs, n_inputs, n_inputs ? NULL : protocol, data_root, map, &in, errs);
    if (rc >= 0)
        return rc;
    if (!in.n) {
        audio_inputs_free(&in);
        return cli_runtime_error(cmd, "no usable audio files");
    }
    const size_t img = size.n_mels * size.n_frames;
    feature_table *t = &d->t;
    const size_t copies = aug ? aug->copies : 0;
    float *all = ser_calloc_array(in.n, img * sizeof(float));
    float *copy = copies ? ser_calloc_array(in.n * copies, img * sizeof(float)) : NULL;
    bool *ok = calloc(in.n, sizeof *ok);
    char **errors = calloc(in.n, sizeof *errors);
    t->x = malloc(sizeof(double)); /* dim 0: no feature values */
    t->paths = calloc(in.n + 1, sizeof *t->paths);
    t->labels = calloc(in.n + 1, sizeof *t->labels);
    t->speakers = calloc(in.n + 1, sizeof *t->speakers);
    t->names = calloc(1, sizeof *t->names);
    rc = -1;
    if (!all || (copies && !copy) || !ok || !errors || !t->x || !t->paths || !t->labels || !t->speakers || !t->names) {
        rc = cli_runtime_error(cmd, "out of memory");
        goto done;
    }
    cnn_images_extract_aug(in.items, in.n, load, threads, size, aug, all, copy, ok, errors);
    for (size_t i = 0; i < in.n; i++) {
        if (!ok[i]) {
            batch_errors_add(errs, cmd, in.items[i].path, errors[i] ? errors[i] : "could not be analysed");
            continue;
        }
        if (in.items[i].label == SER_LABEL_NONE) {
            batch_errors_add(errs, cmd, in.items[i].path,
                             "no label (its name follows no corpus convention: use label folders or a manifest)");
            continue;
        }
        size_t r = t->n++;
        if (r != i) {
            memcpy(all + r * img, all + i * img, img * sizeof(float));
            if (copies)
                memcpy(copy + r * copies * img, copy + i * copies * img, copies * img * sizeof(float));
        }
        t->labels[r] = in.items[i].label;
        t->paths[r] = ser_strdup(in.items[i].path);
        t->speakers[r] = in.items[i].speaker ? ser_strdup(in.items[i].speaker) : NULL;
    }
    d->images = all;
    all = NULL;
    d->aug = copy;
    d->copies = copies;
    copy = NULL;
    ser_error err = {0};
    ser_label_map id;
    ser_label_map_identity(&id);
    if (!t->n)
        rc = cli_runtime_error(cmd, "no input could be used (%zu skipped)", errs->n);
    else if (feature_table_classes(t, &id, &err))
        rc = cli_runtime_error(cmd, "%s", err.message);
    else if (t->n_classes < 2)
        rc = cli_runtime_error(cmd, "only one class (%s) after the selection; need at least two",
                               ser_label_name(t->class_labels[0]));
done:
    for (size_t i = 0; errors && i < in.n; i++)
        free(errors[i]);
    free(errors);
    free(ok);
    free(all);
    free(copy);
    audio_inputs_free(&in);
    if (rc >= 0)
        cnn_data_free(d);
    return rc;
}

int cnn_speaker_normalize(const char *cmd, cnn_data *d)
{
    for (size_t i = 0; i < d->t.n; i++)
        if (d->t.speaker_ids[i] < 0)
            return cli_runtime_error(cmd, "--speaker-norm: %s has no speaker (give a manifest with a speaker column)",
                                     d->t.paths[i]);
    ser_error err = {0};
    if (ser_speaker_normalize_bands(d->images, d->t.n, d->size.n_mels, d->size.n_frames, d->t.speaker_ids, d->aug,
                                    d->aug ? d->copies : 0, &err))
        return cli_runtime_error(cmd, "--speaker-norm: %s", err.message);
    return -1;
}

void cnn_data_free(cnn_data *d)
{
    feature_table_free(&d->t);
    free(d->images);
    free(d->aug);
    d->images = NULL;
    d->aug = NULL;
}

void cnn_set_name(cnn_image_size size, char *buf, size_t len)
{
    snprintf(buf, len, "logmel%zux%zu", size.n_mels, size.n_frames);
}

char *cnn_config_json(cnn_image_size size, const ser_load_config *load)
{
    ser_status st;
    ser_feature_set_config *seed = ser_feature_set_parse("seed", &st, NULL);
    char *text = seed ? audio_table_config_json(seed, load) : NULL;
    ser_feature_set_config_destroy(seed);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    cJSON_free(text);
    if (!j)
        return NULL;
    char name[64];
    cnn_set_name(size, name, sizeof name);
    cJSON_ReplaceItemInObject(j, "spec", cJSON_CreateString(name));
    const ser_stft_config s = ser_stft_config_default();
    cJSON_AddNumberToObject(j, "n_mels", (double)size.n_mels);
    cJSON_AddNumberToObject(j, "n_frames", (double)size.n_frames);
    cJSON_AddNumberToObject(j, "n_fft", (double)s.n_fft);
    cJSON_AddNumberToObject(j, "hop_length", (double)s.hop_length);
    text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return text;
}

/* NumPy format 1.0 header for descr and shape text; 64-byte aligned. */
static void npy_header(FILE *f, const char *descr, const char *shape)
{
    char dict[160];
    int n = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shape);
    size_t total = 10 + (size_t)n + 1, pad = (64 - total % 64) % 64, hlen = (size_t)n + pad + 1;
    fwrite("\x93NUMPY\x01\x00", 1, 8, f);
    fputc((int)(hlen & 0xff), f);
    fputc((int)(hlen >> 8), f);
    fwrite(dict, 1, (size_t)n, f);
    for (size_t k = 0; k < pad; k++)
        fputc(' ', f);
    fputc('\n', f);
}

static void put_u32le(FILE *f, uint32_t u)
{
    unsigned char b[4] = {(unsigned char)u, (unsigned char)(u >> 8), (unsigned char)(u >> 16),
                          (unsigned char)(u >> 24)};
    fwrite(b, 1, 4, f);
}

int cnn_images_write_npy(const char *cmd, const char *path, const float *images, size_t n, cnn_image_size size,
                         const int *y)
{
    size_t len = strlen(path);
    if (len > 4 && strcmp(path + len - 4, ".npy") == 0)
        len -= 4;
    char *lpath = malloc(len + 12);
    if (!lpath)
        return cli_runtime_error(cmd, "out of memory");
    memcpy(lpath, path, len);
    strcpy(lpath + len, ".labels.npy");
    FILE *f = fopen(path, "wb"), *g = fopen(lpath, "wb");
    char shape[96];
    if (f) {
        snprintf(shape, sizeof shape, "(%zu, %zu, %zu)", n, size.n_mels, size.n_frames);
        npy_header(f, "<f4", shape);
        const size_t count = n * size.n_mels * size.n_frames;
        for (size_t i = 0; i < count; i++) {
            uint32_t u;
            memcpy(&u, &images[i], 4);
            put_u32le(f, u);
        }
    }
    if (g) {
        snprintf(shape, sizeof shape, "(%zu,)", n);
        npy_header(g, "<i4", shape);
        for (size_t i = 0; i < n; i++)
            put_u32le(g, (uint32_t)y[i]);
    }
    const int bad = !f || !g || ferror(f) || ferror(g);
    const int closed = (f ? fclose(f) : 0) | (g ? fclose(g) : 0);
    int rc = -1;
    if (bad || closed)
        rc = cli_runtime_error(cmd, "cannot write %s / %s", path, lpath);
    else
        fprintf(stderr, "ser %s: wrote %zu images to %s, labels to %s\n", cmd, n, path, lpath);
    free(lpath);
    return rc;
}
