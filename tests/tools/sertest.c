/* sertest: the small helper the shell tests use instead of Python.
 *
 *   sertest json-get FILE PATH     print the value at PATH (dotted; numbers
 *                                  index arrays; "." is the root): strings raw,
 *                                  numbers %.17g, others compact JSON
 *   sertest json-keys FILE PATH    the object's keys, one a line, in order
 *   sertest json-len FILE PATH     number of array elements / object members
 *   sertest json-list FILE PATH    each array element (as json-get), one a line
 *   sertest probs FILE TOL [loose] JSON lines of predictions: print how many
 *                                  lines have |sum(p) - 1| > TOL, confidence
 *                                  != p[label] or p[label] != max(p); with
 *                                  "loose", a confidence equal to p[label]
 *                                  or to max(p) is accepted (an SVM's label
 *                                  need not be the argmax of Platt scores)
 *   sertest model-header FILE      check a SERMODEL file's magic and CRC-32,
 *                                  print its JSON header (exit 1 if bad)
 *   sertest npy-shape FILE         print "DESCR D0,D1,..." of a .npy file
 *   sertest raw-s16-ramp N         N stereo s16le frames (i, -i) on stdout
 *   sertest raw-f32-nan N          N float32 NaNs on stdout
 *   sertest feature-csv OUT [per_class_per_speaker] [n_speakers] [dim]
 *                                  [labels] [seed]
 *                                  synthetic feature CSV (layout of `ser
 *                                  features --format csv`): Gaussian blobs,
 *                                  centres N(0, 2^2) per class, per-speaker
 *                                  offset N(0, 3^2), noise N(0, 1), seeded.
 *   sertest ws PORT PATH [...]     WebSocket client with a
 *                                  Twilio Media Streams sender: sertest_ws.c */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sertest_ws.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "sertest: cannot open %s\n", path); return NULL; }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, 2 * cap + 1);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb; cap *= 2;
        }
    }
    fclose(f);
    if (!buf) return NULL;
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

static cJSON *load_json(const char *path)
{
    char *s = slurp(path, NULL);
    if (!s) return NULL;
    cJSON *j = cJSON_Parse(s);
    if (!j) fprintf(stderr, "sertest: %s: not JSON\n", path);
    free(s);
    return j;
}

static cJSON *walk(cJSON *node, const char *path)
{
    char buf[1024];
    if (strcmp(path, ".") == 0 || path[0] == '\0') return node;
    snprintf(buf, sizeof buf, "%s", path);
    for (char *tok = strtok(buf, "."); tok && node; tok = strtok(NULL, ".")) {
        if (cJSON_IsArray(node)) {
            char *end;
            long i = strtol(tok, &end, 10);
            node = (*end == '\0' && i >= 0) ? cJSON_GetArrayItem(node, (int)i) : NULL;
        } else if (cJSON_IsObject(node)) {
            node = cJSON_GetObjectItemCaseSensitive(node, tok);
        } else {
            node = NULL;
        }
    }
    return node;
}

