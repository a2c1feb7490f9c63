/* codec.c - a network to bytes and back (ser/cnn_codec.h).
 *
 * Layout, after the u32 tag "CNN1" (little-endian):
 *   u32 n_mels, n_frames, n_classes, n_blocks, kernel
 *   per block: u32 filters, u8 pool
 *   f32 dropout, bn_eps; u64 seed; u64 n_params
 *   f32 params[n_params] (cnn_internal.h order)
 *   per block: f32 mean[filters], var[filters] (inference statistics)
 *   f32 band_mean[n_mels], band_std[n_mels] */
#include "ml/cnn/cnn_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml/bytes.h"
#include "ser/cnn_codec.h"
#include "ser/util.h"

#define TAG 0x314e4e43u /* "CNN1" */

/* Largest network a file may describe: the buffers are sized from the
 * architecture before the parameters are checked against it, so a few
 * bytes must not ask for gigabytes.  Per image and block, outputs
 * (filters x image pixels) up to 2^22 floats and the im2col buffer
 * (inputs x kernel^2 x pixels) up to 2^24; the seed network (128 x 128,
 * 32/64/128/128 filters, kernel 3, pooled) needs 2^19 and 2^21. */
#define MAX_BLOCK_OUT ((size_t)1 << 22)
#define MAX_BLOCK_COL ((size_t)1 << 24)

/* NULL when the architecture is within the limits above, else why not. */
static const char *too_large(const ser_cnn_config *c)
{
    size_t h = c->n_mels, w = c->n_frames, px, k2, cin = 1, v;
    if (h < 1 || w < 1 || c->kernel < 1 || c->n_classes < 2 || c->n_classes > 4096)
        return "architecture out of range";
    if (!ser_size_mul(c->kernel, c->kernel, &k2))
        return "network too large";
    for (size_t k = 0; k < c->n_blocks; k++) {
        if (c->filters[k] < 1 || !ser_size_mul(h, w, &px) || !ser_size_mul(c->filters[k], px, &v) ||
            v > MAX_BLOCK_OUT || !ser_size_mul(cin, k2, &v) || !ser_size_mul(v, px, &v) || v > MAX_BLOCK_COL)
            return "network too large";
        cin = c->filters[k];
        if (c->pool[k]) {
            h /= 2;
            w /= 2;
        }
    }
    return NULL;
}

static void put_floats(ser__wbuf *b, const float *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ser__wbuf_f32(b, v[i]);
}

ser_status ser_cnn_encode(const ser_cnn *net, unsigned char **data, size_t *len, ser_error *err)
{
    if (!net || !data || !len)
        return ser_error_set(err, SER_ERR_ARG, "cnn encode: missing argument");
    const ser_cnn_config *c = &net->cfg;
    ser__wbuf b = {0};
    ser__wbuf_u32(&b, TAG);
    ser__wbuf_u32(&b, (uint32_t)c->n_mels);
    ser__wbuf_u32(&b, (uint32_t)c->n_frames);
    ser__wbuf_u32(&b, (uint32_t)c->n_classes);
    ser__wbuf_u32(&b, (uint32_t)c->n_blocks);
    ser__wbuf_u32(&b, (uint32_t)c->kernel);
    for (size_t k = 0; k < c->n_blocks; k++) {
        ser__wbuf_u32(&b, (uint32_t)c->filters[k]);
        ser__wbuf_u8(&b, c->pool[k] ? 1 : 0);
    }
    ser__wbuf_f32(&b, c->dropout);
    ser__wbuf_f32(&b, c->bn_eps);
    ser__wbuf_u64(&b, c->seed);
    ser__wbuf_u64(&b, (uint64_t)net->n_params);
    put_floats(&b, net->params, net->n_params);
    for (size_t k = 0; k < c->n_blocks; k++) {
        put_floats(&b, net->blocks[k].mean, net->blocks[k].cout);
        put_floats(&b, net->blocks[k].var, net->blocks[k].cout);
    }
    put_floats(&b, net->band_mean, c->n_mels);
    put_floats(&b, net->band_std, c->n_mels);
    if (b.failed) {
        ser__wbuf_free(&b);
        return ser_error_set(err, SER_ERR_NOMEM, "cnn encode: out of memory");
    }
    *data = b.data;
    *len = b.len;
    return SER_OK;
}

