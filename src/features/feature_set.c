/* Feature-set specs: parse "seed", "prosody", "full" or
 * "family[:stat,...]+family..." into a list of families with their
 * statistics, and name every dimension (see include/ser/features.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feature_set_internal.h"
#include "ser/prosody.h"
#include "ser/seed.h"
#include "ser/util.h"

/* What "full" stands for (documented in ser_feature_set_help). */
static const char full_spec[] = "seed+delta:mean,var+mfcc:std,min,max+rms:mean,std,slope+zcr:mean,std"
                                "+centroid:mean,std+bandwidth:mean,std+rolloff:mean,std+flatness:mean,std"
                                "+prosody";

typedef struct family_info {
    const char *token;  /* name in a spec */
    const char *prefix; /* column-name prefix */
    ser__family_kind kind;
    size_t default_n;   /* rows; 0 for stat-less families */
    size_t max_n;       /* > default_n when "tokenN" is accepted */
} family_info;

static const family_info families[] = {
    {"seed", "", SER__FAM_SEED, 0, 0},
    {"prosody_yin", "", SER__FAM_PROSODY_YIN, 0, 0},
    {"prosody", "", SER__FAM_PROSODY, 0, 0},
    {"mfcc", "mfcc", SER__FAM_MFCC, 13, 128},
    {"delta", "mfcc", SER__FAM_DELTA, 13, 128},
    {"chroma", "chroma", SER__FAM_CHROMA, 12, 12},
    {"logmel", "logmel", SER__FAM_LOGMEL, 128, 512},
    {"mel", "mel", SER__FAM_MEL, 128, 512},
    {"contrast", "contrast", SER__FAM_CONTRAST, 7, 7},
    {"rms", "rms", SER__FAM_RMS, 1, 1},
    {"zcr", "zcr", SER__FAM_ZCR, 1, 1},
    {"centroid", "centroid", SER__FAM_CENTROID, 1, 1},
    {"bandwidth", "bandwidth", SER__FAM_BANDWIDTH, 1, 1},
    {"rolloff", "rolloff", SER__FAM_ROLLOFF, 1, 1},
    {"flatness", "flatness", SER__FAM_FLATNESS, 1, 1},
};
#define N_FAMILIES (sizeof families / sizeof families[0])

static const family_info *info_of(ser__family_kind kind)
{
    for (size_t i = 0; i < N_FAMILIES; i++)
        if (families[i].kind == kind)
            return &families[i];
    return NULL;
}

const char *ser_feature_set_help(void)
{
    return "Feature sets (--set):\n"
           "  seed      the 320-dim librosa vector: mfcc13, chroma12, mel128 (power), contrast7; mean, var\n"
           "  prosody   f0, energy, speaking rate, jitter, shimmer, HNR (18 values, pYIN f0)\n"
           "  full      seed+delta:mean,var+mfcc:std,min,max+rms:mean,std,slope+zcr:mean,std\n"
           "            +centroid:mean,std+bandwidth:mean,std+rolloff:mean,std+flatness:mean,std+prosody\n"
           "  or a composition FAMILY[:STAT,...]+FAMILY...  e.g. mfcc40:mean,std+mel64:mean+prosody\n"
           "Families (frames: n_fft 2048, hop 512, centred, as librosa):\n"
           "  mfccN     MFCC 1..N of the 128-band mel dB (N default 13, <= 128)\n"
           "  deltaN    librosa.feature.delta (width 9, interp) of MFCC 1..N (13); names mfccK_delta_STAT\n"
           "  chroma    chroma_stft, 12 bins      melN   mel power, N bands (128)\n"
           "  logmelN   mel power in dB, N bands (128): power_to_db as the MFCCs get it\n"
           "  contrast  spectral contrast, 7 rows (at 8 kHz row 7 is 0)\n"
           "  rms  zcr  centroid  bandwidth  rolloff  flatness   one value per frame\n"
           "  seed      the seed layout (no statistics)\n"
           "  prosody   18 prosody values (no statistics); prosody_yin: the same with YIN f0\n"
           "Statistics (default mean,var): mean var std min max slope pNN (percentile 0..100).\n";
}

size_t ser__family_dim(const ser__family *f)
{
    switch (f->kind) {
    case SER__FAM_SEED: return SER_SEED_DIM;
    case SER__FAM_PROSODY:
    case SER__FAM_PROSODY_YIN: return SER_PROSODY_N_DIMS;
    default: return f->n * f->n_stats;
    }
}

void ser_feature_set_config_destroy(ser_feature_set_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->names);
    free(cfg->spec);
    free(cfg);
}

void ser_feature_set_set_streaming(ser_feature_set_config *cfg, bool streaming)
{
    if (cfg)
        cfg->streaming = streaming;
}

bool ser_feature_set_streaming(const ser_feature_set_config *cfg) { return cfg && cfg->streaming; }

const char *ser_feature_set_spec(const ser_feature_set_config *cfg) { return cfg ? cfg->spec : NULL; }

