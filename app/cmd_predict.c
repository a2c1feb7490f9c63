/* ser predict - label and per-class probabilities per input with a model
 * file: audio files / folders / manifests (the model's feature set at the
 * model's rate, with the model's preprocessing; clips without speech get
 * no label), or the rows of a feature CSV.  JSON lines per docs/cli.md. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "audio_inputs.h"
#include "audio_options.h"
#include "audio_table.h"
#include "cli.h"
#include "default_model.h"
#include "cnn_images.h"
#include "commands.h"
#include "feature_table.h"
#include "ser/features.h"
#include "ser/model.h"
#include "ser/speaker_norm.h"
#include "ser/util.h"
#include "ser/vad.h"

#define CMD "predict"
#define MIN_SPEAKER_CLIPS 3 /* clips a speaker needs for --speaker-norm CNNs */
#define PRIOR_WEIGHT 8.0    /* the prior's weight in clips, as the live stream's in windows */

static void usage(void)
{
    printf("Usage: ser predict [-m MODEL] [OPTIONS] FILE|DIR|MANIFEST.csv...\n"
           "       ser predict [-m MODEL] --features CSV [--json]\n"
           "Label and per-class probabilities for every input, with a model from `ser train`.\n"
           "Audio is analysed exactly as the model was trained: its feature set, its sample rate\n"
           "and its preprocessing (denoise / trim / normalise) are read from the model file.  A clip\n"
           "with no speech gets no label (voice-activity check: frames above -50 dBFS, at least\n"
           "0.1 s voiced with a moving pitch; see docs/ml.md).\n\n"
           "  -m, --model MODEL   model file (default: $SER_MODEL, else the shipped default model)\n"
           "  --features CSV      classify the rows of a feature table instead of audio\n"
           "                      (\"voiced\" is null: the audio is not seen)\n"
           "  --json              JSON lines {\"path\",\"label\",\"probabilities\",\"confidence\",\"voiced\"}\n"
           "                      or {\"path\",\"error\"}; no speech: \"label\": null, \"voiced\": false\n"
           "  -h, --help          show this help\n"
           "Audio input (--sr, --denoise, --trim, --normalize only for models that do not record them):\n"
           "  --channel C, --raw ENC --rate R --channels N   as in `ser info`\n\n"
           "Models trained with --speaker-norm standardise each speaker's clips by that speaker's\n"
           "statistics (speaker from corpus file names or a manifest's speaker column; a clip\n"
           "with none is its own speaker): feature models estimate them from the speaker's voiced\n"
           "clips in the batch shrunk towards the population prior the model stores, as a live\n"
           "call does (weight %g clips; one clip alone works); CNNs need at least %d voiced clips\n"
           "per speaker in the batch (the others are listed as errors).\n\n"
           "Exit codes: 0 all inputs predicted (or found silent), 3 some failed (listed), 1 none /\n"
           "bad model / feature layout mismatch, 2 usage.\n",
           PRIOR_WEIGHT, MIN_SPEAKER_CLIPS);
}

static void emit(cJSON *j)
{
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (text)
        puts(text);
    cJSON_free(text);
}

/* voiced: 1 true, 0 false (no label), -1 unknown (feature rows). */
static void print_row(bool json, const ser_model *m, const char *path, const double *probs, int label, int voiced,
                      const char *why)
{
    size_t k = ser_model_n_classes(m);
    if (!json) {
        if (voiced == 0)
            printf("%s\t-\tno speech (%s)\n", path, why ? why : "not voiced");
        else
            printf("%s\t%s\t%.4f\n", path, ser_model_label(m, (size_t)label), probs[label]);
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "path", path);
    if (voiced == 0) {
        cJSON_AddNullToObject(j, "label");
        cJSON_AddNullToObject(j, "probabilities");
        cJSON_AddNullToObject(j, "confidence");
        cJSON_AddFalseToObject(j, "voiced");
        emit(j);
        return;
    }
    cJSON_AddStringToObject(j, "label", ser_model_label(m, (size_t)label));
    cJSON *p = cJSON_AddObjectToObject(j, "probabilities");
    for (size_t c = 0; c < k; c++)
        cJSON_AddNumberToObject(p, ser_model_label(m, c), probs[c]);
    cJSON_AddNumberToObject(j, "confidence", probs[label]);
    if (voiced > 0)
        cJSON_AddTrueToObject(j, "voiced");
    else
        cJSON_AddNullToObject(j, "voiced");
    emit(j);
}

