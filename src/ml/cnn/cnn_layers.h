/* cnn_layers.h - the CNN's layers, forward and backward (private).
 *
 * Tensors are float32, NCHW, batch-major, contiguous.  Backward passes
 * ACCUMULATE parameter gradients (+=; the caller zeroes them per batch)
 * and WRITE input gradients.  None of these functions allocates. */
#ifndef SER_ML_CNN_LAYERS_H
#define SER_ML_CNN_LAYERS_H

#include <stddef.h>
#include <stdint.h>

#include "ser/rng.h"

/* conv2d, stride 1, "same" zero padding (k odd), bias.
 * x (n, c, h, w); wt (kout, c, k, k); b (kout); y (n, kout, h, w).
 * col: scratch of c*k*k*h*w floats (im2col of one image). */
void ser__cnn_conv_forward(const float *x, size_t n, size_t c, size_t h, size_t w, const float *wt, const float *b,
                           size_t kout, size_t k, float *y, float *col);
/* One image: col (c*k*k, h*w), row (ci, ki, kj) holds x[ci, y+ki-pad,
 * x+kj-pad] or 0; col2im writes dx (c, h, w) = the col rows summed back
 * at their source positions. */
void ser__cnn_im2col(const float *x, size_t c, size_t h, size_t w, size_t k, float *col);
void ser__cnn_col2im(const float *col, size_t c, size_t h, size_t w, size_t k, float *dx);
/* dy (n, kout, h, w); dwt, db accumulated; dx (n, c, h, w) written
 * unless NULL.  col: scratch as above (reused for the column gradient). */
void ser__cnn_conv_backward(const float *x, const float *dy, size_t n, size_t c, size_t h, size_t w,
                            const float *wt, size_t kout, size_t k, float *dwt, float *db, float *dx, float *col);

/* Batch norm over (n, h*w) per channel.  Training mode: batch mean and
 * population variance into mean[c], var[c]; invstd[c] = 1/sqrt(var+eps).
 * y may equal x. */
void ser__cnn_bn_forward_train(const float *x, size_t n, size_t c, size_t hw, const float *gamma, const float *beta,
                               float eps, float *y, float *mean, float *var, float *invstd);
/* Inference mode with given statistics.  y may equal x. */
void ser__cnn_bn_forward_infer(const float *x, size_t n, size_t c, size_t hw, const float *gamma, const float *beta,
                               const float *mean, const float *var, float eps, float *y);
/* Backward of the training-mode forward: x is its input, mean/invstd its
 * outputs; dgamma, dbeta accumulated; dx written (may equal dy). */
void ser__cnn_bn_backward(const float *x, const float *dy, size_t n, size_t c, size_t hw, const float *gamma,
                          const float *mean, const float *invstd, float *dgamma, float *dbeta, float *dx);

/* ReLU; y may equal x.  Backward from the output: dx = dy where y > 0. */
void ser__cnn_relu_forward(const float *x, size_t count, float *y);
void ser__cnn_relu_backward(const float *y, const float *dy, size_t count, float *dx);

/* Max-pool 2x2, stride 2, floor: x (n, c, h, w) -> y (n, c, h/2, w/2);
 * idx: flat index (within the h*w plane) of each maximum (first wins). */
void ser__cnn_maxpool_forward(const float *x, size_t n, size_t c, size_t h, size_t w, float *y, int32_t *idx);
/* dx (n, c, h, w) written (zero where no maximum). */
void ser__cnn_maxpool_backward(const float *dy, const int32_t *idx, size_t n, size_t c, size_t h, size_t w,
                               float *dx);

/* Inverted dropout: mask[i] = 0 with probability p, else 1/(1-p);
 * y = x * mask.  p == 0 gives mask 1 and draws nothing. */
void ser__cnn_dropout_forward(const float *x, size_t count, float p, ser_rng *rng, float *mask, float *y);
void ser__cnn_dropout_backward(const float *dy, const float *mask, size_t count, float *dx);

/* Global average pool: x (n, c, hw) -> y (n, c). */
void ser__cnn_gap_forward(const float *x, size_t n, size_t c, size_t hw, float *y);
void ser__cnn_gap_backward(const float *dy, size_t n, size_t c, size_t hw, float *dx);

/* Dense: y (n, out) = x (n, in) wt^T + b; wt (out, in) as PyTorch's Linear. */
void ser__cnn_dense_forward(const float *x, size_t n, size_t in, const float *wt, const float *b, size_t out,
                            float *y);
/* dwt, db accumulated; dx written unless NULL. */
void ser__cnn_dense_backward(const float *x, const float *dy, size_t n, size_t in, const float *wt, size_t out,
                             float *dwt, float *db, float *dx);

/* Softmax cross-entropy with class weights (PyTorch's weighted mean):
 * loss = sum_i w[y_i] (-log p_i[y_i]) / sum_i w[y_i].  probs (n, k)
 * written; dlogits (n, k) written unless NULL; class_w NULL = all 1.
 * Returns the loss; *correct (optional) counts argmax == label. */
double ser__cnn_softmax_xent(const float *logits, const int *labels, size_t n, size_t k, const double *class_w,
                             float *probs, float *dlogits, size_t *correct);

/* ---- one image's fused passes of a conv block (fused.c) ---- */

/* Sum of n floats (8 double lanes, fixed order). */
double ser__cnn_plane_sum(const float *p, size_t n);
/* Per channel of z (c, hw): sum[ch] and m2[ch] = sum of squared
 * deviations from the plane's own mean (combined over images with
 * Chan's formula). */
void ser__cnn_plane_stats(const float *z, size_t c, size_t hw, double *sum, double *m2);
/* a = max(scale[ch] z + shift[ch], 0) (batch norm folded into scale and
 * shift, then ReLU); with p non-NULL also the 2x2 max-pool of a into p
 * (c, h/2, w/2) and its arg-max idx (flat within the plane; first wins). */
void ser__cnn_bn_relu_pool(const float *z, size_t c, size_t h, size_t w, const float *scale, const float *shift,
                           float *a, float *p, int32_t *idx);
/* g (c, h, w) = gradient at the batch-norm output: dy routed through the
 * pool's arg-max (idx non-NULL, dy (c, h/2, w/2)) or taken as is (idx
 * NULL, dy (c, h, w)), zero where the ReLU output a is 0. */
void ser__cnn_pool_relu_backward(const float *dy, const float *a, const int32_t *idx, size_t c, size_t h, size_t w,
                                 float *g);
/* Per channel: sdy = sum g, sdyz = sum g (z - mean). */
void ser__cnn_plane_dstats(const float *g, const float *z, size_t c, size_t hw, const float *mean, double *sdy,
                           double *sdyz);
/* Batch-norm input gradient in place: g = ka g - kb - kc (z - mean)
 * (ka = gamma invstd, kb = ka mean_batch(dy), kc = ka invstd^2
 * mean_batch(dy (z - mean))). */
void ser__cnn_bn_dx(float *g, const float *z, size_t c, size_t hw, const float *mean, const float *ka,
                    const float *kb, const float *kc);

#endif
