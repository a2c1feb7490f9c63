/* ser/cnn.h - a small convolutional network on log-mel spectrograms,
 * trained and run in C (float32, OpenBLAS GEMM).
 *
 * Input: one image per clip, a log-mel spectrogram of n_mels bands (rows)
 * by n_frames frames (columns), row-major (mels, frames), dB.  Clips are
 * brought to n_frames by ser_cnn_fit_length (centre crop, or padding at
 * the end with the band's minimum).  The network normalises each band
 * (row) with a mean and standard deviation fitted on the training images
 * (ser_cnn_train does it; stored in the network), so callers pass raw dB.
 *
 * Architecture (NCHW, batch-major, one input channel):
 *   n_blocks x [conv k x k (stride 1, "same" zero padding, bias)
 *               -> batch norm -> ReLU -> max-pool 2x2 (if pool[b])]
 *   -> global average pool -> dropout -> dense -> softmax.
 * The seed notebook's network is 4 blocks of 32/64/128/128 filters, each
 * pooled (ser_cnn_config_default).
 *
 * Batch norm at inference uses per-channel statistics recomputed over the
 * training data (ser_cnn_recompute_bn; ser_cnn_train does it after every
 * epoch), not running averages: with a few hundred clips the running
 * averages gave near-chance accuracy in PyTorch (shared/ANCHORS.md).
 *
 * A network is sized at creation for at most max_batch images; inference
 * (ser_cnn_predict) never allocates.  Training and inference on the same
 * network are not thread-safe (buffers live in the network).  Determinism:
 * same seed, same ser_cnn_set_threads count and same OpenBLAS thread count
 * give the same result.
 *
 * Speed: per image im2col + one cblas_sgemm per conv, batch norm + ReLU
 * + max-pool fused into one pass (and their backward into two), threads
 * data-parallel over a batch (ser_cnn_set_threads).  bench/cnn_vs_torch.sh
 * (make bench) times an epoch against PyTorch on the same images. */
#ifndef SER_CNN_H
#define SER_CNN_H

#include <stddef.h>
#include <stdint.h>

#include "ser/rng.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_CNN_MAX_BLOCKS 8

typedef struct ser_cnn_config {
    size_t n_mels;                        /* image height (rows), default 128 */
    size_t n_frames;                      /* image width (columns), default 128 (~4.1 s at 16 kHz, hop 512) */
    size_t n_classes;                     /* output classes (required, >= 2) */
    size_t n_blocks;                      /* conv blocks, 1..SER_CNN_MAX_BLOCKS, default 4 */
    size_t filters[SER_CNN_MAX_BLOCKS];   /* output channels per block, default 32, 64, 128, 128 */
    int pool[SER_CNN_MAX_BLOCKS];         /* 1: max-pool 2x2 after the block (floor), default all 1 */
    size_t kernel;                        /* conv kernel size, odd, default 3 */
    float dropout;                        /* drop probability before the dense layer, [0, 1), default 0.3 */
    float bn_eps;                         /* batch-norm epsilon, default 1e-5 (PyTorch's) */
    size_t max_batch;                     /* largest batch forward/backward will see, default 32 */
    uint64_t seed;                        /* weight initialisation: He-uniform conv, U(+-1/sqrt(in)) dense, zero biases */
} ser_cnn_config;

void ser_cnn_config_default(ser_cnn_config *cfg);

typedef struct ser_cnn ser_cnn;

/* NULL on bad config (SER_ERR_ARG) or memory (SER_ERR_NOMEM); err optional. */
ser_cnn *ser_cnn_create(const ser_cnn_config *cfg, ser_status *status, ser_error *err);
void ser_cnn_destroy(ser_cnn *net);
const ser_cnn_config *ser_cnn_get_config(const ser_cnn *net);
/* Threads for the forward and backward passes (data-parallel over the
 * images of a batch; default 1).  Allocates the threads' scratch (one
 * im2col buffer and one gradient copy each) and starts n_threads - 1
 * threads, kept until the next call or ser_cnn_destroy.  Results depend
 * on the thread count only through the order in which the threads'
 * conv gradients are summed (deterministic for a given count).  Each
 * thread calls cblas_sgemm: with more than one thread, run OpenBLAS
 * single-threaded (openblas_set_num_threads(1) or OPENBLAS_NUM_THREADS=1)
 * to avoid oversubscription.  SER_ERR_ARG outside 1..256, SER_ERR_NOMEM. */
ser_status ser_cnn_set_threads(ser_cnn *net, size_t n_threads, ser_error *err);
size_t ser_cnn_get_threads(const ser_cnn *net);
/* Number of trainable parameters. */
size_t ser_cnn_param_count(const ser_cnn *net);