static void print_error(bool json, const char *path, const char *msg)
{
    size_t len = strlen(path);
    if (strncmp(msg, path, len) == 0 && msg[len] == ':') /* the message names the file already */
        fprintf(stderr, "ser %s: %s\n", CMD, msg);
    else
        fprintf(stderr, "ser %s: %s: %s\n", CMD, path, msg);
    if (!json)
        return;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "path", path);
    cJSON_AddStringToObject(j, "error", msg);
    emit(j);
}

/* Did the model's training standardise per speaker? (cv_metrics.speaker_norm) */
static bool model_speaker_norm(const ser_model *m)
{
    cJSON *root = cJSON_Parse(ser_model_header_json(m));
    bool on = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "cv_metrics"),
                                                            "speaker_norm"));
    cJSON_Delete(root);
    return on;
}

/* Classify rows x (n x dim) and print them; state[i]: 1 voiced row, 0 no
 * speech, -1 feature row, 2 failed (errors[i]).  Returns the exit code. */
typedef struct rows {
    size_t n, dim;
    double *x;
    const char **paths;
    const char **speakers; /* NULL entries: unknown */
    int *state;
    char **errors;
    const char **why; /* no-speech reason */
} rows;

static int classify(const ser_model *model, rows *r, bool json, size_t failed_before)
{
    ser_model_ctx *ctx = NULL;
    size_t k = ser_model_n_classes(model);
    double *probs = malloc(k * sizeof *probs);
    float *row = malloc((r->dim ? r->dim : 1) * sizeof *row);
    if (ser_model_ctx_create(model, &ctx) || !probs || !row) {
        free(probs);
        free(row);
        ser_model_ctx_destroy(ctx);
        return cli_runtime_error(CMD, "out of memory");
    }
    size_t used = 0, failed = failed_before;
    for (size_t i = 0; i < r->n; i++) {
        if (r->state[i] == 2) {
            print_error(json, r->paths[i], r->errors[i] ? r->errors[i] : "failed");
            failed++;
            continue;
        }
        if (r->state[i] == 0) {
            print_row(json, model, r->paths[i], NULL, 0, 0, r->why[i]);
            used++;
            continue;
        }
        for (size_t j = 0; j < r->dim; j++)
            row[j] = (float)r->x[i * r->dim + j];
        int label;
        ser_status st = ser_model_predict(model, ctx, row, r->dim, probs, k, &label);
        if (st) {
            print_error(json, r->paths[i], ser_strerror(st));
            failed++;
            continue;
        }
        print_row(json, model, r->paths[i], probs, label, r->state[i], NULL);
        used++;
    }
    free(probs);
    free(row);
    ser_model_ctx_destroy(ctx);
    return cli_batch_exit(used, failed);
}

static void set_error(rows *r, size_t i, const char *msg)
{
    r->state[i] = 2;
    free(r->errors[i]);
    r->errors[i] = ser_strdup(msg);
}

/* Row i is voiced and one speaker with row first (a row without a speaker
 * is its own). */
static bool same_speaker(const rows *r, size_t first, size_t i)
{
    const char *a = r->speakers[first], *b = r->speakers[i];
    return r->state[i] == 1 && (i == first || (a && b && strcmp(a, b) == 0));
}

/* A feature model with a stored prior: each speaker's voiced rows (a row
 * without a speaker alone) standardised by the running estimate of the
 * speaker's rows shrunk towards the prior (ser_speaker_running_*), the
 * live stream's rule with the clips as its windows. */
