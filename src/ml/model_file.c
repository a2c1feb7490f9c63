/* Model files: "SERMODEL" + version + JSON header + payload + CRC-32
 * (layout in ser/model.h), written atomically, loaded with checks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "model_internal.h"
#include "ser/atomic_file.h"
#include "ser/checksum.h"
#include "ser/cnn_codec.h"
#include "ser/util.h"

#define PREFIX_BYTES 24u
#define MAX_HEADER_BYTES (256u << 20) /* 256 MiB of JSON is not a model */

ser_status ser__model_assemble(const char *header, size_t header_len, const unsigned char *payload,
                               size_t payload_len, const char *name, ser_model **out, ser_error *err)
{
    ser_model *m = NULL;
    ser_status st = ser__model_header_parse(header, header_len, name, &m, err);
    if (st != SER_OK)
        return st;
    ser_error why;
    size_t est_features, est_classes;
    if (m->kind == SER_MODEL_SVM) {
        st = ser_svm_decode(payload, payload_len, &m->svm, &why);
        if (st == SER_OK && !ser_svm_has_probability(m->svm))
            st = ser_error_set(&why, SER_ERR_FORMAT, "SVM without probability calibration");
        est_features = st == SER_OK ? ser_svm_n_features(m->svm) : 0;
        est_classes = st == SER_OK ? ser_svm_n_classes(m->svm) : 0;
    } else if (m->kind == SER_MODEL_CNN) {
        st = ser_cnn_decode(payload, payload_len, 1, &m->cnn, &why);
        const ser_cnn_config *c = st == SER_OK ? ser_cnn_get_config(m->cnn) : NULL;
        est_features = c ? c->n_mels * c->n_frames : 0;
        est_classes = c ? c->n_classes : 0;
        char last[64];
        if (c)
            snprintf(last, sizeof last, "mel%zu_t%zu", c->n_mels - 1, c->n_frames - 1);
        if (c && est_features == m->n_features && strcmp(m->feature_names[m->n_features - 1], last) != 0)
            est_features = 0; /* same size, other shape */
    } else {
        st = ser_trees_decode(payload, payload_len, &m->trees, &why);
        if (st == SER_OK) {
            ser_trees_config c;
            ser_trees_config_of(m->trees, &c);
            if ((c.mode == SER_TREES_FOREST) != (m->kind == SER_MODEL_FOREST))
                st = ser_error_set(&why, SER_ERR_FORMAT, "tree mode does not match the header's kind \"%s\"",
                                   ser_model_kind_name(m->kind));
        }
        est_features = st == SER_OK ? ser_trees_n_features(m->trees) : 0;
        est_classes = st == SER_OK ? ser_trees_n_classes(m->trees) : 0;
    }
    if (st != SER_OK) {
        st = ser_error_set(err, st, "%s: bad %s payload: %s", name, ser_model_kind_name(m->kind), why.message);
    } else if (est_features != m->n_features) {
        st = ser_error_set(err, SER_ERR_LAYOUT, "%s: header has %zu features, the classifier %zu", name,
                           m->n_features, est_features);
    } else if (est_classes != m->n_classes) {
        st = ser_error_set(err, SER_ERR_LABEL, "%s: header has %zu labels, the classifier %zu classes", name,
                           m->n_classes, est_classes);
    }
    if (st != SER_OK) {
        ser_model_destroy(m);
        return st;
    }
    *out = m;
    return SER_OK;
}

ser_status ser_model_serialize(const ser_model *m, unsigned char **data, size_t *len, ser_error *err)
{
    if (!m || !data || !len)
        return ser_error_set(err, SER_ERR_ARG, "model serialize: missing argument");
    unsigned char *payload = NULL;
    size_t plen = 0;
    ser_status st = m->cnn   ? ser_cnn_encode(m->cnn, &payload, &plen, err)
                    : m->svm ? ser_svm_encode(m->svm, &payload, &plen, err)
                             : ser_trees_encode(m->trees, &payload, &plen, err);
    if (st != SER_OK)
        return st;
    size_t hlen = strlen(m->header_json);
    ser__wbuf b = {0};
    ser__wbuf_bytes(&b, SER_MODEL_MAGIC, 8);
    ser__wbuf_u32(&b, SER_MODEL_FORMAT_VERSION);
    ser__wbuf_u32(&b, (uint32_t)hlen);
    ser__wbuf_u64(&b, (uint64_t)plen);
    ser__wbuf_bytes(&b, m->header_json, hlen);
    ser__wbuf_bytes(&b, payload, plen);
    free(payload);
    if (!b.failed)
        ser__wbuf_u32(&b, ser_crc32(0, b.data, b.len));
    if (b.failed) {
        ser__wbuf_free(&b);
        return ser_error_set(err, SER_ERR_NOMEM, "model serialize: out of memory");
    }
    *data = b.data;
    *len = b.len;
    return SER_OK;
}