size_t ser_feature_set_dim(const ser_feature_set_config *cfg) { return cfg ? cfg->dim : 0; }

const char *ser_feature_set_name(const ser_feature_set_config *cfg, size_t i)
{
    return cfg && i < cfg->dim ? cfg->names[i] : NULL;
}

/* Parse one "family[:stats]" item (modified in place). */
static ser_status parse_item(char *item, ser__family *f, ser_error *err)
{
    char *colon = strchr(item, ':');
    if (colon)
        *colon = '\0';
    const family_info *fi = NULL;
    size_t n = 0;
    for (size_t i = 0; i < N_FAMILIES && !fi; i++) {
        size_t len = strlen(families[i].token);
        if (strncmp(item, families[i].token, len) != 0)
            continue;
        const char *rest = item + len;
        if (*rest == '\0') {
            fi = &families[i];
            n = fi->default_n;
        } else if (families[i].max_n > families[i].default_n && isdigit((unsigned char)*rest)) {
            char *end;
            long v = strtol(rest, &end, 10);
            if (*end != '\0')
                continue;
            if (v < 1 || (size_t)v > families[i].max_n)
                return ser_error_set(err, SER_ERR_PARSE, "feature set: '%s': %s takes 1..%zu", item,
                                     families[i].token, families[i].max_n);
            fi = &families[i];
            n = (size_t)v;
        }
    }
    if (!fi)
        return ser_error_set(err, SER_ERR_PARSE, "feature set: unknown family '%s' (see ser features --help)",
                             item);
    f->kind = fi->kind;
    f->n = n;
    f->n_stats = 0;
    if (fi->default_n == 0) {
        if (colon)
            return ser_error_set(err, SER_ERR_PARSE, "feature set: '%s' takes no statistics", item);
        return SER_OK;
    }
    if (!colon) {
        f->stats[0] = (ser_stat){SER_STAT_MEAN, 0.0};
        f->stats[1] = (ser_stat){SER_STAT_VAR, 0.0};
        f->n_stats = 2;
        return SER_OK;
    }
    char *save = NULL;
    char *list = colon + 1;
    if (*list == '\0')
        return ser_error_set(err, SER_ERR_PARSE, "feature set: '%s:' has an empty statistics list", item);
    for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (f->n_stats == SER__MAX_STATS)
            return ser_error_set(err, SER_ERR_PARSE, "feature set: '%s': more than %d statistics", item,
                                 SER__MAX_STATS);
        if (ser_stat_parse(tok, &f->stats[f->n_stats]) != SER_OK)
            return ser_error_set(err, SER_ERR_PARSE,
                                 "feature set: unknown statistic '%s' (mean var std min max slope pNN)", tok);
        f->n_stats++;
    }
    if (f->n_stats == 0)
        return ser_error_set(err, SER_ERR_PARSE, "feature set: '%s': empty statistics list", item);
    return SER_OK;
}

static ser_status parse_list(ser_feature_set_config *c, const char *spec, ser_error *err)
{
    size_t len = strlen(spec);
    char *copy = malloc(len + 1);
    if (!copy)
        return ser_error_set(err, SER_ERR_NOMEM, "feature set: out of memory");
    memcpy(copy, spec, len + 1);
    ser_status st = SER_OK;
    char *p = copy;
    for (;;) {
        char *plus = strchr(p, '+');
        if (plus)
            *plus = '\0';
        if (*p == '\0') {
            st = ser_error_set(err, SER_ERR_PARSE, "feature set '%s': empty item", spec);
            break;
        }
        if (strcmp(p, "full") == 0) {
            st = parse_list(c, full_spec, err);
        } else if (c->n_fam == SER__MAX_FAMILIES) {
            st = ser_error_set(err, SER_ERR_PARSE, "feature set: more than %d families", SER__MAX_FAMILIES);
        } else {
            st = parse_item(p, &c->fam[c->n_fam], err);
            if (st == SER_OK)
                c->n_fam++;
        }
        if (st != SER_OK || !plus)
            break;
        p = plus + 1;
    }
    free(copy);
    return st;
}

