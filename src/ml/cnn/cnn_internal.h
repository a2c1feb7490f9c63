/* cnn_internal.h - the network's layout and passes (private).
 *
 * Parameters live in one flat array, in this order (PyTorch's
 * state_dict order for the same network):
 *   per block b: conv weight (filters[b], c_in, k, k), conv bias
 *                (filters[b]), bn gamma (filters[b]), bn beta (filters[b])
 *   dense weight (n_classes, filters[last]), dense bias (n_classes)
 * Gradients have the same layout. */
#ifndef SER_ML_CNN_INTERNAL_H
#define SER_ML_CNN_INTERNAL_H

#include "ser/cnn.h"
#include "ml/cnn/workers.h"
#include "ser/rng.h"

typedef struct ser__cnn_block {
    size_t cin, cout, h, w;   /* conv input channels/size; conv output is (cout, h, w) */
    size_t oh, ow;            /* block output size (after the pool, if any) */
    size_t off_w, off_b, off_gamma, off_beta; /* offsets into params */
    float *z;                 /* conv output (n, cout, h, w): batch-norm input */
    float *a;                 /* batch norm + ReLU output (n, cout, h, w) */
    float *p;                 /* pooled output (n, cout, oh, ow), NULL without a pool */
    int32_t *idx;             /* pool arg-max */
    float *bmean, *bvar, *binvstd; /* last training-mode batch statistics (cout) */
    float *mean, *var;        /* inference statistics (cout) */
} ser__cnn_block;

struct ser_cnn {
    ser_cnn_config cfg;
    size_t n_params;
    float *params, *grads;
    ser__cnn_block blocks[SER_CNN_MAX_BLOCKS];
    size_t feat;              /* channels into the dense layer */
    size_t off_dw, off_db;
    float *x0;                /* normalised input (n, 1, n_mels, n_frames) */
    float *g, *mask, *d;      /* pooled features, dropout mask, dropout output (n, feat) */
    float *logits, *probs, *dlogits; /* (n, n_classes) */
    float *col;               /* im2col scratch (thread 0) */
    size_t col_size;          /* floats per im2col scratch */
    size_t max_cout;          /* most channels of any block */
    double *pstat;            /* per (image, channel) plane sums and M2: 2 x max_batch x max_cout */
    float *ch_a, *ch_b, *ch_c; /* per-channel coefficients of the current block (max_cout each) */
    size_t n_threads;         /* ser_cnn_set_threads, default 1 */
    ser__cnn_workers *workers; /* NULL with one thread */
    float **tcol;             /* im2col scratch of threads 1.. */
    float *tgrads;            /* conv gradients of threads 1.. ((n_threads - 1) x n_params) */
    float *gbuf_a, *gbuf_b;   /* backward scratch, largest activation */
    float *band_mean, *band_std; /* input normalisation (n_mels) */
    ser_rng rng;              /* dropout */
};

typedef enum ser__cnn_mode {
    SER__CNN_INFER = 0, /* stored statistics, no dropout */
    SER__CNN_TRAIN = 1, /* batch statistics, dropout */
    SER__CNN_STATS = 2  /* batch statistics, no dropout */
} ser__cnn_mode;

/* Forward n <= max_batch images (raw dB, normalised here) to net->logits
 * and net->probs (softmax). */
void ser__cnn_forward(ser_cnn *net, const float *images, size_t n, ser__cnn_mode mode);
/* Backward of the last TRAIN/STATS forward from net->dlogits; accumulates
 * into net->grads (caller zeroes). */
void ser__cnn_backward(ser_cnn *net, size_t n);

/* Flat parameters / gradients (layout above). */
float *ser__cnn_params(ser_cnn *net);
float *ser__cnn_grads(ser_cnn *net);

/* Optimiser state over a flat parameter array. */
typedef struct ser__cnn_optim {
    ser_cnn_optim_config cfg;
    size_t n;
    float *m, *v; /* Adam moments / SGD momentum buffer (m) */
    uint64_t t;   /* steps taken */
} ser__cnn_optim;

ser_status ser__cnn_optim_init(ser__cnn_optim *opt, const ser_cnn_optim_config *cfg, size_t n);
void ser__cnn_optim_free(ser__cnn_optim *opt);
/* One step at learning rate lr (PyTorch's Adam / SGD semantics). */
void ser__cnn_optim_step(ser__cnn_optim *opt, float *params, const float *grads, double lr);

#endif
