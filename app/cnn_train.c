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

void cnn_options_default(cnn_options *o)
{
    memset(o, 0, sizeof *o);
    ser_cnn_config_default(&o->net);
    ser_cnn_train_config_default(&o->train);
    o->threads = 1;
}

static int parse_filters(const char *arg, ser_cnn_config *c)
{
    size_t n = 0;
    const char *p = arg;
    while (*p) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 1 || v > 4096 || n == SER_CNN_MAX_BLOCKS || (*end && *end != ','))
            return -1;
        c->filters[n] = (size_t)v;
        c->pool[n] = 1;
        n++;
        p = *end ? end + 1 : end;
    }
    if (!n)
        return -1;
    c->n_blocks = n;
    return 0;
}

int cnn_option(const char *cmd, int opt, const char *arg, cnn_options *o)
{
    long v;
    double d;
    switch (opt) {
    case CNN_OPT_EPOCHS:
        if (!cli_parse_long(arg, 1, 100000, &v))
            return cli_usage_error(cmd, "--epochs wants a positive integer, not '%s'", arg), -1;
        o->train.epochs = (size_t)v;
        break;
    case CNN_OPT_LR:
        if (!cli_parse_double(arg, &d) || !(d > 0.0 && d < 10.0))
            return cli_usage_error(cmd, "--lr wants a number in (0, 10), not '%s'", arg), -1;
        o->train.optim.lr = d;
        break;
    case CNN_OPT_BATCH:
        if (!cli_parse_long(arg, 1, 4096, &v))
            return cli_usage_error(cmd, "--batch wants an integer in [1, 4096], not '%s'", arg), -1;
        o->train.batch_size = (size_t)v;
        o->net.max_batch = (size_t)v;
        break;
    case CNN_OPT_FILTERS:
        if (parse_filters(arg, &o->net))
            return cli_usage_error(cmd, "--filters wants 1 to %d comma-separated counts (e.g. 32,64,128,128), "
                                        "not '%s'", SER_CNN_MAX_BLOCKS, arg), -1;
        break;
    case CNN_OPT_PATIENCE:
        if (!cli_parse_long(arg, 0, 100000, &v))
            return cli_usage_error(cmd, "--patience wants a non-negative integer, not '%s'", arg), -1;
        o->train.patience = (size_t)v;
        break;
    case CNN_OPT_FRAMES:
        if (!cli_parse_long(arg, 16, 4096, &v))
            return cli_usage_error(cmd, "--frames wants an integer in [16, 4096], not '%s'", arg), -1;
        o->net.n_frames = (size_t)v;
        break;
    case CNN_OPT_IMAGES_OUT:
        o->images_out = arg;
        break;
    default:
        return 0;
    }
    o->any = true;
    return 1;
}

void cnn_options_help(FILE *out)
{
    ser_cnn_config c;
    ser_cnn_config_default(&c);
    ser_cnn_train_config t;
    ser_cnn_train_config_default(&t);
    fprintf(out,
            "CNN options (--kind cnn; input: 128-mel log-mel image of each clip, n_fft 2048, hop 512,\n"
            "centre-cropped or padded to --frames columns, set name logmel128x<frames>):\n"
            "  --epochs N                at most N epochs (default %zu)\n"
            "  --lr X                    Adam learning rate (default %g)\n"
            "  --batch N                 mini-batch size (default %zu)\n"
            "  --filters A,B,...         filters per conv block, each block pooled (default %zu,%zu,%zu,%zu)\n"
            "  --patience N              early stopping on validation loss, restore best (default %zu; 0 off)\n"
            "  --frames N                image width in frames (default %zu, about 4.1 s)\n"
            "  --images-out FILE.npy     also write the images, float32 (n, 128, frames), and the class\n"
            "                            numbers, int32 (n), to FILE.npy and FILE.labels.npy\n"
            "  -j N                      also the training threads (data-parallel over a batch)\n"
            "  validation: %.0f %% of the training data, stratified; --seed seeds split, shuffling, init\n",
            t.epochs, t.optim.lr, t.batch_size, c.filters[0], c.filters[1], c.filters[2], c.filters[3], t.patience,
            c.n_frames, 100.0 * t.val_fraction);
}

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
    ser_cnn_config c = o->net;
    c.n_classes = n_classes;
    c.seed = seed;
    if (c.max_batch < o->train.batch_size)
        c.max_batch = o->train.batch_size;
    ser_status st;
    ser_error err = {0};
    memset(curves, 0, sizeof *curves);
    if (!(*net = ser_cnn_create(&c, &st, &err)))
        return cli_runtime_error(cmd, "%s", err.message);
    if (o->threads > 1) {
        openblas_set_num_threads(1); /* one OpenBLAS thread per worker: no oversubscription */
        if ((st = ser_cnn_set_threads(*net, o->threads, &err))) {
            ser_cnn_destroy(*net);
            *net = NULL;
            return cli_runtime_error(cmd, "%s", err.message);
        }
    }
    ser_cnn_train_config t = o->train;
    t.seed = seed;
    epoch_print p = {out, wall_seconds()};
    if (out) {
        fprintf(out, "CNN: %zu parameters, %zu images of %zu x %zu, %zu classes\n", ser_cnn_param_count(*net), n,
                c.n_mels, c.n_frames, n_classes);
        fprintf(out, "%5s %10s %9s %10s %9s %8s\n", "epoch", "train_loss", "train_acc", "val_loss", "val_acc",
                "seconds");
        t.on_epoch = on_epoch;
        t.user = &p;
    }
    if ((st = ser_cnn_train(*net, images, y, n, &t, curves, &err))) {
        ser_cnn_destroy(*net);
        *net = NULL;
        ser_cnn_curves_free(curves);
        return cli_runtime_error(cmd, "%s", err.message);
    }
    if (out) {
        fprintf(out, "best epoch %zu (val_loss %.4f, val_acc %.4f)%s", curves->best_epoch + 1,
                curves->val_loss[curves->best_epoch], curves->val_acc[curves->best_epoch],
                t.restore_best ? ", weights restored" : "");
        if (curves->n_epochs < t.epochs)
            fprintf(out, "; early stop after epoch %zu (patience %zu)", curves->n_epochs, t.patience);
        fputc('\n', out);
    }
    return -1;
}

