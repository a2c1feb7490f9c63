/* ml_options.c - see ml_options.h. */
#include <stdlib.h>
#include <string.h>

#include "audio_inputs.h"
#include "audio_table.h"
#include "cli.h"
#include "ml_options.h"
#include "telephone_rows.h"

void ml_options_default(ml_options *o)
{
    memset(o, 0, sizeof *o);
    o->kind = SER_MODEL_SVM;
    o->cv = 5;
    o->n_iter = 10;
    o->threads = 1;
    o->set = "seed";
    o->load = ser_load_config_default();
    o->param_depth = o->param_trees = -1;
}

/* The hyper-parameters of --param and --grid and their values:
 * c=X (> 0), gamma=X (> 0) | scale, depth=N (1..1000) | none, trees=N
 * (1..100000), rate=X (0 < X <= 1).  'scale' and 'none' read as 0. */
enum { HP_C, HP_GAMMA, HP_DEPTH, HP_TREES, HP_RATE, HP_NONE };

/* Which hyper-parameter "NAME=..." names (HP_NONE: none). */
static int hp_name(const char *arg)
{
    static const char *const names[] = {"c", "gamma", "depth", "trees", "rate"};
    const char *eq = strchr(arg, '=');
    for (int h = 0; eq && h < HP_NONE; h++)
        if ((size_t)(eq - arg) == strlen(names[h]) && !strncmp(arg, names[h], (size_t)(eq - arg)))
            return h;
    return HP_NONE;
}

static bool hp_value(int h, const char *text, double *out)
{
    long l;
    *out = 0;
    if ((h == HP_GAMMA && !strcmp(text, "scale")) || (h == HP_DEPTH && !strcmp(text, "none")))
        return true;
    if (h == HP_DEPTH || h == HP_TREES) {
        if (!cli_parse_long(text, 1, h == HP_DEPTH ? 1000 : 100000, &l))
            return false;
        *out = (double)l;
        return true;
    }
    return cli_parse_double(text, out) && *out > 0 && (h != HP_RATE || *out <= 1);
}

/* --param NAME=VALUE */
static int parse_param(const char *cmd, const char *arg, ml_options *o)
{
    int h = hp_name(arg);
    double v;
    if (h == HP_NONE || !hp_value(h, strchr(arg, '=') + 1, &v))
        return cli_usage_error(cmd, "--param wants c=X, gamma=X|scale, depth=N|none, trees=N or rate=X, not '%s'",
                               arg), -1;
    switch (h) {
    case HP_C: o->param_c = v; break;
    case HP_GAMMA: o->param_gamma = v > 0 ? v : -1; break; /* -1: 'scale' */
    case HP_DEPTH: o->param_depth = (long)v; break;
    case HP_TREES: o->param_trees = (long)v; break;
    default: o->param_rate = v; break;
    }
    return 1;
}

/* --grid NAME=V,V,...: the values of one hyper-parameter */
static int parse_grid(const char *cmd, const char *arg, ml_options *o)
{
    int h = hp_name(arg);
    size_t *count = h == HP_C ? &o->n_grid_c : h == HP_GAMMA ? &o->n_grid_gamma : h == HP_DEPTH ? &o->n_grid_depth
                  : h == HP_TREES ? &o->n_grid_trees : h == HP_RATE ? &o->n_grid_rate : NULL;
    const char *list = count ? strchr(arg, '=') + 1 : "";
    if (!count || !*list)
        return cli_usage_error(cmd, "--grid wants c=, gamma=, depth=, trees= or rate= and a comma-separated "
                               "list, not '%s'", arg), -1;
    *count = 0;
    char item[64];
    for (const char *p = list; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0 || len >= sizeof item || *count == ML_MAX_GRID)
            return cli_usage_error(cmd, "--grid '%s': want 1 to %d non-empty values", arg, ML_MAX_GRID), -1;
        memcpy(item, p, len);
        item[len] = '\0';
        double v;
        if (!hp_value(h, item, &v))
            return cli_usage_error(cmd, "--grid '%s': '%s' is not a valid value", arg, item), -1;
        size_t k = (*count)++;
        switch (h) {
        case HP_C: o->grid_c[k] = v; break;
        case HP_GAMMA: o->grid_gamma[k] = v; break; /* 0: 'scale' (ser/search.h) */
        case HP_DEPTH: o->grid_depth[k] = (size_t)v; break; /* 0: unlimited */
        case HP_TREES: o->grid_trees[k] = (size_t)v; break;
        default: o->grid_rate[k] = v; break;
        }
        p += len + (comma ? 1 : 0);
        if (comma && !*p)
            return cli_usage_error(cmd, "--grid '%s': a trailing comma", arg), -1;
    }
    return 1;
}