static void print_value(const cJSON *v)
{
    if (cJSON_IsString(v)) {
        printf("%s\n", v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        printf("%.17g\n", v->valuedouble);
    } else {
        char *s = cJSON_PrintUnformatted(v);
        printf("%s\n", s ? s : "");
        free(s);
    }
}

static int cmd_json(const char *what, const char *file, const char *path)
{
    cJSON *root = load_json(file);
    if (!root) return 2;
    cJSON *v = walk(root, path);
    int rc = 0;
    if (!v) {
        fprintf(stderr, "sertest: %s: no value at %s\n", file, path);
        rc = 1;
    } else if (strcmp(what, "json-get") == 0) {
        print_value(v);
    } else if (strcmp(what, "json-len") == 0) {
        if (cJSON_IsArray(v) || cJSON_IsObject(v)) printf("%d\n", cJSON_GetArraySize(v));
        else rc = 1;
    } else if (strcmp(what, "json-keys") == 0) {
        if (!cJSON_IsObject(v)) rc = 1;
        for (cJSON *c = v->child; c && rc == 0; c = c->next) printf("%s\n", c->string);
    } else {
        if (!cJSON_IsArray(v)) rc = 1;
        for (cJSON *c = v->child; c && rc == 0; c = c->next) print_value(c);
    }
    cJSON_Delete(root);
    return rc;
}

static int cmd_probs(const char *file, double tol, int loose)
{
    FILE *f = fopen(file, "r");
    if (!f) return 2;
    static char line[1 << 16];
    long bad = 0;
    while (fgets(line, sizeof line, f)) {
        cJSON *d = cJSON_Parse(line);
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(d, "probabilities");
        const cJSON *lab = cJSON_GetObjectItemCaseSensitive(d, "label");
        const cJSON *conf = cJSON_GetObjectItemCaseSensitive(d, "confidence");
        if (!cJSON_IsObject(p) || !cJSON_IsString(lab) || !cJSON_IsNumber(conf)) {
            bad++;
            cJSON_Delete(d);
            continue;
        }
        double sum = 0, max = -HUGE_VAL;
        for (const cJSON *c = p->child; c; c = c->next) {
            sum += c->valuedouble;
            if (c->valuedouble > max) max = c->valuedouble;
        }
        const cJSON *pl = cJSON_GetObjectItemCaseSensitive(p, lab->valuestring);
        int is_pl = cJSON_IsNumber(pl) && conf->valuedouble == pl->valuedouble;
        int is_max = conf->valuedouble == max;
        int argmax = cJSON_IsNumber(pl) && pl->valuedouble == max;
        if (fabs(sum - 1) > tol || (loose ? !(is_pl || is_max) : !(is_pl && argmax)))
            bad++;
        cJSON_Delete(d);
    }
    fclose(f);
    printf("%ld\n", bad);
    return 0;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int cmd_model_header(const char *file)
{
    size_t n;
    unsigned char *d = (unsigned char *)slurp(file, &n);
    if (!d) return 2;
    int rc = 1;
    if (n < 28 || memcmp(d, "SERMODEL", 8) != 0) {
        fprintf(stderr, "sertest: %s: no SERMODEL magic\n", file);
    } else if (crc32(0L, d, (uInt)(n - 4)) != le32(d + n - 4)) {
        fprintf(stderr, "sertest: %s: CRC-32 mismatch\n", file);
    } else {
        uint32_t h = le32(d + 12);
        if ((size_t)h + 24 > n - 4) {
            fprintf(stderr, "sertest: %s: header length %u too large\n", file, h);
        } else {
            fwrite(d + 24, 1, h, stdout);
            putchar('\n');
            rc = 0;
        }
    }
    free(d);
    return rc;
}

static int cmd_npy_shape(const char *file)
{
    size_t n;
    char *d = slurp(file, &n);
    if (!d) return 2;
    int rc = 1;
    if (n >= 10 && memcmp(d, "\x93NUMPY", 6) == 0 && d[6] == 1) {
        size_t hl = (unsigned char)d[8] | (size_t)(unsigned char)d[9] << 8;
        if (10 + hl <= n) {
            char hdr[4096] = {0};
            memcpy(hdr, d + 10, hl < sizeof hdr - 1 ? hl : sizeof hdr - 1);
            char *ds = strstr(hdr, "'descr': '"), *sh = strstr(hdr, "'shape': (");
            if (ds && sh) {
                ds += 10;
                char *de = strchr(ds, '\'');
                sh += 10;
                char *se = strchr(sh, ')');
                if (de && se) {
                    printf("%.*s ", (int)(de - ds), ds);
                    for (char *c = sh; c < se; c++)
                        if (*c != ' ') putchar(*c);
                    putchar('\n');
                    rc = 0;
                }
            }
        }
    }
    if (rc) fprintf(stderr, "sertest: %s: not a v1 .npy file\n", file);
    free(d);
    return rc;
}

/* splitmix64 + Box-Muller: a small deterministic Gaussian source. */
typedef struct { uint64_t s; int have; double spare; } gauss_rng;

static double uniform01(gauss_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0; /* in (0, 1) */
}

static double gauss(gauss_rng *r, double sigma)
{
    if (r->have) { r->have = 0; return sigma * r->spare; }
    double u = uniform01(r), v = uniform01(r);
    double m = sqrt(-2.0 * log(u));
    r->spare = m * sin(2 * M_PI * v);
    r->have = 1;
    return sigma * m * cos(2 * M_PI * v);
}

static int cmd_feature_csv(int argc, char **argv)
{
    const char *out = argv[0];
    int per = argc > 1 ? atoi(argv[1]) : 6;
    int n_spk = argc > 2 ? atoi(argv[2]) : 4;
    int dim = argc > 3 ? atoi(argv[3]) : 6;
    char labbuf[1024];
    snprintf(labbuf, sizeof labbuf, "%s", argc > 4 ? argv[4] : "neutral,happy,sad,angry");
    gauss_rng r = {(uint64_t)(argc > 5 ? atoll(argv[5]) : 0) * 0x100000001B3ULL + 12345, 0, 0};
    char *labels[64];
    int k = 0;
    for (char *t = strtok(labbuf, ","); t && k < 64; t = strtok(NULL, ",")) labels[k++] = t;
    if (per < 1 || n_spk < 1 || dim < 1 || dim > 4096 || k < 1) return 2;
    double *centres = malloc(sizeof(double) * (size_t)k * (size_t)dim);
    double *offset = malloc(sizeof(double) * (size_t)dim);
    FILE *f = fopen(out, "w");
    if (!centres || !offset || !f) return 2;
    for (int i = 0; i < k * dim; i++) centres[i] = gauss(&r, 2.0);
    fprintf(f, "path,label,speaker,corpus");
    for (int j = 0; j < dim; j++) fprintf(f, ",f%d_mean", j + 1);
    fprintf(f, "\n");
    for (int s = 0; s < n_spk; s++) {
        for (int j = 0; j < dim; j++) offset[j] = gauss(&r, 3.0);
        for (int c = 0; c < k; c++)
            for (int row = 0; row < per; row++) {
                fprintf(f, "spk%02d/%s_%02d.wav,%s,synth:%02d,synth", s + 1, labels[c], row,
                        labels[c], s + 1);
                for (int j = 0; j < dim; j++)
                    fprintf(f, ",%.9g", centres[c * dim + j] + offset[j] + gauss(&r, 1.0));
                fprintf(f, "\n");
            }
    }
    free(centres);
    free(offset);
    return fclose(f) == 0 ? 0 : 2;
}

static int cmd_raw(const char *what, long n)
{
    for (long i = 0; i < n; i++) {
        if (strcmp(what, "raw-s16-ramp") == 0) {
            int16_t a = (int16_t)i, b = (int16_t)-i;
            unsigned char fr[4] = {(unsigned char)(a & 0xff), (unsigned char)((uint16_t)a >> 8),
                                   (unsigned char)(b & 0xff), (unsigned char)((uint16_t)b >> 8)};
            fwrite(fr, 1, 4, stdout);
        } else {
            float x = NAN;
            uint32_t u;
            memcpy(&u, &x, 4);
            unsigned char fr[4] = {(unsigned char)u, (unsigned char)(u >> 8),
                                   (unsigned char)(u >> 16), (unsigned char)(u >> 24)};
            fwrite(fr, 1, 4, stdout);
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: sertest COMMAND ARGS (see tests/tools/sertest.c)\n");
        return 2;
    }
    const char *c = argv[1];
    if (strncmp(c, "json-", 5) == 0 && argc == 4) return cmd_json(c, argv[2], argv[3]);
    if (strcmp(c, "probs") == 0 && (argc == 4 || (argc == 5 && strcmp(argv[4], "loose") == 0)))
        return cmd_probs(argv[2], atof(argv[3]), argc == 5);
    if (strcmp(c, "model-header") == 0 && argc == 3) return cmd_model_header(argv[2]);
    if (strcmp(c, "npy-shape") == 0 && argc == 3) return cmd_npy_shape(argv[2]);
    if (strncmp(c, "raw-", 4) == 0 && argc == 3) return cmd_raw(c, atol(argv[2]));
    if (strcmp(c, "feature-csv") == 0 && argc >= 3) return cmd_feature_csv(argc - 2, argv + 2);
    if (strcmp(c, "ws") == 0) return sertest_ws(argc - 2, argv + 2);
    fprintf(stderr, "sertest: unknown command or wrong arguments: %s\n", c);
    return 2;
}
