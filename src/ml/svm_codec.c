/* ser_svm <-> bytes (little-endian).  Layout, after the tag "SVM1":
 *   u32 n_classes K, u32 n_features d, u32 n_sv l
 *   u8 kernel, u8 gamma_mode, u8 class_weight, u8 flags (1 shrinking, 2 probability)
 *   f64 C, gamma, tol, cache_mb; u64 calibration_folds, seed
 *   f64 weights[K]; u32 n_sv_class[K]
 *   f64 sv[l d]; f64 coef[(K-1) l]; f64 rho[K(K-1)/2]
 *   with probability: f64 prob_a[K(K-1)/2], prob_b[K(K-1)/2] */
#include <math.h>
#include <stdlib.h>

#include "bytes.h"
#include "svm_model.h"

#define SVM_TAG 0x314D5653u /* "SVM1" */

ser_status ser_svm_encode(const ser_svm *m, unsigned char **data, size_t *len, ser_error *err)
{
    if (!m || !data || !len)
        return ser_error_set(err, SER_ERR_ARG, "svm encode: missing argument");
    ser__wbuf b = {0};
    size_t k = m->n_classes;
    ser__wbuf_u32(&b, SVM_TAG);
    ser__wbuf_u32(&b, (uint32_t)k);
    ser__wbuf_u32(&b, (uint32_t)m->n_features);
    ser__wbuf_u32(&b, (uint32_t)m->n_sv);
    ser__wbuf_u8(&b, (uint8_t)m->cfg.kernel);
    ser__wbuf_u8(&b, (uint8_t)m->cfg.gamma_mode);
    ser__wbuf_u8(&b, (uint8_t)m->cfg.class_weight);
    ser__wbuf_u8(&b, (uint8_t)((m->cfg.shrinking ? 1 : 0) | (m->prob_a ? 2 : 0)));
    ser__wbuf_f64(&b, m->cfg.c);
    ser__wbuf_f64(&b, m->cfg.gamma);
    ser__wbuf_f64(&b, m->cfg.tol);
    ser__wbuf_f64(&b, m->cfg.cache_mb);
    ser__wbuf_u64(&b, (uint64_t)m->cfg.calibration_folds);
    ser__wbuf_u64(&b, m->cfg.seed);
    for (size_t i = 0; i < k; i++)
        ser__wbuf_f64(&b, m->weights[i]);
    for (size_t i = 0; i < k; i++)
        ser__wbuf_u32(&b, (uint32_t)m->n_sv_class[i]);
    for (size_t i = 0; i < m->n_sv * m->n_features; i++)
        ser__wbuf_f64(&b, m->sv[i]);
    for (size_t i = 0; i < (k - 1) * m->n_sv; i++)
        ser__wbuf_f64(&b, m->coef[i]);
    for (size_t i = 0; i < m->n_pairs; i++)
        ser__wbuf_f64(&b, m->rho[i]);
    if (m->prob_a) {
        for (size_t i = 0; i < m->n_pairs; i++)
            ser__wbuf_f64(&b, m->prob_a[i]);
        for (size_t i = 0; i < m->n_pairs; i++)
            ser__wbuf_f64(&b, m->prob_b[i]);
    }
    if (b.failed) {
        ser__wbuf_free(&b);
        return ser_error_set(err, SER_ERR_NOMEM, "svm encode: out of memory");
    }
    *data = b.data;
    *len = b.len;
    return SER_OK;
}

static bool read_finite(ser__rbuf *b, double *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = ser__rbuf_f64(b);
        if (!isfinite(out[i]))
            return false;
    }
    return !b->failed;
}