void ml_options_free(ml_options *o)
{
    ser_feature_set_config_destroy(o->fset);
    o->fset = NULL;
    batch_errors_free(&o->errors);
}

static bool parse_kind(const char *s, ser_model_kind *k)
{
    for (int i = 0; i <= SER_MODEL_CNN; i++)
        if (strcmp(s, ser_model_kind_name((ser_model_kind)i)) == 0) {
            *k = (ser_model_kind)i;
            return true;
        }
    return false;
}

int ml_option(const char *cmd, int opt, const char *arg, ml_options *o)
{
    long v;
    int r = cli_audio_option(cmd, opt, arg, &o->load);
    if (r)
        return r;
    switch (opt) {
    case ML_OPT_DATA:
        o->data_root = arg;
        return 1;
    case ML_OPT_STREAMING:
        o->streaming = true;
        return 1;
    case ML_OPT_AUGMENT_TEL:
        o->augment_telephone = 1.0;
        if (arg && (!cli_parse_double(arg, &o->augment_telephone) || !(o->augment_telephone > 0) ||
                    !(o->augment_telephone <= 1)))
            return cli_usage_error(cmd, "--augment-telephone wants a share in (0, 1], not '%s'", arg), -1;
        return 1;
    case ML_OPT_PARAM:
        return parse_param(cmd, arg, o);
    case ML_OPT_GRID:
        return parse_grid(cmd, arg, o);
    case ML_OPT_EXCLUDE:
        o->exclude_speakers = arg;
        return 1;
    case ML_OPT_TELEPHONE:
        o->telephone = true;
        return 1;
    case ML_OPT_TEL_LOSS:
        if (!cli_parse_double(arg, &o->telephone_loss) || !(o->telephone_loss >= 0) || !(o->telephone_loss < 1))
            return cli_usage_error(cmd, "--telephone-loss wants a rate in [0, 1), not '%s'", arg), -1;
        return 1;
    case ML_OPT_KIND:
        if (!parse_kind(arg, &o->kind))
            return cli_usage_error(cmd, "--kind wants svm, forest, boost or cnn, not '%s'", arg), -1;
        o->kind_set = true;
        return 1;
    case ML_OPT_SEARCH:
        if (ser_search_method_parse(arg, &o->method))
            return cli_usage_error(cmd, "--search wants grid, random or none, not '%s'", arg), -1;
        o->search_set = true;
        return 1;
    case ML_OPT_CV:
        if (!cli_parse_long(arg, 1, 100, &v))
            return cli_usage_error(cmd, "--cv wants an integer in [1, 100], not '%s'", arg), -1;
        o->cv = (size_t)v;
        return 1;
    case ML_OPT_GROUP:
        if (strcmp(arg, "speaker") != 0)
            return cli_usage_error(cmd, "--group wants 'speaker', not '%s'", arg), -1;
        o->group_speaker = true;
        return 1;
    case ML_OPT_SCORE:
        if (strcmp(arg, "accuracy") == 0)
            o->score = SER_SCORE_ACCURACY;
        else if (strcmp(arg, "uar") == 0)
            o->score = SER_SCORE_UAR;
        else
            return cli_usage_error(cmd, "--score wants accuracy or uar, not '%s'", arg), -1;
        return 1;
    case ML_OPT_LABELS:
        o->labels = arg;
        return 1;
    case ML_OPT_MERGE:
        if (o->n_merges == ML_MAX_MERGES)
            return cli_usage_error(cmd, "too many --merge options"), -1;
        o->merges[o->n_merges++] = arg;
        return 1;
    case ML_OPT_SET:
        o->set = arg;
        return 1;
    case ML_OPT_FEATURES:
        o->features = arg;
        return 1;
    case ML_OPT_SPEAKER_NORM:
        o->speaker_norm = true;
        return 1;
    case ML_OPT_SEED:
        if (!cli_parse_long(arg, 0, 0x7fffffffL, &v))
            return cli_usage_error(cmd, "--seed wants a non-negative integer, not '%s'", arg), -1;
        o->seed = (unsigned long long)v;
        return 1;
    case ML_OPT_N_ITER:
        if (!cli_parse_long(arg, 1, 10000, &v))
            return cli_usage_error(cmd, "--n-iter wants a positive integer, not '%s'", arg), -1;
        o->n_iter = (size_t)v;
        return 1;
    case ML_OPT_BALANCED:
        if (strcmp(arg, "balanced") == 0)
            o->class_weight = SER_CLASS_WEIGHT_BALANCED;
        else if (strcmp(arg, "none") == 0)
            o->class_weight = SER_CLASS_WEIGHT_NONE;
        else
            return cli_usage_error(cmd, "--class-weight wants none or balanced, not '%s'", arg), -1;
        return 1;
    case 'j':
        if (!cli_parse_long(arg, 1, 256, &v))
            return cli_usage_error(cmd, "-j wants an integer in [1, 256], not '%s'", arg), -1;
        o->threads = (int)v;
        return 1;
    default:
        return 0;
    }
}