/* Copy a clip's log-mel rows into a fixed-size image.
 * frames: n_in rows of n_mels dB values, row-major (frames, mels), as
 * ser_seed_frames / the frame stream give them.  image: (n_mels, n_frames)
 * row-major (mels, frames).  Longer clips are centre-cropped; shorter
 * ones are padded at the end with each band's minimum over the clip
 * (silence); an empty clip is SER_ERR_EMPTY. */
ser_status ser_cnn_fit_length(const float *frames, size_t n_in, size_t n_mels, size_t n_frames, float *image,
                              ser_error *err);

/* Class probabilities of n images (each n_mels x n_frames dB, row-major)
 * into probs (n x n_classes).  Inference mode: stored band normalisation
 * and batch-norm statistics, no dropout.  Any n; processed max_batch at a
 * time; never allocates. */
ser_status ser_cnn_predict(ser_cnn *net, const float *images, size_t n, float *probs, ser_error *err);

/* Recompute every batch norm's statistics (mean, population variance per
 * channel) over n images with dropout off: one pass in training mode,
 * batches of max_batch, each layer's batch statistics pooled over all
 * images (the "precise BN" of PyTorch with momentum=None). */
ser_status ser_cnn_recompute_bn(ser_cnn *net, const float *images, size_t n, ser_error *err);

/* Per-band normalisation: mean[n_mels], std[n_mels] (std > 0).  Fitted on
 * training images by ser_cnn_train; ser_cnn_fit_normalisation fits them
 * (over every value of each band; std floored at 1e-3 dB). */
ser_status ser_cnn_set_normalisation(ser_cnn *net, const float *mean, const float *std, ser_error *err);
ser_status ser_cnn_fit_normalisation(ser_cnn *net, const float *images, size_t n, ser_error *err);

/* ---- optimisation ---- */

typedef enum ser_cnn_optimizer { SER_CNN_ADAM = 0, SER_CNN_SGD = 1 } ser_cnn_optimizer;
typedef enum ser_cnn_schedule {
    SER_CNN_LR_CONSTANT = 0,
    SER_CNN_LR_STEP = 1,   /* lr * gamma^floor(epoch / step_epochs) */
    SER_CNN_LR_COSINE = 2  /* lr_min + (lr - lr_min) (1 + cos(pi epoch / epochs)) / 2 */
} ser_cnn_schedule;

typedef struct ser_cnn_optim_config {
    ser_cnn_optimizer kind;  /* default Adam */
    double lr;               /* default 1e-3 */
    double beta1, beta2;     /* Adam, default 0.9, 0.999 */
    double eps;              /* Adam, default 1e-8 */
    double momentum;         /* SGD, default 0.9 */
    double weight_decay;     /* L2 added to the gradient (PyTorch's weight_decay), every parameter, default 0 */
    ser_cnn_schedule schedule; /* default constant */
    size_t step_epochs;      /* step schedule period, default 10 */
    double gamma;            /* step schedule factor, default 0.5 */
    double lr_min;           /* cosine floor, default 0 */
} ser_cnn_optim_config;

void ser_cnn_optim_config_default(ser_cnn_optim_config *cfg);
/* Learning rate at epoch (0-based) of epochs. */
double ser_cnn_learning_rate(const ser_cnn_optim_config *cfg, size_t epoch, size_t epochs);

/* ---- training ---- */

typedef void (*ser_cnn_epoch_fn)(void *user, size_t epoch, double train_loss, double train_acc, double val_loss,
                                 double val_acc);

typedef struct ser_cnn_train_config {
    size_t epochs;            /* at most, default 30 */
    size_t batch_size;        /* default 32 (<= the network's max_batch) */
    double val_fraction;      /* validation split from the training data (stratified), default 0.1; 0 = none */
    size_t patience;          /* early stopping: epochs without a better validation loss, default 5; 0 = off */
    int restore_best;         /* 1: keep the weights of the best validation epoch (default) */
    int recompute_bn;         /* 1: recompute batch-norm statistics after every epoch (default) */
    const double *class_weights; /* n_classes weights of the loss, or NULL for all 1 */
    /* Augmented copies (e.g. ser_augment_audio then the log-mel image):
     * extra_images[j] (n_mels x n_frames) is a copy of images[extra_source[j]]
     * with its label; copies of training images join the training set
     * (copies of validation images are left out), but the band
     * normalisation and the batch-norm statistics are fitted on the
     * original training images only.  NULL / 0: none. */
    const float *extra_images;
    const size_t *extra_source;
    size_t n_extra;
    /* SpecAugment on every training image of every batch (not validation): */
    size_t freq_masks;        /* frequency masks per image, default 0 (off) */
    size_t freq_mask_max;     /* widest, mel bands (width uniform in 0..max), default 16 */
    size_t time_masks;        /* time masks per image, default 0 (off) */
    size_t time_mask_max;     /* widest, frames, default 16 */
    /* mixup (Zhang et al. 2018): each training batch is blended with a
     * shuffled copy of itself, x = lam x + (1 - lam) x[perm], and the loss
     * is lam CE(y) + (1 - lam) CE(y[perm]), lam ~ Beta(alpha, alpha) drawn
     * per batch.  0 = off (default). */
    double mixup_alpha;
    uint64_t seed;            /* split, shuffling, dropout; default 0 */
    ser_cnn_optim_config optim;
    ser_cnn_epoch_fn on_epoch; /* optional progress callback */
    void *user;
} ser_cnn_train_config;