/* Names of one family into names[0..dim), written into text at *pos. */
static void name_family(const ser__family *f, char **names, char *text, size_t *pos)
{
    size_t k = 0;
#define PUT(...)                                                                                        \
    do {                                                                                                \
        names[k++] = text + *pos;                                                                       \
        *pos += (size_t)sprintf(text + *pos, __VA_ARGS__) + 1;                                          \
    } while (0)
    if (f->kind == SER__FAM_SEED) {
        static const struct { const char *p; size_t n; } blocks[4] = {
            {"mfcc", SER_SEED_N_MFCC}, {"chroma", SER_SEED_N_CHROMA}, {"mel", SER_SEED_N_MELS},
            {"contrast", SER_SEED_N_CONTRAST}};
        for (size_t b = 0; b < 4; b++) {
            for (size_t i = 1; i <= blocks[b].n; i++)
                PUT("%s%zu_mean", blocks[b].p, i);
            for (size_t i = 1; i <= blocks[b].n; i++)
                PUT("%s%zu_var", blocks[b].p, i);
        }
        return;
    }
    if (f->kind == SER__FAM_PROSODY || f->kind == SER__FAM_PROSODY_YIN) {
        for (size_t i = 0; i < SER_PROSODY_N_DIMS; i++)
            PUT("%s", ser_prosody_dims[i].name);
        return;
    }
    const family_info *fi = info_of(f->kind);
    for (size_t s = 0; s < f->n_stats; s++) {
        char sb[32];
        const char *sn = ser_stat_name(f->stats[s], sb, sizeof sb);
        for (size_t i = 1; i <= f->n; i++) {
            if (fi->default_n == 1)
                PUT("%s_%s", fi->prefix, sn);
            else if (f->kind == SER__FAM_DELTA)
                PUT("%s%zu_delta_%s", fi->prefix, i, sn);
            else
                PUT("%s%zu_%s", fi->prefix, i, sn);
        }
    }
#undef PUT
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static ser_status build_names(ser_feature_set_config *c, ser_error *err)
{
    size_t dim = 0;
    for (size_t i = 0; i < c->n_fam; i++)
        dim += ser__family_dim(&c->fam[i]);
    if (dim == 0)
        return ser_error_set(err, SER_ERR_PARSE, "feature set: no dimensions");
    /* Longest name: "mfcc128_delta_p99.5..." < 64 bytes. */
    size_t bytes = dim * (sizeof(char *) + 64);
    char *block = malloc(bytes);
    char **sorted = malloc(dim * sizeof *sorted);
    if (!block || !sorted) {
        free(block);
        free(sorted);
        return ser_error_set(err, SER_ERR_NOMEM, "feature set: out of memory");
    }
    c->names = (char **)(void *)block;
    char *text = block + dim * sizeof(char *);
    size_t pos = 0, at = 0;
    for (size_t i = 0; i < c->n_fam; i++) {
        name_family(&c->fam[i], c->names + at, text, &pos);
        at += ser__family_dim(&c->fam[i]);
    }
    c->dim = dim;
    memcpy(sorted, c->names, dim * sizeof *sorted);
    qsort(sorted, dim, sizeof *sorted, cmp_str);
    ser_status st = SER_OK;
    for (size_t i = 1; i < dim && st == SER_OK; i++)
        if (strcmp(sorted[i - 1], sorted[i]) == 0)
            st = ser_error_set(err, SER_ERR_PARSE, "feature set: dimension '%s' appears twice", sorted[i]);
    free(sorted);
    return st;
}

/* Canonical spec: the set name for seed/prosody/full, else every item
 * with its statistics written out. */
static ser_status build_spec(ser_feature_set_config *c, const char *given, ser_error *err)
{
    if (strcmp(given, "seed") == 0 || strcmp(given, "prosody") == 0 || strcmp(given, "full") == 0) {
        c->spec = ser_strdup(given);
        return c->spec ? SER_OK : ser_error_set(err, SER_ERR_NOMEM, "feature set: out of memory");
    }
    size_t cap = 64 + c->n_fam * (32 + SER__MAX_STATS * 16);
    c->spec = malloc(cap);
    if (!c->spec)
        return ser_error_set(err, SER_ERR_NOMEM, "feature set: out of memory");
    size_t pos = 0;
    for (size_t i = 0; i < c->n_fam; i++) {
        const ser__family *f = &c->fam[i];
        const family_info *fi = info_of(f->kind);
        pos += (size_t)snprintf(c->spec + pos, cap - pos, "%s%s", i ? "+" : "", fi->token);
        if (fi->max_n > fi->default_n && f->n != fi->default_n)
            pos += (size_t)snprintf(c->spec + pos, cap - pos, "%zu", f->n);
        for (size_t s = 0; s < f->n_stats; s++) {
            char sb[32];
            pos += (size_t)snprintf(c->spec + pos, cap - pos, "%c%s", s ? ',' : ':',
                                    ser_stat_name(f->stats[s], sb, sizeof sb));
        }
    }
    return SER_OK;
}

ser_feature_set_config *ser_feature_set_parse(const char *spec, ser_status *status, ser_error *err)
{
    ser_status st;
    ser_feature_set_config *c = NULL;
    if (!spec || !*spec) {
        st = ser_error_set(err, SER_ERR_PARSE, "feature set: empty spec");
        goto fail;
    }
    c = calloc(1, sizeof *c);
    if (!c) {
        st = ser_error_set(err, SER_ERR_NOMEM, "feature set: out of memory");
        goto fail;
    }
    if ((st = parse_list(c, spec, err)) != SER_OK || (st = build_names(c, err)) != SER_OK
        || (st = build_spec(c, spec, err)) != SER_OK)
        goto fail;
    if (status)
        *status = SER_OK;
    return c;
fail:
    ser_feature_set_config_destroy(c);
    if (status)
        *status = st;
    return NULL;
}
