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
 *                                  Twilio Media Streams sender: sertest_ws.c
 *   sertest json-equal A B         exit 0 when the two JSON files hold equal
 *                                  values (cJSON_Compare, case-sensitive keys)
 *   sertest png-ink FILE           "WIDTH HEIGHT FRACTION": the fraction of
 *                                  pixels of an 8-bit RGB(A) PNG (no
 *                                  interlace) with a channel below 250
 *   sertest dom-marks FILE         for an HTML/DOM dump: "ID svg 1" per
 *                                  <svg id>, then "ID TAG COUNT" for the
 *                                  elements with class "mark" inside it,
 *                                  and "ID TAG.CLS COUNT" for those of them
 *                                  with another class CLS ("mark alert")
 *   sertest auc-pairwise CSV LABEL one-vs-rest ROC AUC of column p_LABEL of a
 *                                  CSV (label,p_A,p_B,...) as the pairwise
 *                                  (Mann-Whitney) statistic, ties 1/2 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
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

static int cmd_json_equal(const char *a, const char *b)
{
    cJSON *x = load_json(a), *y = load_json(b);
    int rc = (x && y && cJSON_Compare(x, y, 1)) ? 0 : 1;
    if (rc) fprintf(stderr, "sertest: %s and %s differ\n", a, b);
    cJSON_Delete(x);
    cJSON_Delete(y);
    return rc;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* PNG: IHDR + concatenated IDAT, inflate, undo the per-row filters. */
static int cmd_png_ink(const char *file)
{
    size_t len;
    unsigned char *d = (unsigned char *)slurp(file, &len);
    if (!d) return 2;
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    uint32_t w = 0, h = 0;
    int depth = 0, ctype = 0, interlace = 0;
    unsigned char *idat = NULL;
    size_t n_idat = 0, pos = 8;
    int rc = 1;
    if (len < 8 || memcmp(d, sig, 8) != 0) { fprintf(stderr, "sertest: %s: not a PNG\n", file); goto done; }
    while (pos + 12 <= len) {
        uint32_t n = be32(d + pos);
        if (n > len - pos - 12) break;
        const unsigned char *body = d + pos + 8;
        if (memcmp(d + pos + 4, "IHDR", 4) == 0 && n >= 13) {
            w = be32(body); h = be32(body + 4); depth = body[8]; ctype = body[9]; interlace = body[12];
        } else if (memcmp(d + pos + 4, "IDAT", 4) == 0) {
            unsigned char *p = realloc(idat, n_idat + n + 1);
            if (!p) goto done;
            idat = p;
            memcpy(idat + n_idat, body, n);
            n_idat += n;
        }
        pos += 12 + n;
    }
    if (depth != 8 || (ctype != 2 && ctype != 6) || interlace || !w || !h) {
        fprintf(stderr, "sertest: %s: want 8-bit RGB/RGBA, not interlaced (depth %d type %d)\n", file, depth, ctype);
        goto done;
    }
    size_t bpp = ctype == 2 ? 3 : 4, stride = (size_t)w * bpp;
    uLongf raw_len = (uLongf)((stride + 1) * h);
    unsigned char *raw = malloc(raw_len), *prev = calloc(stride, 1);
    if (!raw || !prev || uncompress(raw, &raw_len, idat, (uLong)n_idat) != Z_OK || raw_len != (stride + 1) * h) {
        fprintf(stderr, "sertest: %s: bad image data\n", file);
        free(raw); free(prev);
        goto done;
    }
    size_t ink = 0;
    for (size_t y = 0; y < h; y++) {
        unsigned char f = raw[y * (stride + 1)], *line = raw + y * (stride + 1) + 1;
        for (size_t i = 0; i < stride; i++) {
            int a = i >= bpp ? line[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0, pred = 0;
            if (f == 1) pred = a;
            else if (f == 2) pred = b;
            else if (f == 3) pred = (a + b) / 2;
            else if (f == 4) {
                int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
                pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
            }
            line[i] = (unsigned char)(line[i] + pred);
        }
        for (size_t x = 0; x < stride; x += bpp)
            ink += line[x] < 250 || line[x + 1] < 250 || line[x + 2] < 250;
        memcpy(prev, line, stride);
    }
    printf("%u %u %.6f\n", (unsigned)w, (unsigned)h, (double)ink / ((double)w * (double)h));
    free(raw); free(prev);
    rc = 0;
done:
    free(idat);
    free(d);
    return rc;
}

/* The value of attribute `name` in tag text [p, end) into out ("" if none). */
static void tag_attr(const char *p, const char *end, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    out[0] = '\0';
    for (const char *q = p; q + nl + 2 < end; q++) {
        if (!isspace((unsigned char)q[0]) || strncmp(q + 1, name, nl) != 0 || q[1 + nl] != '=') continue;
        const char *v = q + nl + 2;
        char quote = (*v == '"' || *v == '\'') ? *v++ : ' ';
        size_t k = 0;
        while (v < end && *v != quote && *v != '>' && k + 1 < cap) out[k++] = *v++;
        out[k] = '\0';
        return;
    }
}

typedef struct mark_count { char id[96], tag[80]; size_t n; } mark_count;

/* counts[] entry (id, tag) plus one; false on out of memory. */
static bool count_mark(mark_count **counts, size_t *n_counts, size_t *cap, const char *id, const char *tag)
{
    size_t i = 0;
    while (i < *n_counts && !(strcmp((*counts)[i].id, id) == 0 && strcmp((*counts)[i].tag, tag) == 0)) i++;
    if (i == *n_counts) {
        if (*n_counts == *cap) {
            size_t c = *cap ? 2 * *cap : 64;
            mark_count *m = realloc(*counts, c * sizeof *m);
            if (!m) return false;
            *counts = m;
            *cap = c;
        }
        snprintf((*counts)[i].id, sizeof (*counts)[i].id, "%s", id);
        snprintf((*counts)[i].tag, sizeof (*counts)[i].tag, "%s", tag);
        (*counts)[i].n = 0;
        (*n_counts)++;
    }
    (*counts)[i].n++;
    return true;
}

static int cmd_dom_marks(const char *file)
{
    char *s = slurp(file, NULL);
    if (!s) return 2;
    char stack[64][96];
    size_t depth = 0, n_counts = 0, cap = 0;
    mark_count *counts = NULL;
    for (char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
        if (strncmp(p, "<!--", 4) == 0) {
            char *e = strstr(p, "-->");
            if (!e) break;
            p = e;
            continue;
        }
        char *end = strchr(p, '>');
        if (!end) break;
        int closing = p[1] == '/';
        char tag[16];
        size_t k = 0;
        for (const char *q = p + 1 + closing; isalnum((unsigned char)*q) && k + 1 < sizeof tag; q++) tag[k++] = (char)tolower((unsigned char)*q);
        tag[k] = '\0';
        int self_closing = end > p && end[-1] == '/';
        if (strcmp(tag, "svg") == 0) {
            if (closing) { if (depth) depth--; }
            else {
                char id[96];
                tag_attr(p, end, "id", id, sizeof id);
                printf("%s svg 1\n", id[0] ? id : "?");
                if (!self_closing && depth < 64) snprintf(stack[depth++], sizeof stack[0], "%s", id[0] ? id : "?");
            }
        } else if (!closing && depth && k) {
            char cls[256];
            tag_attr(p, end, "class", cls, sizeof cls);
            char *classes[16];
            size_t n_classes = 0;
            int is_mark = 0;
            for (char *t = strtok(cls, " \t"); t; t = strtok(NULL, " \t")) {
                if (strcmp(t, "mark") == 0) is_mark = 1;
                else if (n_classes < 16) classes[n_classes++] = t;
            }
            bool fine = !is_mark || count_mark(&counts, &n_counts, &cap, stack[depth - 1], tag);
            for (size_t c = 0; is_mark && fine && c < n_classes; c++) {
                char key[80];
                snprintf(key, sizeof key, "%s.%.60s", tag, classes[c]);
                fine = count_mark(&counts, &n_counts, &cap, stack[depth - 1], key);
            }
            if (!fine) { free(counts); free(s); return 2; }
        }
        p = end;
    }
    for (size_t i = 0; i < n_counts; i++) printf("%s %s %zu\n", counts[i].id, counts[i].tag, counts[i].n);
    free(counts);
    free(s);
    return 0;
}

/* Pairwise AUC of column p_LABEL (rows labelled LABEL positive). */
static int cmd_auc_pairwise(const char *file, const char *label)
{
    FILE *f = fopen(file, "r");
    if (!f) { perror(file); return 2; }
    char line[65536], col[128];
    snprintf(col, sizeof col, "p_%s", label);
    int want = -1;
    if (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        int i = 0;
        for (char *t = strtok(line, ","); t; t = strtok(NULL, ","), i++)
            if (strcmp(t, col) == 0) want = i;
    }
    double *pos = NULL, *neg = NULL;
    size_t np = 0, nn = 0, cap = 0;
    while (want > 0 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *first = strtok(line, ",");
        if (!first) continue;
        int is_pos = strcmp(first, label) == 0, i = 1;
        char *t = NULL;
        while ((t = strtok(NULL, ",")) && i < want) i++;
        if (!t) continue;
        if (np + nn + 1 > cap) {
            cap = cap ? 2 * cap : 256;
            pos = realloc(pos, cap * sizeof *pos);
            neg = realloc(neg, cap * sizeof *neg);
            if (!pos || !neg) { fclose(f); return 2; }
        }
        if (is_pos) pos[np++] = strtod(t, NULL); else neg[nn++] = strtod(t, NULL);
    }
    fclose(f);
    if (!np || !nn) { fprintf(stderr, "sertest: %s: no column %s or a class is empty\n", file, col); free(pos); free(neg); return 1; }
    double s = 0;
    for (size_t a = 0; a < np; a++)
        for (size_t b = 0; b < nn; b++) s += pos[a] > neg[b] ? 1.0 : pos[a] == neg[b] ? 0.5 : 0.0;
    printf("%.17g\n", s / ((double)np * (double)nn));
    free(pos); free(neg);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: sertest COMMAND ARGS (see tests/tools/sertest.c)\n");
        return 2;
    }
    const char *c = argv[1];
    if (strcmp(c, "json-equal") == 0 && argc == 4) return cmd_json_equal(argv[2], argv[3]);
    if (strncmp(c, "json-", 5) == 0 && argc == 4) return cmd_json(c, argv[2], argv[3]);
    if (strcmp(c, "probs") == 0 && (argc == 4 || (argc == 5 && strcmp(argv[4], "loose") == 0)))
        return cmd_probs(argv[2], atof(argv[3]), argc == 5);
    if (strcmp(c, "model-header") == 0 && argc == 3) return cmd_model_header(argv[2]);
    if (strcmp(c, "npy-shape") == 0 && argc == 3) return cmd_npy_shape(argv[2]);
    if (strncmp(c, "raw-", 4) == 0 && argc == 3) return cmd_raw(c, atol(argv[2]));
    if (strcmp(c, "feature-csv") == 0 && argc >= 3) return cmd_feature_csv(argc - 2, argv + 2);
    if (strcmp(c, "ws") == 0) return sertest_ws(argc - 2, argv + 2);
    if (strcmp(c, "png-ink") == 0 && argc == 3) return cmd_png_ink(argv[2]);
    if (strcmp(c, "dom-marks") == 0 && argc == 3) return cmd_dom_marks(argv[2]);
    if (strcmp(c, "auc-pairwise") == 0 && argc == 4) return cmd_auc_pairwise(argv[2], argv[3]);
    fprintf(stderr, "sertest: unknown command or wrong arguments: %s\n", c);
    return 2;
}