ser_status ser_svm_decode(const unsigned char *data, size_t len, ser_svm **out, ser_error *err)
{
    if (!out || (!data && len))
        return ser_error_set(err, SER_ERR_ARG, "svm decode: missing argument");
    *out = NULL;
    ser__rbuf b = {data, len, 0, false};
    uint32_t tag = ser__rbuf_u32(&b);
    size_t k = ser__rbuf_u32(&b), d = ser__rbuf_u32(&b), l = ser__rbuf_u32(&b);
    uint8_t kernel = ser__rbuf_u8(&b), gmode = ser__rbuf_u8(&b), cw = ser__rbuf_u8(&b), flags = ser__rbuf_u8(&b);
    if (b.failed)
        return ser_error_set(err, SER_ERR_TRUNCATED, "svm payload: truncated header");
    if (tag != SVM_TAG)
        return ser_error_set(err, SER_ERR_FORMAT, "svm payload: bad tag 0x%08x", (unsigned)tag);
    if (k < 2 || k > 65536 || d == 0 || l == 0 || kernel > SER_SVM_LINEAR || gmode > SER_SVM_GAMMA_VALUE ||
        cw > SER_CLASS_WEIGHT_CUSTOM || flags > 3)
        return ser_error_set(err, SER_ERR_FORMAT, "svm payload: bad shape (%zu classes, %zu features, %zu SVs, "
                             "kernel %u)", k, d, l, (unsigned)kernel);
    /* Check the remaining length before allocating anything for it. */
    size_t sv_len = l * d; /* each < 2^32: fits 64-bit size_t */
    if (!ser__rbuf_has(&b, sv_len, 8) || !ser__rbuf_has(&b, (k - 1) * l, 8) ||
        !ser__rbuf_has(&b, k * (k - 1) / 2, 8))
        return ser_error_set(err, SER_ERR_TRUNCATED, "svm payload: truncated (%zu x %zu support vectors)", l, d);
    bool prob = (flags & 2) != 0;
    ser_svm *m = ser__svm_alloc(k, d, l, prob);
    if (!m)
        return ser_error_set(err, SER_ERR_NOMEM, "svm decode: out of memory");
    m->cfg.kernel = (ser_svm_kernel)kernel;
    m->cfg.gamma_mode = (ser_svm_gamma_mode)gmode;
    m->cfg.class_weight = (ser_class_weight_mode)cw;
    m->cfg.shrinking = (flags & 1) != 0;
    m->cfg.probability = prob;
    m->cfg.c = ser__rbuf_f64(&b);
    m->cfg.gamma = ser__rbuf_f64(&b);
    m->cfg.tol = ser__rbuf_f64(&b);
    m->cfg.cache_mb = ser__rbuf_f64(&b);
    m->cfg.calibration_folds = (size_t)ser__rbuf_u64(&b);
    m->cfg.seed = ser__rbuf_u64(&b);
    const char *bad = NULL;
    if (!read_finite(&b, m->weights, k))
        bad = "class weights";
    size_t total = 0;
    for (size_t i = 0; i < k && !bad; i++) {
        m->n_sv_class[i] = ser__rbuf_u32(&b);
        m->sv_start[i] = total;
        total += m->n_sv_class[i];
    }
    if (!bad && !b.failed && total != l)
        bad = "support vector counts";
    if (!bad && (!isfinite(m->cfg.gamma) || (kernel == SER_SVM_RBF && !(m->cfg.gamma > 0.0))))
        bad = "gamma";
    if (!bad && !read_finite(&b, m->sv, sv_len))
        bad = "support vectors";
    if (!bad && !read_finite(&b, m->coef, (k - 1) * l))
        bad = "coefficients";
    if (!bad && !read_finite(&b, m->rho, m->n_pairs))
        bad = "rho";
    if (!bad && prob && (!read_finite(&b, m->prob_a, m->n_pairs) || !read_finite(&b, m->prob_b, m->n_pairs)))
        bad = "calibration";
    ser_status st = SER_OK;
    if (b.failed)
        st = ser_error_set(err, SER_ERR_TRUNCATED, "svm payload: truncated");
    else if (bad)
        st = ser_error_set(err, SER_ERR_FORMAT, "svm payload: invalid %s", bad);
    else if (b.pos != b.len)
        st = ser_error_set(err, SER_ERR_FORMAT, "svm payload: %zu unexpected trailing bytes", b.len - b.pos);
    if (st != SER_OK) {
        ser_svm_destroy(m);
        return st;
    }
    *out = m;
    return SER_OK;
}
