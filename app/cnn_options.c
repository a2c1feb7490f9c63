/* cnn_options.c - see cnn_options.h. */
#include "cnn_options.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

/* constant | step[:EPOCHS[:GAMMA]] | cosine[:LR_MIN] into the optimiser's
 * schedule (what is not given keeps its default); 0 on success. */
static int parse_schedule(const char *arg, ser_cnn_optim_config *opt)
{
    char text[128];
    if (snprintf(text, sizeof text, "%s", arg) >= (int)sizeof text)
        return -1;
    char *first = strchr(text, ':'), *second = first ? strchr(first + 1, ':') : NULL;
    if (first)
        *first++ = '\0';
    if (second)
        *second++ = '\0';
    long epochs;
    double v;
    if (strcmp(text, "constant") == 0 && !first) {
        opt->schedule = SER_CNN_LR_CONSTANT;
    } else if (strcmp(text, "step") == 0) {
        if (first && !cli_parse_long(first, 1, 100000, &epochs))
            return -1;
        if (second && (!cli_parse_double(second, &v) || !(v > 0.0 && v <= 1.0)))
            return -1;
        opt->schedule = SER_CNN_LR_STEP;
        if (first)
            opt->step_epochs = (size_t)epochs;
        if (second)
            opt->gamma = v;
    } else if (strcmp(text, "cosine") == 0 && !second) {
        if (first && (!cli_parse_double(first, &v) || !(v >= 0.0)))
            return -1;
        opt->schedule = SER_CNN_LR_COSINE;
        if (first)
            opt->lr_min = v;
    } else {
        return -1;
    }
    return 0;
}