void ml_options_finish(ml_options *o)
{
    ser_search_config_default(&o->search, o->kind);
    if (o->search_set)
        o->search.method = o->method;
    o->search.cv_folds = o->cv;
    o->search.score = o->score;
    o->search.n_iter = o->n_iter;
    o->search.seed = o->seed;
    o->search.threads = o->threads;
    o->search.svm.seed = o->seed;
    o->search.svm.class_weight = o->class_weight;
    o->search.trees.class_weight = o->class_weight;
    o->search.trees.seed = o->seed;
    if (o->param_c > 0)
        o->search.svm.c = o->param_c;
    if (o->param_gamma > 0) {
        o->search.svm.gamma_mode = SER_SVM_GAMMA_VALUE;
        o->search.svm.gamma = o->param_gamma;
    } else if (o->param_gamma < 0) {
        o->search.svm.gamma_mode = SER_SVM_GAMMA_SCALE;
    }
    if (o->param_depth >= 0)
        o->search.trees.max_depth = (size_t)o->param_depth;
    if (o->param_trees > 0)
        o->search.trees.n_estimators = (size_t)o->param_trees;
    if (o->param_rate > 0)
        o->search.trees.learning_rate = o->param_rate;
    if (o->n_grid_c)
        o->search.c_values = o->grid_c, o->search.n_c = o->n_grid_c;
    if (o->n_grid_gamma)
        o->search.gamma_values = o->grid_gamma, o->search.n_gamma = o->n_grid_gamma;
    if (o->n_grid_depth)
        o->search.depth_values = o->grid_depth, o->search.n_depth = o->n_grid_depth;
    if (o->n_grid_trees)
        o->search.trees_values = o->grid_trees, o->search.n_trees = o->n_grid_trees;
    if (o->n_grid_rate)
        o->search.rate_values = o->grid_rate, o->search.n_rate = o->n_grid_rate;
}

void ml_options_help(FILE *out)
{
    fprintf(out,
            "Model options:\n"
            "  --kind svm|forest|boost|cnn  model kind (default svm; cnn: see CNN options)\n"
            "  --search grid|random|none hyper-parameter search (svm: grid; forest/boost: random)\n"
            "                            svm grid: C {0.1,1,10,100} x gamma {scale,0.001,0.01,0.1};\n"
            "                            forest: depth {none,10,20,30} x trees {100,200,300,500};\n"
            "                            boost: depth {3,6,10} x rounds {50,100,200,300} x rate {0.05,0.1,0.3}\n"
            "  --n-iter N                points of a random search (default 10)\n"
            "  --param NAME=VALUE        the base point, what --search none fits (repeatable): c=X,\n"
            "                            gamma=X|scale (svm); depth=N|none, trees=N, rate=X (forest/boost)\n"
            "  --grid NAME=V,V,...       the search's values of one hyper-parameter instead of the\n"
            "                            default grid (repeatable): c, gamma (scale or a value), depth\n"
            "                            (none or N), trees, rate; e.g. --grid c=1,10,100,1000\n"
            "  --cv K                    inner cross-validation folds (default 5), training data only;\n"
            "                            1: none (--search none only: one fit per training part)\n"
            "  --group speaker           inner folds keep each speaker whole\n"
            "  --score accuracy|uar      selection score (default accuracy)\n"
            "  --class-weight none|balanced  per-class weights (default none)\n"
            "  --speaker-norm            standardise each speaker's features by that speaker's own clips\n"
            "                            (a telephone copy by the copies; --kind cnn: each mel band)\n"
            "  --seed N                  seed of folds, search and calibration (default 0)\n"
            "  -j N                      threads over folds x parameter points (default 1; same result)\n"
            "Data options (DATA: audio files, folders, CSV manifests path,label[,speaker]):\n"
            "  --features CSV            feature table from `ser features` instead of audio\n"
            "  --set SPEC                feature set extracted from audio (ser features --help; default\n"
            "                            seed); with --features, the set name recorded in the model\n"
            "  --streaming               the live stream's variant of the set\n"
            "  --augment-telephone[=S]   also train on the telephone-band version of each clip (8 kHz,\n"
            "                            µ-law, 300-3400 Hz; a share S of the clips, default 1)\n"
            "  --telephone               (evaluate) test on the telephone-band version of the test folds\n"
            "  --telephone-loss R        packet-loss rate of the telephone versions (20 ms packets,\n"
            "                            seeded by --seed and the path; default 0)\n"
            "  --data DIR                corpora root for --protocol without DATA (default $SER_DATA,\n"
            "                            else ../shared/data)\n"
            "  -j, --jobs N              also the feature-extraction threads\n"
            "  --labels A,B,...          keep these classes (after merging)\n"
            "  --exclude-speakers A,B    leave out the audio of these speakers (corpus:id, e.g. emodb:16)\n"
            "  --merge FROM=TO[,...]     map a label onto another (repeatable)\n");
    cli_audio_options_help(out);
}