static int apply_speaker_prior(rows *r, const double *prior_mean, const double *prior_std)
{
    double *buf = malloc((ser_speaker_running_doubles(r->dim) + 1) * sizeof *buf);
    unsigned char *done = calloc(r->n + 1, 1);
    if (!buf || !done) {
        free(buf), free(done);
        return cli_runtime_error(CMD, "out of memory");
    }
    for (size_t first = 0; first < r->n; first++) {
        if (done[first] || r->state[first] != 1)
            continue;
        ser_speaker_running est;
        ser_speaker_running_init(&est, r->dim, buf, prior_mean, prior_std, PRIOR_WEIGHT);
        for (size_t i = first; i < r->n; i++)
            if (same_speaker(r, first, i)) {
                done[i] = 1;
                ser_speaker_running_update(&est, r->x + i * r->dim);
            }
        for (size_t i = first; i < r->n; i++)
            if (same_speaker(r, first, i))
                ser_speaker_running_apply(&est, r->x + i * r->dim);
    }
    free(buf), free(done);
    return -1;
}

/* Standardise each speaker's voiced rows by that speaker's own statistics
 * (a CNN's images, image != NULL: per mel band). */
static int apply_speaker_norm(rows *r, const cnn_image_size *image)
{
    int *ids = malloc((r->n + 1) * sizeof *ids);
    size_t *count = calloc(r->n + 1, sizeof *count);
    double *x = malloc((r->n * r->dim + 1) * sizeof *x);
    size_t *where = malloc((r->n + 1) * sizeof *where);
    if (!ids || !count || !x || !where) {
        free(ids), free(count), free(x), free(where);
        return cli_runtime_error(CMD, "out of memory");
    }
    for (size_t i = 0; i < r->n; i++) {
        ids[i] = -1;
        if (r->state[i] != 1)
            continue;
        if (!r->speakers[i]) {
            set_error(r, i, "the model was trained with --speaker-norm and needs this speaker's statistics, "
                            "but the input has no speaker (use corpus file names or a manifest with a speaker "
                            "column)");
            continue;
        }
        for (size_t j = 0; j <= i && ids[i] < 0; j++)
            if (r->speakers[j] && r->state[j] == 1 && strcmp(r->speakers[j], r->speakers[i]) == 0)
                ids[i] = (int)j; /* id = first row of the speaker */
        count[ids[i]]++;
    }
    size_t m = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->state[i] != 1)
            continue;
        if (count[ids[i]] < MIN_SPEAKER_CLIPS) {
            char msg[512];
            snprintf(msg, sizeof msg,
                     "the model was trained with --speaker-norm: speaker %s has %zu voiced clip(s) in this batch, "
                     "at least %d are needed for the speaker's statistics",
                     r->speakers[i], count[ids[i]], MIN_SPEAKER_CLIPS);
            set_error(r, i, msg);
            continue;
        }
        memcpy(x + m * r->dim, r->x + i * r->dim, r->dim * sizeof *x);
        ids[m] = ids[i];
        where[m++] = i;
    }
    ser_error err = {0};
    int rc = -1;
    if (m && image) {
        float *f = ser_alloc_array(m, r->dim * sizeof *f);
        for (size_t q = 0; f && q < m * r->dim; q++)
            f[q] = (float)x[q];
        if (!f)
            rc = cli_runtime_error(CMD, "out of memory");
        else if (ser_speaker_normalize_bands(f, m, image->n_mels, image->n_frames, ids, NULL, 0, &err))
            rc = cli_runtime_error(CMD, "%s", err.message);
        for (size_t q = 0; f && rc < 0 && q < m * r->dim; q++)
            x[q] = f[q];
        free(f);
    } else if (m && ser_speaker_normalize(x, m, r->dim, ids, &err)) {
        rc = cli_runtime_error(CMD, "%s", err.message);
    }
    for (size_t q = 0; rc < 0 && q < m; q++)
        memcpy(r->x + where[q] * r->dim, x + q * r->dim, r->dim * sizeof *x);
    free(ids), free(count), free(x), free(where);
    return rc;
}