void ser_cnn_train_config_default(ser_cnn_train_config *cfg);

/* SpecAugment (Park et al. 2019) on one image (n_mels x n_frames dB, in
 * place): freq_masks bands of width uniform in [0, freq_mask_max] and
 * time_masks spans of width uniform in [0, time_mask_max] frames, each at
 * a uniform position, set to fill[band] (ser_cnn_train passes the
 * band means, so masks normalise to 0).  Draws from rng only per mask. */
void ser_cnn_spec_augment(float *image, size_t n_mels, size_t n_frames, const float *fill, size_t freq_masks,
                          size_t freq_mask_max, size_t time_masks, size_t time_mask_max, ser_rng *rng);

/* Learning curves, one entry per epoch run. */
typedef struct ser_cnn_curves {
    size_t n_epochs;
    size_t best_epoch;        /* epoch whose weights were kept */
    double *train_loss, *train_acc; /* running means over the epoch's batches (training mode) */
    double *val_loss, *val_acc;     /* inference mode after the epoch; NaN without validation */
} ser_cnn_curves;

void ser_cnn_curves_free(ser_cnn_curves *curves);

/* Train on n images (n_mels x n_frames dB each) with labels y in
 * [0, n_classes).  Fits the band normalisation on the training part,
 * holds out val_fraction (stratified, seeded) for early stopping, trains
 * with seeded shuffled mini-batches.  curves optional (free with
 * ser_cnn_curves_free). */
ser_status ser_cnn_train(ser_cnn *net, const float *images, const int *y, size_t n, const ser_cnn_train_config *cfg,
                         ser_cnn_curves *curves, ser_error *err);

/* ---- tuning ---- */

/* Random search: n_iter draws of learning rate (log-uniform in
 * [lr_min, lr_max]), batch size, width and depth (uniform over the
 * lists); a draw's network has depth pooled blocks of width x (32, 64,
 * 128, 128, 256, ...) filters (at least 4).  Each draw trains with the
 * train config (its validation split, early stopping) and is scored by
 * its best validation loss; the lowest wins.  Seeded (seed); each
 * network uses `threads` (ser_cnn_set_threads). */
typedef struct ser_cnn_search_trial {
    double lr;
    size_t batch_size, depth;
    double width;
    double val_loss, val_acc; /* at the trial's best epoch */
    size_t epochs;            /* epochs run */
} ser_cnn_search_trial;

typedef void (*ser_cnn_trial_fn)(void *user, size_t index, const ser_cnn_search_trial *trial);

typedef struct ser_cnn_search_config {
    size_t n_iter;                 /* default 8 */
    double lr_min, lr_max;         /* default 3e-4, 3e-3 */
    size_t batch_sizes[8];         /* default 16, 32, 64 */
    size_t n_batch_sizes;
    double widths[8];              /* default 0.5, 1 */
    size_t n_widths;
    size_t depths[8];              /* default 3, 4, 5 */
    size_t n_depths;
    size_t threads;                /* default 1 */
    uint64_t seed;                 /* default 0 */
    ser_cnn_trial_fn on_trial;     /* optional, after each draw */
    void *user;
} ser_cnn_search_config;

void ser_cnn_search_config_default(ser_cnn_search_config *cfg);

typedef struct ser_cnn_search_result {
    ser_cnn_search_trial *trials; /* n_trials, in draw order */
    size_t n_trials;
    size_t best;                  /* index of the kept draw */
} ser_cnn_search_result;

void ser_cnn_search_result_free(ser_cnn_search_result *result);

/* The best draw's trained network (NULL on error, *status set): base
 * gives n_mels, n_frames, n_classes, kernel, dropout, bn_eps, seed (its
 * filters, pools, n_blocks and max_batch are the draw's); train gives the
 * rest (val_fraction must be > 0).  result filled (free it); curves
 * (optional) are the kept draw's. */
ser_cnn *ser_cnn_search(const ser_cnn_config *base, const ser_cnn_train_config *train,
                        const ser_cnn_search_config *search, const float *images, const int *y, size_t n,
                        ser_cnn_search_result *result, ser_cnn_curves *curves, ser_status *status, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