/* Drop the items whose speaker is in the comma-separated list. */
static void exclude_speakers(audio_inputs *in, const char *list)
{
    size_t kept = 0;
    for (size_t i = 0; i < in->n; i++) {
        const char *spk = in->items[i].speaker;
        bool drop = false;
        size_t len = spk ? strlen(spk) : 0;
        for (const char *p = list; spk && *p && !drop;) {
            const char *comma = strchr(p, ',');
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            drop = n == len && strncmp(p, spk, n) == 0;
            p += n + (comma ? 1 : 0);
        }
        if (!drop)
            in->items[kept++] = in->items[i];
    }
    in->n = kept;
}

static int load_audio(const char *cmd, ml_options *o, char *const *inputs, int n_inputs,
                      const ser_protocol *protocol, const ser_label_map *map, feature_table *t)
{
    ser_error err = {0};
    ser_status st;
    if (cli_audio_options_check(cmd, &o->load) < 0)
        return SER_EXIT_USAGE;
    if (!(o->fset = ser_feature_set_parse(o->set, &st, &err)))
        return cli_usage_error(cmd, "--set: %s", err.message);
    ser_feature_set_set_streaming(o->fset, o->streaming);
    audio_inputs in;
    int rc = audio_inputs_collect(cmd, inputs, n_inputs, n_inputs ? NULL : protocol, cli_data_root(o->data_root), map,
                                  &in, &o->errors);
    if (rc >= 0)
        return rc;
    o->source = n_inputs ? (n_inputs == 1 ? inputs[0] : "the audio inputs") : protocol->corpus;
    if (o->exclude_speakers)
        exclude_speakers(&in, o->exclude_speakers);
    rc = audio_table_extract(cmd, &in, o->fset, &o->load, o->threads, true, t, &o->errors);
    if (rc < 0 && (o->augment_telephone > 0 || o->telephone)) {
        ser_load_config tl = o->load;
        tl.telephone = true;
        tl.telephone_config.loss_rate = o->telephone_loss;
        tl.telephone_config.seed = o->seed;
        feature_table tel;
        batch_errors tel_errors = {0};
        rc = audio_table_extract(cmd, &in, o->fset, &tl, o->threads, true, &tel, &tel_errors);
        batch_errors_free(&tel_errors);
        if (rc < 0) {
            rc = telephone_rows_append(cmd, t, &tel, o->augment_telephone, o->telephone, o->seed);
            feature_table_free(&tel);
        }
        if (rc >= 0)
            feature_table_free(t);
    }
    audio_inputs_free(&in);
    return rc;
}

int ml_load_table(const char *cmd, ml_options *o, char *const *inputs, int n_inputs, const ser_protocol *protocol,
                  feature_table *t)
{
    ser_error err = {0};
    ser_label_map map;
    if (ser_label_map_build(&map, o->labels, o->merges, o->n_merges, &err))
        return cli_usage_error(cmd, "%s", err.message);
    if (o->features && (o->augment_telephone > 0 || o->telephone))
        return cli_usage_error(cmd, "--augment-telephone and --telephone work on audio, not --features CSV");
    if (o->features && n_inputs > 0)
        return cli_usage_error(cmd, "give either --features CSV or audio inputs, not both");
    if (o->features) {
        o->source = o->features;
        if (feature_table_read(o->features, true, t, &err))
            return cli_runtime_error(cmd, "%s", err.message);
    } else {
        if (!n_inputs && !protocol)
            return cli_usage_error(cmd, "no data: give audio files, folders or manifests, --protocol NAME, "
                                        "or --features CSV");
        int rc = load_audio(cmd, o, inputs, n_inputs, protocol, &map, t);
        if (rc >= 0)
            return rc;
        ser_label_map_identity(&map); /* already applied to the items */
    }
    if (feature_table_classes(t, &map, &err)) {
        feature_table_free(t);
        return cli_runtime_error(cmd, "%s", err.message);
    }
    if (t->n_classes < 2) {
        int rc = cli_runtime_error(cmd, "%s: only one class (%s) after the selection; need at least two",
                                   o->source, ser_label_name(t->class_labels[0]));
        feature_table_free(t);
        return rc;
    }
    return -1;
}
