/* ser predict - label and per-class probabilities per input with a model
 * file; JSON lines per docs/cli.md. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli.h"
#include "commands.h"
#include "feature_table.h"
#include "ser/model.h"

#define CMD "predict"

static void usage(void)
{
    printf("Usage: ser predict -m MODEL --features CSV [--json]\n"
           "Label and per-class probabilities for every row of a feature table (from\n"
           "`ser features`), with a model from `ser train`.\n\n"
           "  -m, --model MODEL   model file (required for now: no default model is shipped yet)\n"
           "  --features CSV      rows to classify (path,label,speaker,corpus,<the model's features>)\n"
           "  --json              JSON lines {\"path\",\"label\",\"probabilities\",\"confidence\",\"voiced\"}\n"
           "                      (\"voiced\" is null for feature rows: the audio is not seen)\n"
           "  -h, --help          show this help\n\n"
           "Exit codes: 0 all rows predicted, 3 some failed (listed), 1 none / bad model or layout,\n"
           "2 usage.\n");
}

static void print_row(bool json, const ser_model *m, const char *path, const double *probs, int label)
{
    size_t k = ser_model_n_classes(m);
    if (!json) {
        printf("%s\t%s\t%.4f\n", path, ser_model_label(m, (size_t)label), probs[label]);
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "path", path);
    cJSON_AddStringToObject(j, "label", ser_model_label(m, (size_t)label));
    cJSON *p = cJSON_AddObjectToObject(j, "probabilities");
    for (size_t c = 0; c < k; c++)
        cJSON_AddNumberToObject(p, ser_model_label(m, c), probs[c]);
    cJSON_AddNumberToObject(j, "confidence", probs[label]);
    cJSON_AddNullToObject(j, "voiced");
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (text)
        puts(text);
    cJSON_free(text);
}

static void print_error(bool json, const char *path, const char *msg)
{
    fprintf(stderr, "ser %s: %s: %s\n", CMD, path, msg);
    if (!json)
        return;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "path", path);
    cJSON_AddStringToObject(j, "error", msg);
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (text)
        puts(text);
    cJSON_free(text);
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
        {NULL, 0, NULL, 0},
    };
    const char *model_path = NULL, *features = NULL;
    bool json = false;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":m:h", longopts, NULL)) != -1) {
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
    if (!model_path)
        return cli_usage_error(CMD, "-m MODEL is required (no default model is shipped yet)");
    if (!features)
        return cli_usage_error(CMD, "give the inputs as --features CSV (audio inputs need the feature "
                                    "extractor, not in this build yet)");
    if (optind < argc)
        return cli_usage_error(CMD, "unexpected argument '%s' (audio inputs are not supported yet)", argv[optind]);
    ser_error err = {0};
    ser_model *model = NULL;
    if (ser_model_load(model_path, &model, &err))
        return cli_runtime_error(CMD, "%s", err.message);
    feature_table t;
    if (feature_table_read(features, false, &t, &err)) {
        ser_model_destroy(model);
        return cli_runtime_error(CMD, "%s", err.message);
    }
    int rc;
    if (ser_model_check_layout(model, (const char *const *)t.names, t.dim, &err)) {
        rc = cli_runtime_error(CMD, "%s does not fit model %s: %s", features, model_path, err.message);
        goto done;
    }
    ser_model_ctx *ctx = NULL;
    size_t k = ser_model_n_classes(model);
    double *probs = malloc(k * sizeof *probs);
    float *row = malloc(t.dim * sizeof *row);
    if (ser_model_ctx_create(model, &ctx) || !probs || !row) {
        free(probs);
        free(row);
        ser_model_ctx_destroy(ctx);
        rc = cli_runtime_error(CMD, "out of memory");
        goto done;
    }
    size_t used = 0, failed = 0;
    for (size_t i = 0; i < t.n; i++) {
        for (size_t j = 0; j < t.dim; j++)
            row[j] = (float)t.x[i * t.dim + j];
        int label;
        ser_status st = ser_model_predict(model, ctx, row, t.dim, probs, k, &label);
        if (st) {
            print_error(json, t.paths[i], ser_strerror(st));
            failed++;
            continue;
        }
        print_row(json, model, t.paths[i], probs, label);
        used++;
    }
    free(probs);
    free(row);
    ser_model_ctx_destroy(ctx);
    rc = cli_batch_exit(used, failed);
done:
    feature_table_free(&t);
    ser_model_destroy(model);
    return rc;
}