/* false (and b->failed for missing bytes) unless n finite floats were read */
static bool get_floats(ser__rbuf *b, float *v, size_t n)
{
    if (!ser__rbuf_has(b, n, 4)) {
        b->failed = true;
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        v[i] = ser__rbuf_f32(b);
        if (!isfinite(v[i]))
            return false;
    }
    return true;
}

ser_status ser_cnn_decode(const unsigned char *data, size_t len, size_t max_batch, ser_cnn **out, ser_error *err)
{
    if (!out || (!data && len))
        return ser_error_set(err, SER_ERR_ARG, "cnn decode: missing argument");
    *out = NULL;
    ser__rbuf b = {data, len, 0, false};
    if (ser__rbuf_u32(&b) != TAG)
        return ser_error_set(err, b.failed ? SER_ERR_TRUNCATED : SER_ERR_FORMAT, "cnn payload: no \"CNN1\" tag");
    ser_cnn_config c;
    ser_cnn_config_default(&c);
    c.n_mels = ser__rbuf_u32(&b);
    c.n_frames = ser__rbuf_u32(&b);
    c.n_classes = ser__rbuf_u32(&b);
    c.n_blocks = ser__rbuf_u32(&b);
    c.kernel = ser__rbuf_u32(&b);
    if (b.failed)
        return ser_error_set(err, SER_ERR_TRUNCATED, "cnn payload truncated in the architecture");
    if ((c.n_blocks < 1 || c.n_blocks > SER_CNN_MAX_BLOCKS))
        return ser_error_set(err, SER_ERR_FORMAT, "cnn payload: %zu blocks", c.n_blocks);
    for (size_t k = 0; k < c.n_blocks; k++) {
        c.filters[k] = ser__rbuf_u32(&b);
        c.pool[k] = ser__rbuf_u8(&b);
    }
    c.dropout = ser__rbuf_f32(&b);
    c.bn_eps = ser__rbuf_f32(&b);
    c.seed = ser__rbuf_u64(&b);
    uint64_t n_params = ser__rbuf_u64(&b);
    c.max_batch = max_batch;
    if (b.failed)
        return ser_error_set(err, SER_ERR_TRUNCATED, "cnn payload truncated in the architecture");
    const char *why_large = too_large(&c);
    if (why_large)
        return ser_error_set(err, SER_ERR_FORMAT, "cnn payload: %s", why_large);
    /* the parameters must all be there before the buffers are sized for them */
    if (!ser__rbuf_has(&b, (size_t)(n_params < SIZE_MAX ? n_params : SIZE_MAX), 4))
        return ser_error_set(err, SER_ERR_TRUNCATED, "cnn payload truncated: %llu parameters announced",
                             (unsigned long long)n_params);
    ser_status st;
    ser_error why;
    ser_cnn *net = ser_cnn_create(&c, &st, &why);
    if (!net)
        return ser_error_set(err, st == SER_ERR_NOMEM ? st : SER_ERR_FORMAT, "cnn payload: %s", why.message);
    const char *bad = NULL;
    if (n_params != net->n_params)
        bad = "parameter count does not match the architecture";
    else if (!get_floats(&b, net->params, net->n_params))
        bad = "parameters missing or not finite";
    for (size_t k = 0; !bad && k < c.n_blocks; k++) {
        ser__cnn_block *bl = &net->blocks[k];
        if (!get_floats(&b, bl->mean, bl->cout) || !get_floats(&b, bl->var, bl->cout))
            bad = "batch-norm statistics missing or not finite";
        for (size_t i = 0; !bad && i < bl->cout; i++)
            if (bl->var[i] < 0.0f)
                bad = "negative batch-norm variance";
    }
    if (!bad && (!get_floats(&b, net->band_mean, c.n_mels) || !get_floats(&b, net->band_std, c.n_mels)))
        bad = "band normalisation missing or not finite";
    for (size_t m = 0; !bad && m < c.n_mels; m++)
        if (!(net->band_std[m] > 0.0f))
            bad = "band standard deviation not positive";
    if (!bad && b.pos != b.len)
        bad = "unexpected bytes after the network";
    if (bad) {
        ser_cnn_destroy(net);
        return ser_error_set(err, b.failed ? SER_ERR_TRUNCATED : SER_ERR_FORMAT, "cnn payload: %s", bad);
    }
    *out = net;
    return SER_OK;
}
