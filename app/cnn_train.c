/* cnn_train.c - see cnn_train.h. */
#include "cnn_train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>
#include <cblas.h>

#include "cli.h"
#include "cnn_images.h"
#include "ser/model.h"
#include "ser/util.h"

typedef struct epoch_print {
    FILE *out;
    double t;
} epoch_print;

static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void on_epoch(void *user, size_t epoch, double tl, double ta, double vl, double va)
{
    epoch_print *p = user;
    const double t = wall_seconds();
    fprintf(p->out, "%5zu %10.4f %9.4f %10.4f %9.4f %8.2f\n", epoch + 1, tl, ta, vl, va, t - p->t);
    fflush(p->out);
    p->t = t;
}

int cnn_fit(const char *cmd, const cnn_options *o, const float *images, const int *y, size_t n, size_t n_classes,
            unsigned long long seed, FILE *out, ser_cnn **net, ser_cnn_curves *curves)
{
    return cnn_fit_extra(cmd, o, images, y, n, NULL, NULL, 0, n_classes, seed, out, net, curves, NULL);
}

static void on_trial(void *user, size_t i, const ser_cnn_search_trial *t)
{
    epoch_print *p = user;
    fprintf(p->out, "draw %zu: lr %.3g, batch %zu, width %g, depth %zu -> val_loss %.4f, val_acc %.4f (%zu epochs)\n",
            i + 1, t->lr, t->batch_size, t->width, t->depth, t->val_loss, t->val_acc, t->epochs);
    fflush(p->out);
}

static int fit_search(const char *cmd, const cnn_options *o, const ser_cnn_config *c,
                      const ser_cnn_train_config *t, const float *images, const int *y, size_t n,
                      unsigned long long seed, FILE *out, ser_cnn **net, ser_cnn_curves *curves,
                      ser_cnn_search_result *sr)
{
    ser_cnn_search_config sc = o->search_cfg;
    sc.seed = seed;
    sc.threads = o->threads ? o->threads : 1;
    if (sc.threads > 1)
        openblas_set_num_threads(1);
    epoch_print p = {out, wall_seconds()};
    if (out) {
        fprintf(out, "CNN random search: %zu draws on %zu images (+ %zu augmented copies), %zu classes\n",
                sc.n_iter, n, t->n_extra, c->n_classes);
        sc.on_trial = on_trial;
        sc.user = &p;
    }
    ser_cnn_search_result local;
    ser_status st;
    ser_error err = {0};
    if (!(*net = ser_cnn_search(c, t, &sc, images, y, n, sr ? sr : &local, curves, &st, &err)))
        return cli_runtime_error(cmd, "%s", err.message);
    if (out) {
        const ser_cnn_search_result *r = sr ? sr : &local;
        fprintf(out, "kept draw %zu (val_loss %.4f), best epoch %zu\n", r->best + 1, r->trials[r->best].val_loss,
                curves->best_epoch + 1);
    }
    if (!sr)
        ser_cnn_search_result_free(&local);
    return -1;
}

static int fit_one(const char *cmd, const cnn_options *o, const ser_cnn_config *c, ser_cnn_train_config *t,
                   const float *images, const int *y, size_t n, FILE *out, ser_cnn **net, ser_cnn_curves *curves)
{
    ser_status st;
    ser_error err = {0};
    if (!(*net = ser_cnn_create(c, &st, &err)))
        return cli_runtime_error(cmd, "%s", err.message);
    if (o->threads > 1) {
        openblas_set_num_threads(1); /* one OpenBLAS thread per worker: no oversubscription */
        if ((st = ser_cnn_set_threads(*net, o->threads, &err))) {
            ser_cnn_destroy(*net);
            *net = NULL;
            return cli_runtime_error(cmd, "%s", err.message);
        }
    }
    epoch_print p = {out, wall_seconds()};
    if (out) {
        fprintf(out, "CNN: %zu parameters, %zu images of %zu x %zu (+ %zu augmented copies), %zu classes\n",
                ser_cnn_param_count(*net), n, c->n_mels, c->n_frames, t->n_extra, c->n_classes);
        fprintf(out, "%5s %10s %9s %10s %9s %8s\n", "epoch", "train_loss", "train_acc", "val_loss", "val_acc",
                "seconds");
        t->on_epoch = on_epoch;
        t->user = &p;
    }
    if ((st = ser_cnn_train(*net, images, y, n, t, curves, &err))) {
        ser_cnn_destroy(*net);
        *net = NULL;
        ser_cnn_curves_free(curves);
        return cli_runtime_error(cmd, "%s", err.message);
    }
    if (out) {
        fprintf(out, "best epoch %zu (val_loss %.4f, val_acc %.4f)%s", curves->best_epoch + 1,
                curves->val_loss[curves->best_epoch], curves->val_acc[curves->best_epoch],
                t->restore_best ? ", weights restored" : "");
        if (curves->n_epochs < t->epochs)
            fprintf(out, "; early stop after epoch %zu (patience %zu)", curves->n_epochs, t->patience);
        fputc('\n', out);
    }
    return -1;
}