const char *cnn_schedule_name(ser_cnn_schedule s)
{
    return s == SER_CNN_LR_STEP ? "step" : s == SER_CNN_LR_COSINE ? "cosine" : "constant";
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
    case CNN_OPT_MELS:
        if (!cli_parse_long(arg, 16, 256, &v))
            return cli_usage_error(cmd, "--mels wants a number of mel bands in [16, 256], not '%s'", arg), -1;
        o->net.n_mels = (size_t)v;
        break;
    case CNN_OPT_DROPOUT:
        if (!cli_parse_double(arg, &d) || !(d >= 0.0 && d < 1.0))
            return cli_usage_error(cmd, "--dropout wants a probability in [0, 1), not '%s'", arg), -1;
        o->net.dropout = (float)d;
        break;
    case CNN_OPT_OPTIMIZER:
        if (strcmp(arg, "adam") == 0)
            o->train.optim.kind = SER_CNN_ADAM;
        else if (strcmp(arg, "sgd") == 0)
            o->train.optim.kind = SER_CNN_SGD;
        else
            return cli_usage_error(cmd, "--optimizer wants adam or sgd, not '%s'", arg), -1;
        break;
    case CNN_OPT_MOMENTUM:
        if (!cli_parse_double(arg, &d) || !(d >= 0.0 && d < 1.0))
            return cli_usage_error(cmd, "--momentum wants a number in [0, 1), not '%s'", arg), -1;
        o->train.optim.momentum = d;
        o->momentum_set = true;
        break;
    case CNN_OPT_WEIGHT_DECAY:
        if (!cli_parse_double(arg, &d) || !(d >= 0.0))
            return cli_usage_error(cmd, "--weight-decay wants a number >= 0, not '%s'", arg), -1;
        o->train.optim.weight_decay = d;
        break;
    case CNN_OPT_LR_SCHEDULE:
        if (parse_schedule(arg, &o->train.optim))
            return cli_usage_error(cmd, "--lr-schedule wants constant, step[:EPOCHS[:GAMMA]] (EPOCHS >= 1, GAMMA in "
                                        "(0, 1]) or cosine[:LR_MIN] (LR_MIN >= 0), not '%s'", arg), -1;
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
    case CNN_OPT_MIXUP:
        if (!cli_parse_double(arg, &d) || !(d >= 0.0 && d <= 10.0))
            return cli_usage_error(cmd, "--mixup wants a Beta parameter alpha in [0, 10] (0 = off), not '%s'", arg), -1;
        o->train.mixup_alpha = d;
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
            "CNN options (--kind cnn; input: --mels-band log-mel image of each clip, n_fft 2048, hop 512,\n"
            "centre-cropped or padded to --frames columns, set name logmel<mels>x<frames>):\n"
            "  --epochs N                at most N epochs (default %zu)\n"
            "  --lr X                    learning rate (the initial one with --lr-schedule; default %g)\n"
            "  --optimizer adam|sgd      Adam, or SGD with momentum (default adam)\n"
            "  --momentum X              SGD momentum in [0, 1) (default %g; --optimizer sgd only)\n"
            "  --weight-decay X          L2 weight decay added to the gradient, >= 0 (default %g)\n"
            "  --lr-schedule S           learning rate per epoch e of E: constant (default),\n"
            "                            step[:EPOCHS[:GAMMA]]: lr x GAMMA^floor(e / EPOCHS) (default %zu:%g),\n"
            "                            cosine[:LR_MIN]: LR_MIN + (lr - LR_MIN)(1 + cos(pi e / E)) / 2 (default 0)\n"
            "  --batch N                 mini-batch size (default %zu)\n"
            "  --filters A,B,...         filters per conv block, each block pooled (default %zu,%zu,%zu,%zu)\n"
            "  --dropout P               drop probability before the dense layer, [0, 1) (default %g)\n"
            "  --patience N              early stopping on validation loss, restore best (default %zu; 0 off)\n"
            "  --mels N                  image height in mel bands, 16..256 (default %zu; ser stream and\n"
            "                            ser serve take 128 only)\n"
            "  --frames N                image width in frames (default %zu, about 4.1 s)\n"
            "  --class-weight none|balanced  weights of the loss: balanced = n / (classes x count[k])\n"
            "  --images-out FILE.npy     also write the images, float32 (n, mels, frames), and the class\n"
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
            "  --mixup ALPHA             mixup: each batch blended with a shuffled copy of itself, weight\n"
            "                            ~ Beta(ALPHA, ALPHA) per batch, loss blended alike (default 0: off)\n"
            "  validation: %.0f %% of the training data, stratified; --seed seeds split, shuffling, init\n",
            t.epochs, t.optim.lr, t.optim.momentum, t.optim.weight_decay, t.optim.step_epochs, t.optim.gamma,
            t.batch_size, c.filters[0], c.filters[1], c.filters[2], c.filters[3], (double)c.dropout, t.patience,
            c.n_mels, c.n_frames, 100.0 * t.val_fraction);
}

int cnn_common_options(const char *cmd, const ml_options *ml, cnn_options *co)
{
    if (ml->search_set) {
        if (ml->method == SER_SEARCH_GRID)
            return cli_usage_error(cmd, "--kind cnn searches with --search random (or none), not grid"), -1;
        co->search = ml->method == SER_SEARCH_RANDOM;
        co->search_cfg.n_iter = ml->n_iter;
    }
    co->class_weight = ml->class_weight;
    const ser_cnn_optim_config *opt = &co->train.optim;
    if (co->momentum_set && opt->kind != SER_CNN_SGD)
        return cli_usage_error(cmd, "--momentum %g applies to --optimizer sgd (the optimizer is adam)",
                               opt->momentum), -1;
    /* the floor must stay below every learning rate trained with (a search draws from lr_min up) */
    const double lr = co->search ? co->search_cfg.lr_min : opt->lr;
    if (opt->schedule == SER_CNN_LR_COSINE && !(opt->lr_min < lr))
        return cli_usage_error(cmd, "--lr-schedule cosine:%g: the floor LR_MIN must be below the learning rate %g%s",
                               opt->lr_min, lr, co->search ? " (the search's lowest)" : ""), -1;
    return 0;
}

int cnn_class_weights(const cnn_options *co, const int *y, size_t n, size_t n_classes, double *w, ser_error *err)
{
    if (co->class_weight == SER_CLASS_WEIGHT_NONE)
        return 0;
    return ser_class_weights_compute(y, n, n_classes, co->class_weight, NULL, w, err) ? -1 : 1;
}