static cJSON *numbers(const double *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, isfinite(v[i]) ? cJSON_CreateNumber(v[i]) : cJSON_CreateNull());
    return a;
}

char *cnn_curves_json(const cnn_options *o, const ser_cnn_curves *c, unsigned long long seed)
{
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    cJSON_AddStringToObject(j, "kind", "cnn");
    cJSON *t = cJSON_AddObjectToObject(j, "train");
    cJSON_AddNumberToObject(t, "epochs", (double)o->train.epochs);
    cJSON_AddNumberToObject(t, "batch_size", (double)o->train.batch_size);
    cJSON_AddNumberToObject(t, "lr", o->train.optim.lr);
    cJSON_AddStringToObject(t, "optimizer", o->train.optim.kind == SER_CNN_SGD ? "sgd" : "adam");
    cJSON_AddNumberToObject(t, "patience", (double)o->train.patience);
    cJSON_AddNumberToObject(t, "val_fraction", o->train.val_fraction);
    cJSON_AddNumberToObject(t, "seed", (double)seed);
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
    if (o->speaker_norm || o->group_speaker || o->search_set)
        return cli_usage_error(cmd, "--speaker-norm, --group and --search do not apply to --kind cnn");
    if (!n_inputs)
        return cli_usage_error(cmd, "no data: give audio files, folders or manifests");
    if (cli_audio_options_check(cmd, &o->load) < 0)
        return SER_EXIT_USAGE;
    cnn_data d;
    int rc = cnn_data_load(cmd, inputs, n_inputs, NULL, cli_data_root(o->data_root), &map, &o->load, o->threads,
                           co->net.n_frames, &d, &o->errors);
    if (rc >= 0)
        return rc;
    if (co->images_out &&
        (rc = cnn_images_write_npy(cmd, co->images_out, d.images, d.t.n, co->net.n_frames, d.t.y)) >= 0) {
        cnn_data_free(&d);
        return rc;
    }
    ser_cnn *net = NULL;
    ser_cnn_curves curves;
    rc = cnn_fit(cmd, co, d.images, d.t.y, d.t.n, d.t.n_classes, o->seed, stdout, &net, &curves);
    if (rc >= 0) {
        cnn_data_free(&d);
        return rc;
    }
    const char *labels[SER_LABEL_COUNT];
    for (size_t k = 0; k < d.t.n_classes; k++)
        labels[k] = ser_label_name(d.t.class_labels[k]);
    char set[64];
    cnn_set_name(co->net.n_frames, set, sizeof set);
    char *config = cnn_config_json(co->net.n_frames, &o->load);
    char *metrics = cnn_curves_json(co, &curves, o->seed);
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
    ser_cnn_destroy(net);
    cnn_data_free(&d);
    if (st)
        return cli_runtime_error(cmd, "%s", err.message);
    fprintf(stderr, "ser %s: wrote %s\n", cmd, output);
    return o->errors.n ? SER_EXIT_PARTIAL : SER_EXIT_OK;
}