int cnn_fit_extra(const char *cmd, const cnn_options *o, const float *images, const int *y, size_t n,
                  const float *extra, const size_t *source, size_t n_extra, size_t n_classes, unsigned long long seed,
                  FILE *out, ser_cnn **net, ser_cnn_curves *curves, ser_cnn_search_result *sr)
{
    if (sr)
        memset(sr, 0, sizeof *sr);
    memset(curves, 0, sizeof *curves);
    *net = NULL;
    ser_cnn_config c = o->net;
    c.n_classes = n_classes;
    c.seed = seed;
    if (c.max_batch < o->train.batch_size)
        c.max_batch = o->train.batch_size;
    ser_cnn_train_config t = o->train;
    t.seed = seed;
    t.extra_images = extra;
    t.extra_source = source;
    t.n_extra = extra ? n_extra : 0;
    double *weights = ser_alloc_array(n_classes, sizeof *weights);
    if (!weights)
        return cli_runtime_error(cmd, "out of memory");
    ser_error err = {0};
    const int weighted = cnn_class_weights(o, y, n, n_classes, weights, &err);
    int rc;
    if (weighted < 0) {
        rc = cli_runtime_error(cmd, "--class-weight %s: %s", ser_class_weight_mode_name(o->class_weight),
                               err.message);
    } else {
        t.class_weights = weighted ? weights : NULL;
        rc = o->search ? fit_search(cmd, o, &c, &t, images, y, n, seed, out, net, curves, sr)
                       : fit_one(cmd, o, &c, &t, images, y, n, out, net, curves);
    }
    free(weights);
    return rc;
}

static cJSON *numbers(const double *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, isfinite(v[i]) ? cJSON_CreateNumber(v[i]) : cJSON_CreateNull());
    return a;
}

static void add_optimiser(cJSON *t, const ser_cnn_optim_config *opt)
{
    cJSON_AddStringToObject(t, "optimizer", opt->kind == SER_CNN_SGD ? "sgd" : "adam");
    if (opt->kind == SER_CNN_SGD)
        cJSON_AddNumberToObject(t, "momentum", opt->momentum);
    cJSON_AddNumberToObject(t, "weight_decay", opt->weight_decay);
    cJSON *s = cJSON_AddObjectToObject(t, "lr_schedule");
    cJSON_AddStringToObject(s, "kind", cnn_schedule_name(opt->schedule));
    if (opt->schedule == SER_CNN_LR_STEP) {
        cJSON_AddNumberToObject(s, "step_epochs", (double)opt->step_epochs);
        cJSON_AddNumberToObject(s, "gamma", opt->gamma);
    } else if (opt->schedule == SER_CNN_LR_COSINE) {
        cJSON_AddNumberToObject(s, "lr_min", opt->lr_min);
    }
}

