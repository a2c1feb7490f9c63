/* ser_trees <-> bytes (little-endian).  Layout, after the tag "TRE1":
 *   u32 n_classes K, u32 n_features d, u32 n_trees T, u64 n_nodes N
 *   u8 mode, u8 class_weight, u8 method, u8 0
 *   u64 n_estimators, max_depth, max_bin, seed; i32 nthread
 *   f64 learning_rate, subsample, colsample_bynode, colsample_bytree,
 *       min_child_weight, reg_lambda, min_split_loss
 *   f64 weights[K]; f32 base_score
 *   per tree: u32 class, u32 size
 *   per node: i32 left, i32 right, u32 feature, f32 value, u8 default_left */
#include <stdlib.h>

#include "bytes.h"
#include "trees_model.h"

#define TREES_TAG 0x31455254u /* "TRE1" */
#define NODE_BYTES 17

ser_status ser_trees_encode(const ser_trees *t, unsigned char **data, size_t *len, ser_error *err)
{
    if (!t || !data || !len)
        return ser_error_set(err, SER_ERR_ARG, "trees encode: missing argument");
    ser__wbuf b = {0};
    const ser_trees_config *c = &t->cfg;
    ser__wbuf_u32(&b, TREES_TAG);
    ser__wbuf_u32(&b, (uint32_t)t->n_classes);
    ser__wbuf_u32(&b, (uint32_t)t->n_features);
    ser__wbuf_u32(&b, (uint32_t)t->n_trees);
    ser__wbuf_u64(&b, (uint64_t)t->n_nodes);
    ser__wbuf_u8(&b, (uint8_t)c->mode);
    ser__wbuf_u8(&b, (uint8_t)c->class_weight);
    ser__wbuf_u8(&b, (uint8_t)c->method);
    ser__wbuf_u8(&b, 0);
    ser__wbuf_u64(&b, (uint64_t)c->n_estimators);
    ser__wbuf_u64(&b, (uint64_t)c->max_depth);
    ser__wbuf_u64(&b, (uint64_t)c->max_bin);
    ser__wbuf_u64(&b, c->seed);
    ser__wbuf_i32(&b, (int32_t)c->nthread);
    ser__wbuf_f64(&b, c->learning_rate);
    ser__wbuf_f64(&b, c->subsample);
    ser__wbuf_f64(&b, c->colsample_bynode);
    ser__wbuf_f64(&b, c->colsample_bytree);
    ser__wbuf_f64(&b, c->min_child_weight);
    ser__wbuf_f64(&b, c->reg_lambda);
    ser__wbuf_f64(&b, c->min_split_loss);
    for (size_t k = 0; k < t->n_classes; k++)
        ser__wbuf_f64(&b, t->weights[k]);
    ser__wbuf_f32(&b, t->base_score);
    for (size_t i = 0; i < t->n_trees; i++) {
        ser__wbuf_u32(&b, t->tree_class[i]);
        ser__wbuf_u32(&b, (uint32_t)t->size[i]);
    }
    for (size_t i = 0; i < t->n_nodes; i++) {
        const ser__tree_node *nd = &t->nodes[i];
        ser__wbuf_i32(&b, nd->left);
        ser__wbuf_i32(&b, nd->right);
        ser__wbuf_u32(&b, nd->feature);
        ser__wbuf_f32(&b, nd->value);
        ser__wbuf_u8(&b, nd->default_left);
    }
    if (b.failed) {
        ser__wbuf_free(&b);
        return ser_error_set(err, SER_ERR_NOMEM, "trees encode: out of memory");
    }
    *data = b.data;
    *len = b.len;
    return SER_OK;
}