static void rows_free(rows *r)
{
    for (size_t i = 0; r->errors && i < r->n; i++)
        free(r->errors[i]);
    free(r->errors);
    free(r->x);
    free(r->paths);
    free(r->speakers);
    free(r->state);
    free(r->why);
}

static int predict_table(const ser_model *model, const char *model_path, const char *features, bool json)
{
    ser_error err = {0};
    feature_table t;
    if (feature_table_read(features, false, &t, &err))
        return cli_runtime_error(CMD, "%s", err.message);
    if (ser_model_check_layout(model, (const char *const *)t.names, t.dim, &err)) {
        int rc = cli_runtime_error(CMD, "%s does not fit model %s: %s", features, model_path, err.message);
        feature_table_free(&t);
        return rc;
    }
    rows r = {t.n, t.dim, t.x, NULL, NULL, NULL, NULL, NULL};
    r.paths = calloc(t.n + 1, sizeof *r.paths);
    r.state = calloc(t.n + 1, sizeof *r.state);
    r.speakers = calloc(t.n + 1, sizeof *r.speakers);
    r.errors = calloc(t.n + 1, sizeof *r.errors);
    const double *prior_mean = NULL, *prior_std = NULL;
    const bool prior = ser_model_speaker_norm(model, &prior_mean, &prior_std), norm = prior || model_speaker_norm(model);
    int rc = -1;
    if (!r.paths || !r.state || !r.speakers || !r.errors) {
        rc = cli_runtime_error(CMD, "out of memory");
    } else {
        for (size_t i = 0; i < t.n; i++) {
            r.paths[i] = t.paths[i];
            r.speakers[i] = t.speakers[i];
            r.state[i] = norm ? 1 : -1; /* 1 while the speakers' statistics are taken */
        }
        if (norm)
            rc = prior ? apply_speaker_prior(&r, prior_mean, prior_std) : apply_speaker_norm(&r, NULL);
        for (size_t i = 0; i < t.n; i++)
            if (r.state[i] == 1)
                r.state[i] = -1;
        if (rc < 0)
            rc = classify(model, &r, json, 0);
    }
    for (size_t i = 0; r.errors && i < t.n; i++)
        free(r.errors[i]);
    free(r.errors);
    free(r.speakers);
    free(r.paths);
    free(r.state);
    feature_table_free(&t);
    return rc;
}

