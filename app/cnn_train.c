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

void cnn_options_default(cnn_options *o)
{
    memset(o, 0, sizeof *o);
    ser_cnn_config_default(&o->net);
    ser_cnn_train_config_default(&o->train);
    ser_cnn_search_config_default(&o->search_cfg);
    o->threads = 1;
    ser_augment_config_default(&o->aug.cfg);
    /* with --augment N and no --aug-*: speed 0.9-1.1, shift +-0.2 s, gain +-6 dB, noise on half the copies */
    o->aug.cfg.speed_min = 0.9;
    o->aug.cfg.speed_max = 1.1;
    o->aug.cfg.shift_max_s = 0.2;
    o->aug.cfg.gain_max_db = 6.0;
    o->aug.cfg.noise_prob = 0.5;
}

/* "A:B" (or "A" for A:A) into lo, hi; 0 on success. */
static int parse_range(const char *arg, double *lo, double *hi)
{
    char *end;
    *lo = strtod(arg, &end);
    if (end == arg)
        return -1;
    if (*end == ':') {
        const char *b = end + 1;
        *hi = strtod(b, &end);
        if (end == b)
            return -1;
    } else {
        *hi = *lo;
    }
    return *end || !isfinite(*lo) || !isfinite(*hi) || *lo > *hi ? -1 : 0;
}

/* "N" or "N:W" masks. */
static int parse_masks(const char *arg, size_t *n, size_t *w)
{
    double a, b;
    if (parse_range(arg, &a, &b) && sscanf(arg, "%lf:%lf", &a, &b) != 2)
        return -1;
    if (!strchr(arg, ':'))
        b = (double)*w;
    if (a < 0 || a > 100 || b < 0 || b > 10000 || a != floor(a) || b != floor(b))
        return -1;
    *n = (size_t)a;
    *w = (size_t)b;
    return 0;
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
    case CNN_OPT_AUGMENT:
        if (!cli_parse_long(arg, 0, 100, &v))
            return cli_usage_error(cmd, "--augment wants a number of copies in [0, 100], not '%s'", arg), -1;
        o->aug.copies = (size_t)v;
        break;
    case CNN_OPT_AUG_SPEED:
        if (parse_range(arg, &o->aug.cfg.speed_min, &o->aug.cfg.speed_max) || o->aug.cfg.speed_min < 0.5 ||
            o->aug.cfg.speed_max > 2.0)
            return cli_usage_error(cmd, "--aug-speed wants LO:HI within [0.5, 2], not '%s'", arg), -1;
        break;
    case CNN_OPT_AUG_SHIFT:
        if (!cli_parse_double(arg, &d) || !(d >= 0.0 && d <= 10.0))
            return cli_usage_error(cmd, "--aug-shift wants seconds in [0, 10], not '%s'", arg), -1;
        o->aug.cfg.shift_max_s = d;
        break;
    case CNN_OPT_AUG_GAIN:
        if (!cli_parse_double(arg, &d) || !(d >= 0.0 && d <= 60.0))
            return cli_usage_error(cmd, "--aug-gain wants dB in [0, 60], not '%s'", arg), -1;
        o->aug.cfg.gain_max_db = d;
        break;
    case CNN_OPT_AUG_NOISE:
        if (!cli_parse_double(arg, &d) || !(d >= 0.0 && d <= 1.0))
            return cli_usage_error(cmd, "--aug-noise wants a probability in [0, 1], not '%s'", arg), -1;
        o->aug.cfg.noise_prob = d;
        break;
    case CNN_OPT_AUG_SNR:
        if (parse_range(arg, &o->aug.cfg.snr_min_db, &o->aug.cfg.snr_max_db))
            return cli_usage_error(cmd, "--aug-snr wants LO:HI dB, not '%s'", arg), -1;
        break;
    case CNN_OPT_AUG_TELEPHONE:
        if (!cli_parse_double(arg, &d) || !(d >= 0.0 && d <= 1.0))
            return cli_usage_error(cmd, "--aug-telephone wants a probability in [0, 1], not '%s'", arg), -1;
        o->aug.cfg.telephone_prob = d;
        break;
    case CNN_OPT_SPEC_FREQ:
        if (parse_masks(arg, &o->train.freq_masks, &o->train.freq_mask_max))
            return cli_usage_error(cmd, "--spec-freq wants N or N:WIDTH, not '%s'", arg), -1;
        break;
    case CNN_OPT_SPEC_TIME:
        if (parse_masks(arg, &o->train.time_masks, &o->train.time_mask_max))
            return cli_usage_error(cmd, "--spec-time wants N or N:WIDTH, not '%s'", arg), -1;
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
            "  --search random [--n-iter N]  random search (--n-iter draws, default 10) over lr\n"
            "                            (log-uniform 3e-4..3e-3), batch 16/32/64, width x0.5/x1 and depth\n"
            "                            3/4/5 blocks (32,64,128,128,256 x width); kept: lowest validation loss\n"
            "Augmentation (training data only; --seed seeds it):\n"
            "  --augment N               N augmented copies of every training clip (default 0), each:\n"
            "  --aug-speed LO:HI         speed factor, uniform (default 0.9:1.1)\n"
            "  --aug-shift S             time shift uniform in [-S, S] s (default 0.2)\n"
            "  --aug-gain DB             gain uniform in [-DB, DB] (default 6)\n"
            "  --aug-noise P             white noise on a share P of the copies (default 0.5) ...\n"
            "  --aug-snr LO:HI           ... at an SNR uniform in LO:HI dB (default 10:30)\n"
            "  --aug-telephone P         telephone band (8 kHz, G.711 mu-law) on a share P (default 0)\n"
            "  --spec-freq N[:W]         SpecAugment: N frequency masks up to W bands per image and epoch\n"
            "  --spec-time N[:W]         SpecAugment: N time masks up to W frames (default W 16; N 0 = off)\n"
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
    return cnn_fit_extra(cmd, o, images, y, n, NULL, NULL, 0, n_classes, seed, out, net, curves, NULL);
}