char *cnn_curves_json(const cnn_options *o, const ser_cnn_curves *c, const ser_cnn_search_result *sr,
                      unsigned long long seed, const double *class_weights, size_t n_classes, bool speaker_norm)
{
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    cJSON_AddStringToObject(j, "kind", "cnn");
    cJSON_AddBoolToObject(j, "speaker_norm", speaker_norm);
    cJSON *t = cJSON_AddObjectToObject(j, "train");
    cJSON_AddNumberToObject(t, "epochs", (double)o->train.epochs);
    cJSON_AddNumberToObject(t, "batch_size", (double)o->train.batch_size);
    cJSON_AddNumberToObject(t, "lr", o->train.optim.lr);
    add_optimiser(t, &o->train.optim);
    cJSON_AddStringToObject(t, "class_weight", ser_class_weight_mode_name(class_weights ? o->class_weight
                                                                                        : SER_CLASS_WEIGHT_NONE));
    cJSON_AddItemToObject(t, "class_weights", class_weights ? numbers(class_weights, n_classes) : cJSON_CreateNull());
    cJSON_AddNumberToObject(t, "patience", (double)o->train.patience);
    cJSON_AddNumberToObject(t, "val_fraction", o->train.val_fraction);
    cJSON_AddNumberToObject(t, "seed", (double)seed);
    if (o->aug.copies || o->train.freq_masks || o->train.time_masks || o->train.mixup_alpha > 0.0) {
        const ser_augment_config *a = &o->aug.cfg;
        cJSON *g = cJSON_AddObjectToObject(t, "augment");
        cJSON_AddNumberToObject(g, "copies", (double)o->aug.copies);
        if (o->aug.copies) {
            cJSON_AddItemToObject(g, "speed", numbers((const double[2]){a->speed_min, a->speed_max}, 2));
            cJSON_AddNumberToObject(g, "shift_s", a->shift_max_s);
            cJSON_AddNumberToObject(g, "gain_db", a->gain_max_db);
            cJSON_AddNumberToObject(g, "noise_prob", a->noise_prob);
            cJSON_AddItemToObject(g, "snr_db", numbers((const double[2]){a->snr_min_db, a->snr_max_db}, 2));
            cJSON_AddNumberToObject(g, "telephone_prob", a->telephone_prob);
        }
        cJSON_AddItemToObject(g, "spec_freq",
                              numbers((const double[2]){(double)o->train.freq_masks, (double)o->train.freq_mask_max}, 2));
        cJSON_AddItemToObject(g, "spec_time",
                              numbers((const double[2]){(double)o->train.time_masks, (double)o->train.time_mask_max}, 2));
        cJSON_AddNumberToObject(g, "mixup_alpha", o->train.mixup_alpha);
    }
    if (sr && sr->n_trials) {
        const ser_cnn_search_trial *b = &sr->trials[sr->best];
        cJSON_ReplaceItemInObject(t, "batch_size", cJSON_CreateNumber((double)b->batch_size));
        cJSON_ReplaceItemInObject(t, "lr", cJSON_CreateNumber(b->lr));
        cJSON *s = cJSON_AddObjectToObject(j, "search");
        cJSON_AddStringToObject(s, "method", "random");
        cJSON_AddNumberToObject(s, "best", (double)sr->best);
        cJSON *a = cJSON_AddArrayToObject(s, "trials");
        for (size_t i = 0; i < sr->n_trials; i++) {
            const ser_cnn_search_trial *q = &sr->trials[i];
            cJSON *e = cJSON_CreateObject();
            cJSON_AddNumberToObject(e, "lr", q->lr);
            cJSON_AddNumberToObject(e, "batch_size", (double)q->batch_size);
            cJSON_AddNumberToObject(e, "width", q->width);
            cJSON_AddNumberToObject(e, "depth", (double)q->depth);
            cJSON_AddItemToObject(e, "val_loss", isfinite(q->val_loss) ? cJSON_CreateNumber(q->val_loss) : cJSON_CreateNull());
            cJSON_AddItemToObject(e, "val_acc", isfinite(q->val_acc) ? cJSON_CreateNumber(q->val_acc) : cJSON_CreateNull());
            cJSON_AddNumberToObject(e, "epochs", (double)q->epochs);
            cJSON_AddItemToArray(a, e);
        }
    }
    cJSON_AddNumberToObject(j, "n_epochs", (double)c->n_epochs);
    cJSON_AddNumberToObject(j, "best_epoch", (double)c->best_epoch + 1);
    cJSON_AddBoolToObject(j, "early_stop", c->n_epochs < o->train.epochs);
    cJSON *cu = cJSON_AddObjectToObject(j, "curves");
    cJSON_AddItemToObject(cu, "train_loss", numbers(c->train_loss, c->n_epochs));
    cJSON_AddItemToObject(cu, "train_acc", numbers(c->train_acc, c->n_epochs));
    cJSON_AddItemToObject(cu, "val_loss", numbers(c->val_loss, c->n_epochs));
    cJSON_AddItemToObject(cu, "val_acc", numbers(c->val_acc, c->n_epochs));
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return text;
}