ser_status ser_trees_decode(const unsigned char *data, size_t len, ser_trees **out, ser_error *err)
{
    if (!out || (!data && len))
        return ser_error_set(err, SER_ERR_ARG, "trees decode: missing argument");
    *out = NULL;
    ser__rbuf b = {data, len, 0, false};
    uint32_t tag = ser__rbuf_u32(&b);
    size_t k = ser__rbuf_u32(&b), d = ser__rbuf_u32(&b), n_trees = ser__rbuf_u32(&b);
    uint64_t n_nodes = ser__rbuf_u64(&b);
    uint8_t mode = ser__rbuf_u8(&b), cw = ser__rbuf_u8(&b), method = ser__rbuf_u8(&b), zero = ser__rbuf_u8(&b);
    if (b.failed)
        return ser_error_set(err, SER_ERR_TRUNCATED, "trees payload: truncated header");
    if (tag != TREES_TAG)
        return ser_error_set(err, SER_ERR_FORMAT, "trees payload: bad tag 0x%08x", (unsigned)tag);
    if (k < 2 || k > 65536 || d == 0 || n_trees == 0 || n_nodes < n_trees || mode > SER_TREES_BOOST ||
        cw > SER_CLASS_WEIGHT_CUSTOM || method > SER_TREES_HIST || zero != 0)
        return ser_error_set(err, SER_ERR_FORMAT, "trees payload: bad shape (%zu classes, %zu features, %zu trees)",
                             k, d, n_trees);
    if (!ser__rbuf_has(&b, n_trees, 8) || !ser__rbuf_has(&b, (size_t)n_nodes, NODE_BYTES) ||
        !ser__rbuf_has(&b, k, 8))
        return ser_error_set(err, SER_ERR_TRUNCATED, "trees payload: truncated (%zu trees, %llu nodes)", n_trees,
                             (unsigned long long)n_nodes);
    ser_trees *t = ser__trees_alloc(k, d, n_trees, (size_t)n_nodes);
    if (!t)
        return ser_error_set(err, SER_ERR_NOMEM, "trees decode: out of memory");
    ser_trees_config *c = &t->cfg;
    c->mode = (ser_trees_mode)mode;
    c->class_weight = (ser_class_weight_mode)cw;
    c->method = (ser_trees_method)method;
    c->n_estimators = (size_t)ser__rbuf_u64(&b);
    c->max_depth = (size_t)ser__rbuf_u64(&b);
    c->max_bin = (size_t)ser__rbuf_u64(&b);
    c->seed = ser__rbuf_u64(&b);
    c->nthread = ser__rbuf_i32(&b);
    c->learning_rate = ser__rbuf_f64(&b);
    c->subsample = ser__rbuf_f64(&b);
    c->colsample_bynode = ser__rbuf_f64(&b);
    c->colsample_bytree = ser__rbuf_f64(&b);
    c->min_child_weight = ser__rbuf_f64(&b);
    c->reg_lambda = ser__rbuf_f64(&b);
    c->min_split_loss = ser__rbuf_f64(&b);
    for (size_t i = 0; i < k; i++)
        t->weights[i] = ser__rbuf_f64(&b);
    t->base_score = ser__rbuf_f32(&b);
    size_t offset = 0;
    for (size_t i = 0; i < n_trees; i++) {
        t->tree_class[i] = ser__rbuf_u32(&b);
        t->size[i] = ser__rbuf_u32(&b);
        t->root[i] = offset;
        offset += t->size[i];
    }
    for (size_t i = 0; i < t->n_nodes; i++) {
        ser__tree_node *nd = &t->nodes[i];
        nd->left = ser__rbuf_i32(&b);
        nd->right = ser__rbuf_i32(&b);
        nd->feature = ser__rbuf_u32(&b);
        nd->value = ser__rbuf_f32(&b);
        nd->default_left = ser__rbuf_u8(&b);
    }
    ser_status st = SER_OK;
    if (b.failed)
        st = ser_error_set(err, SER_ERR_TRUNCATED, "trees payload: truncated");
    else if (b.pos != b.len)
        st = ser_error_set(err, SER_ERR_FORMAT, "trees payload: %zu unexpected trailing bytes", b.len - b.pos);
    else
        st = ser__trees_validate(t, err);
    if (st != SER_OK) {
        ser_trees_destroy(t);
        return st;
    }
    *out = t;
    return SER_OK;
}