/* Analyse every input as the model wants; returns the exit code. */
static int predict_audio(const ser_model *model, const char *model_path, ser_load_config load, bool cli_analysis,
                         char *const *inputs, int n_inputs, bool json)
{
    ser_error err = {0};
    ser_status st;
    char spec[4096];
    bool streaming = false;
    ser_load_config recorded = ser_load_config_default();
    if (audio_table_config_parse(ser_model_header_json(model), &recorded, spec, sizeof spec, &streaming)) {
        if (cli_analysis)
            return cli_usage_error(CMD, "%s records its analysis (rate, denoise, trim, normalize); --sr, --denoise, "
                                        "--trim and --normalize cannot change it", model_path);
        load.sample_rate = recorded.sample_rate;
        load.denoise = recorded.denoise;
        load.denoise_mode = recorded.denoise_mode;
        load.trim = recorded.trim;
        load.trim_config.top_db = recorded.trim_config.top_db;
        load.normalize = recorded.normalize;
        load.normalize_dbfs = recorded.normalize_dbfs;
        load.window_s = recorded.window_s;
    } else {
        /* trained from a feature CSV: the set name and rate are all it says */
        snprintf(spec, sizeof spec, "%s", ser_model_feature_set(model));
        if (!cli_analysis)
            load.sample_rate = (int)ser_model_sample_rate(model);
    }
    const bool cnn = ser_model_kind_of(model) == SER_MODEL_CNN;
    const ser_cnn_config *cc = cnn ? ser_cnn_get_config(ser_model_cnn(model)) : NULL;
    const cnn_image_size image_size = {cc ? cc->n_mels : 0, cc ? cc->n_frames : 0};
    if (cnn) { /* the log-mel image of the model's size (cnn_images.h); "seed" only to size nothing */
        char want[64];
        cnn_set_name(image_size, want, sizeof want);
        if (strcmp(spec, want) != 0)
            return cli_runtime_error(CMD, "%s: its input '%s' (%zu x %zu) is not a log-mel image this ser computes "
                                          "(%s)", model_path, spec, cc->n_mels, cc->n_frames, want);
        snprintf(spec, sizeof spec, "seed");
    }
    ser_feature_set_config *set = ser_feature_set_parse(spec, &st, &err);
    if (!set)
        return cli_runtime_error(CMD, "%s: its feature set '%s' cannot be computed from audio: %s", model_path, spec,
                                 err.message);
    ser_feature_set_set_streaming(set, streaming);
    size_t dim = cnn ? ser_model_n_features(model) : ser_feature_set_dim(set);
    const char **names = calloc(dim + 1, sizeof *names);
    for (size_t j = 0; names && j < dim; j++)
        names[j] = cnn ? ser_model_feature_name(model, j) : ser_feature_set_name(set, j);
    if (!names || ser_model_check_layout(model, names, dim, &err)) {
        int rc = names ? cli_runtime_error(CMD, "%s: the model's features are not the layout of its feature set '%s' "
                                                "(%zu values): %s", model_path, spec, dim, err.message)
                       : cli_runtime_error(CMD, "out of memory");
        free(names);
        ser_feature_set_config_destroy(set);
        return rc;
    }
    free(names);
    batch_errors errs = {0};
    audio_inputs in;
    int rc = audio_inputs_collect(CMD, inputs, n_inputs, NULL, NULL, NULL, &in, &errs);
    if (rc >= 0) {
        ser_feature_set_config_destroy(set);
        batch_errors_free(&errs);
        return rc;
    }
    if (json)
        for (size_t e = 0; e < errs.n; e++) {
            cJSON *j = cJSON_CreateObject();
            cJSON_AddStringToObject(j, "path", errs.paths[e]);
            cJSON_AddStringToObject(j, "error", errs.reasons[e]);
            emit(j);
        }
    rows r = {in.n, dim, NULL, NULL, NULL, NULL, NULL, NULL};
    r.x = ser_calloc_array(in.n + 1, dim * sizeof *r.x);
    r.paths = calloc(in.n + 1, sizeof *r.paths);
    r.speakers = calloc(in.n + 1, sizeof *r.speakers);
    r.state = calloc(in.n + 1, sizeof *r.state);
    r.errors = calloc(in.n + 1, sizeof *r.errors);
    r.why = calloc(in.n + 1, sizeof *r.why);
    ser_extractor *ex = NULL;
    ser_vad *vad = NULL;
    logmel_frames *logmel = NULL;
    float *image = cnn ? calloc(dim, sizeof *image) : NULL;
    if ((cnn && !image) || !r.x || !r.paths || !r.speakers || !r.state || !r.errors || !r.why) {
        rc = cli_runtime_error(CMD, "out of memory");
        goto done;
    }
    cli_progress bar;
    cli_progress_start(&bar, "predict", in.n);
    for (size_t i = 0; i < in.n; i++) {
        r.paths[i] = in.items[i].path;
        r.speakers[i] = in.items[i].speaker;
        ser_audio audio;
        err.message[0] = '\0';
        if ((st = ser_audio_load(in.items[i].path, &load, &audio, &err))) {
            set_error(&r, i, err.message[0] ? err.message : ser_strerror(st));
            cli_progress_step(&bar, i + 1);
            continue;
        }
        if (!ex || ser_extractor_sample_rate(ex) != audio.sample_rate) {
            ser_extractor_destroy(ex);
            ser_vad_destroy(vad);
            ser_vad_config vc = ser_vad_config_default(audio.sample_rate);
            ex = ser_extractor_create(set, audio.sample_rate, &st, &err);
            vad = ex ? ser_vad_create(&vc, &st, &err) : NULL;
        }
        ser_vad_result v;
        if (!ex || !vad) {
            set_error(&r, i, err.message);
        } else if ((st = ser_vad_clip(vad, audio.samples, audio.n_samples, &v))) {
            set_error(&r, i, ser_strerror(st));
        } else if (!v.speech) {
            r.state[i] = 0;
            r.why[i] = v.reason == SER_VAD_SILENT ? "silent: no frame above -50 dBFS"
                     : v.reason == SER_VAD_TONE   ? "a steady tone, not a voice"
                                                  : "sound but under 0.1 s of voicing";
        } else if (cnn && (st = cnn_clip_image(&logmel, &audio, image_size, image, &err))) {
            set_error(&r, i, ser_error_message(&err, st));
        } else if (!cnn && (st = ser_extractor_compute(ex, audio.samples, audio.n_samples, r.x + i * dim, &err))) {
            set_error(&r, i, ser_error_message(&err, st));
        } else {
            for (size_t j = 0; cnn && j < dim; j++)
                r.x[i * dim + j] = image[j];
            r.state[i] = 1;
        }
        ser_audio_free(&audio);
        cli_progress_step(&bar, i + 1);
    }
    cli_progress_finish(&bar);
    const double *prior_mean = NULL, *prior_std = NULL;
    if (!cnn && ser_model_speaker_norm(model, &prior_mean, &prior_std)) {
        if ((rc = apply_speaker_prior(&r, prior_mean, prior_std)) >= 0)
            goto done;
    } else if (model_speaker_norm(model) && (rc = apply_speaker_norm(&r, cnn ? &image_size : NULL)) >= 0) {
        goto done;
    }
    rc = classify(model, &r, json, errs.n);
done:
    free(image);
    logmel_frames_destroy(logmel);
    ser_extractor_destroy(ex);
    ser_vad_destroy(vad);
    rows_free(&r);
    audio_inputs_free(&in);
    batch_errors_free(&errs);
    ser_feature_set_config_destroy(set);
    return rc;
}