int cnn_train_command(const char *cmd, ml_options *o, const cnn_options *co, char *const *inputs, int n_inputs,
                      const char *output, const char *command_line)
{
    ser_error err = {0};
    ser_label_map map;
    if (ser_label_map_build(&map, o->labels, o->merges, o->n_merges, &err))
        return cli_usage_error(cmd, "%s", err.message);
    if (o->features)
        return cli_usage_error(cmd, "--kind cnn learns from audio: --features CSV cannot be used");
    if (o->group_speaker)
        return cli_usage_error(cmd, "--group does not apply to --kind cnn");
    cnn_options co_common = *co;
    if (cnn_common_options(cmd, o, &co_common) < 0)
        return SER_EXIT_USAGE;
    co = &co_common;
    if (!n_inputs)
        return cli_usage_error(cmd, "no data: give audio files, folders or manifests");
    if (cli_audio_options_check(cmd, &o->load) < 0)
        return SER_EXIT_USAGE;
    cnn_data d;
    cnn_augment aug = co->aug;
    aug.seed = o->seed;
    const cnn_image_size size = {co->net.n_mels, co->net.n_frames};
    int rc = cnn_data_load(cmd, inputs, n_inputs, NULL, cli_data_root(o->data_root), &map, &o->load, o->threads, size,
                           &aug, &d, &o->errors);
    if (rc >= 0)
        return rc;
    if (o->speaker_norm && (rc = cnn_speaker_normalize(cmd, &d)) >= 0) {
        cnn_data_free(&d);
        return rc;
    }
    if (co->images_out &&
        (rc = cnn_images_write_npy(cmd, co->images_out, d.images, d.t.n, size, d.t.y)) >= 0) {
        cnn_data_free(&d);
        return rc;
    }
    ser_cnn *net = NULL;
    ser_cnn_curves curves;
    ser_cnn_search_result sr;
    memset(&sr, 0, sizeof sr);
    size_t *source = d.copies ? ser_alloc_array(d.t.n * d.copies, sizeof *source) : NULL;
    for (size_t j = 0; source && j < d.t.n * d.copies; j++)
        source[j] = j / d.copies;
    if (d.copies && !source)
        rc = cli_runtime_error(cmd, "out of memory");
    else
        rc = cnn_fit_extra(cmd, co, d.images, d.t.y, d.t.n, d.aug, source, d.t.n * d.copies, d.t.n_classes, o->seed,
                           stdout, &net, &curves, &sr);
    free(source);
    if (rc >= 0) {
        cnn_data_free(&d);
        return rc;
    }
    const char *labels[SER_LABEL_COUNT];
    for (size_t k = 0; k < d.t.n_classes; k++)
        labels[k] = ser_label_name(d.t.class_labels[k]);
    char set[64];
    cnn_set_name(size, set, sizeof set);
    double weights[SER_LABEL_COUNT];
    const int weighted = cnn_class_weights(co, d.t.y, d.t.n, d.t.n_classes, weights, &err); /* as cnn_fit's */
    char *config = cnn_config_json(size, &o->load);
    char *metrics = cnn_curves_json(co, &curves, &sr, o->seed, weighted > 0 ? weights : NULL, d.t.n_classes,
                                    o->speaker_norm);
    ser_model_meta meta;
    ser_model_meta_default(&meta);
    meta.feature_set = set;
    meta.feature_config_json = config;
    meta.sample_rate = o->load.sample_rate;
    meta.label_names = labels;
    meta.n_classes = d.t.n_classes;
    meta.n_train = d.t.n;
    meta.cv_metrics_json = metrics;
    meta.command_line = command_line;
    meta.seed = o->seed;
    ser_model *model = NULL;
    ser_status st = config && metrics ? ser_model_create_cnn(&meta, net, &model, &err)
                                      : ser_error_set(&err, SER_ERR_NOMEM, "out of memory");
    if (!st)
        st = ser_model_save(model, output, &err);
    ser_model_destroy(model);
    cJSON_free(config);
    cJSON_free(metrics);
    ser_cnn_curves_free(&curves);
    ser_cnn_search_result_free(&sr);
    ser_cnn_destroy(net);
    cnn_data_free(&d);
    if (st)
        return cli_runtime_error(cmd, "%s", err.message);
    fprintf(stderr, "ser %s: wrote %s\n", cmd, output);
    return o->errors.n ? SER_EXIT_PARTIAL : SER_EXIT_OK;
}