int cnn_search_options(const char *cmd, const ml_options *ml, cnn_options *co)
{
    if (!ml->search_set)
        return 0;
    if (ml->method == SER_SEARCH_GRID)
        return cli_usage_error(cmd, "--kind cnn searches with --search random (or none), not grid"), -1;
    co->search = ml->method == SER_SEARCH_RANDOM;
    co->search_cfg.n_iter = ml->n_iter;
    return 0;
}

static void on_trial(void *user, size_t i, const ser_cnn_search_trial *t)
{
    epoch_print *p = user;
    fprintf(p->out, "draw %zu: lr %.3g, batch %zu, width %g, depth %zu -> val_loss %.4f, val_acc %.4f (%zu epochs)\n",
            i + 1, t->lr, t->batch_size, t->width, t->depth, t->val_loss, t->val_acc, t->epochs);
    fflush(p->out);
}

static int fit_search(const char *cmd, const cnn_options *o, const ser_cnn_config *c, const float *images,
                      const int *y, size_t n, const float *extra, const size_t *source, size_t n_extra,
                      unsigned long long seed, FILE *out, ser_cnn **net, ser_cnn_curves *curves,
                      ser_cnn_search_result *sr)
{
    ser_cnn_train_config t = o->train;
    t.seed = seed;
    t.extra_images = extra;
    t.extra_source = source;
    t.n_extra = extra ? n_extra : 0;
    ser_cnn_search_config sc = o->search_cfg;
    sc.seed = seed;
    sc.threads = o->threads ? o->threads : 1;
    if (sc.threads > 1)
        openblas_set_num_threads(1);
    epoch_print p = {out, wall_seconds()};
    if (out) {
        fprintf(out, "CNN random search: %zu draws on %zu images (+ %zu augmented copies), %zu classes\n",
                sc.n_iter, n, t.n_extra, c->n_classes);
        sc.on_trial = on_trial;
        sc.user = &p;
    }
    ser_cnn_search_result local;
    ser_status st;
    ser_error err = {0};
    if (!(*net = ser_cnn_search(c, &t, &sc, images, y, n, sr ? sr : &local, curves, &st, &err)))
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

int cnn_fit_extra(const char *cmd, const cnn_options *o, const float *images, const int *y, size_t n,
                  const float *extra, const size_t *source, size_t n_extra, size_t n_classes, unsigned long long seed,
                  FILE *out, ser_cnn **net, ser_cnn_curves *curves, ser_cnn_search_result *sr)
{
    if (sr)
        memset(sr, 0, sizeof *sr);
    ser_cnn_config c = o->net;
    c.n_classes = n_classes;
    c.seed = seed;
    if (c.max_batch < o->train.batch_size)
        c.max_batch = o->train.batch_size;
    ser_status st;
    ser_error err = {0};
    memset(curves, 0, sizeof *curves);
    if (o->search)
        return fit_search(cmd, o, &c, images, y, n, extra, source, n_extra, seed, out, net, curves, sr);
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
    t.extra_images = extra;
    t.extra_source = source;
    t.n_extra = extra ? n_extra : 0;
    epoch_print p = {out, wall_seconds()};
    if (out) {
        fprintf(out, "CNN: %zu parameters, %zu images of %zu x %zu (+ %zu augmented copies), %zu classes\n",
                ser_cnn_param_count(*net), n, c.n_mels, c.n_frames, t.n_extra, n_classes);
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

char *cnn_curves_json(const cnn_options *o, const ser_cnn_curves *c, const ser_cnn_search_result *sr,
                      unsigned long long seed)
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
    if (o->aug.copies || o->train.freq_masks || o->train.time_masks) {
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
    if (o->speaker_norm || o->group_speaker)
        return cli_usage_error(cmd, "--speaker-norm and --group do not apply to --kind cnn");
    cnn_options co_search = *co;
    if (cnn_search_options(cmd, o, &co_search) < 0)
        return SER_EXIT_USAGE;
    co = &co_search;
    if (!n_inputs)
        return cli_usage_error(cmd, "no data: give audio files, folders or manifests");
    if (cli_audio_options_check(cmd, &o->load) < 0)
        return SER_EXIT_USAGE;
    cnn_data d;
    cnn_augment aug = co->aug;
    aug.seed = o->seed;
    int rc = cnn_data_load(cmd, inputs, n_inputs, NULL, cli_data_root(o->data_root), &map, &o->load, o->threads,
                           co->net.n_frames, &aug, &d, &o->errors);
    if (rc >= 0)
        return rc;
    if (co->images_out &&
        (rc = cnn_images_write_npy(cmd, co->images_out, d.images, d.t.n, co->net.n_frames, d.t.y)) >= 0) {
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
    cnn_set_name(co->net.n_frames, set, sizeof set);
    char *config = cnn_config_json(co->net.n_frames, &o->load);
    char *metrics = cnn_curves_json(co, &curves, &sr, o->seed);
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