ser_status ser_model_save(const ser_model *m, const char *path, ser_error *err)
{
    if (!path)
        return ser_error_set(err, SER_ERR_ARG, "model save: no path");
    unsigned char *data;
    size_t len;
    ser_status st = ser_model_serialize(m, &data, &len, err);
    if (st != SER_OK)
        return st;
    st = ser_write_file_atomic(path, data, len, err);
    free(data);
    return st;
}

static ser_status load_bytes(const unsigned char *p, size_t len, const char *name, ser_model **out,
                             ser_error *err)
{
    if (len < 8 || memcmp(p, SER_MODEL_MAGIC, 8) != 0)
        return ser_error_set(err, SER_ERR_FORMAT, "%s: not a ser model file (no \"SERMODEL\" magic)", name);
    if (len < PREFIX_BYTES)
        return ser_error_set(err, SER_ERR_TRUNCATED, "%s: model file truncated (%zu bytes)", name, len);
    ser__rbuf b = {p, len, 8, false};
    uint32_t version = ser__rbuf_u32(&b), hlen = ser__rbuf_u32(&b);
    uint64_t plen = ser__rbuf_u64(&b);
    if (version != SER_MODEL_FORMAT_VERSION)
        return ser_error_set(err, SER_ERR_VERSION, "%s: model format version %u, this ser reads version %u", name,
                             (unsigned)version, SER_MODEL_FORMAT_VERSION);
    if (hlen > MAX_HEADER_BYTES)
        return ser_error_set(err, SER_ERR_FORMAT, "%s: model header of %u bytes is implausible", name,
                             (unsigned)hlen);
    size_t body = len - PREFIX_BYTES;
    if ((uint64_t)hlen + plen + 4u > (uint64_t)body)
        return ser_error_set(err, SER_ERR_TRUNCATED, "%s: model file truncated (%zu bytes, header and payload "
                             "need %llu)", name, len, (unsigned long long)(PREFIX_BYTES + hlen + plen + 4u));
    size_t end = PREFIX_BYTES + hlen + (size_t)plen;
    if (end + 4 != len)
        return ser_error_set(err, SER_ERR_FORMAT, "%s: %zu unexpected bytes after the model", name, len - end - 4);
    ser__rbuf c = {p, len, end, false};
    uint32_t stored = ser__rbuf_u32(&c), actual = ser_crc32(0, p, end);
    if (stored != actual)
        return ser_error_set(err, SER_ERR_CHECKSUM, "%s: checksum mismatch (stored %08x, computed %08x): the "
                             "file is damaged or was edited", name, (unsigned)stored, (unsigned)actual);
    return ser__model_assemble((const char *)p + PREFIX_BYTES, hlen, p + PREFIX_BYTES + hlen, (size_t)plen, name,
                               out, err);
}

ser_status ser_model_load_memory(const void *data, size_t len, ser_model **out, ser_error *err)
{
    if (!out || (!data && len))
        return ser_error_set(err, SER_ERR_ARG, "model load: missing argument");
    *out = NULL;
    return load_bytes(data, len, "<memory>", out, err);
}

ser_status ser_model_load(const char *path, ser_model **out, ser_error *err)
{
    if (!out || !path)
        return ser_error_set(err, SER_ERR_ARG, "model load: missing argument");
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        char why[256];
        if (strerror_r(e, why, sizeof why) != 0)
            snprintf(why, sizeof why, "error %d", e);
        return ser_error_set(err, e == ENOENT ? SER_ERR_NOT_FOUND : SER_ERR_IO, "%s: cannot open model: %s", path,
                             why);
    }
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    ser_status st = SER_OK;
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            unsigned char *nb = ncap > cap ? realloc(buf, ncap) : NULL;
            if (!nb) {
                st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory reading the model", path);
                break;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                st = ser_error_set(err, SER_ERR_IO, "%s: read error", path);
            break;
        }
    }
    fclose(f);
    if (st == SER_OK)
        st = load_bytes(buf, len, path, out, err);
    free(buf);
    return st;
}