int cmd_predict(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage();
        return SER_EXIT_OK;
    }
    enum { OPT_FEATURES = 256, OPT_JSON };
    static const struct option longopts[] = {
        {"model", required_argument, NULL, 'm'}, {"features", required_argument, NULL, OPT_FEATURES},
        {"json", no_argument, NULL, OPT_JSON},   {"help", no_argument, NULL, 'h'},
        CLI_AUDIO_LONG_OPTIONS,                  {NULL, 0, NULL, 0},
    };
    const char *model_path = NULL, *features = NULL;
    bool json = false, analysis = false;
    ser_load_config load = ser_load_config_default();
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":m:h", longopts, NULL)) != -1) {
        int r = cli_audio_option(CMD, c, optarg, &load);
        if (r < 0)
            return SER_EXIT_USAGE;
        if (r) {
            analysis |= c == CLI_OPT_SR || c == CLI_OPT_DENOISE || c == CLI_OPT_TRIM || c == CLI_OPT_NORMALIZE ||
                        c == CLI_OPT_WINDOW;
            continue;
        }
        if (c == 'm')
            model_path = optarg;
        else if (c == OPT_FEATURES)
            features = optarg;
        else if (c == OPT_JSON)
            json = true;
        else if (c == ':')
            return cli_usage_error(CMD, "option '%s' needs a value", argv[optind - 1]);
        else
            return cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
    }
    if (features && optind < argc)
        return cli_usage_error(CMD, "give either --features CSV or audio inputs, not both");
    if (!features && optind >= argc)
        return cli_usage_error(CMD, "no input: give audio files, folders or manifests (or --features CSV)");
    if (cli_audio_options_check(CMD, &load) < 0)
        return SER_EXIT_USAGE;
    if (!(model_path = cli_model_path(CMD, model_path)))
        return SER_EXIT_RUNTIME;
    ser_error err = {0};
    ser_model *model = NULL;
    if (ser_model_load(model_path, &model, &err))
        return cli_runtime_error(CMD, "%s", err.message);
    int rc = features ? predict_table(model, model_path, features, json)
                      : predict_audio(model, model_path, load, analysis, argv + optind, argc - optind, json);
    ser_model_destroy(model);
    return rc;
}
