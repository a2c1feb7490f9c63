/* svm_model.h - the ser_svm struct and libsvm glue (private to src/ml).
 *
 * Layout mirrors libsvm's svm_model for classes 0..K-1 in order:
 * support vectors grouped by class (class k holds n_sv_class[k] rows
 * starting at row sv_start[k]); coef is (K-1) x n_sv, row j-1 / i holding
 * the coefficients used for pair (i, j) as in libsvm's sv_coef; rho,
 * prob_a, prob_b hold one value per pair in pair order. */
#ifndef SER_ML_SVM_MODEL_H
#define SER_ML_SVM_MODEL_H

#include "ser/svm.h"

struct svm_model;
struct svm_problem;
struct svm_parameter;

struct ser_svm {
    ser_svm_config cfg;   /* as trained; gamma resolved, class_weights -> weights */
    double *weights;      /* n_classes resolved class weights */
    size_t n_classes;     /* K >= 2 */
    size_t n_features;    /* d >= 1 */
    size_t n_pairs;       /* K (K - 1) / 2 */
    size_t n_sv;          /* support vectors */
    size_t *n_sv_class;   /* K */
    size_t *sv_start;     /* K */
    double *sv;           /* n_sv x d */
    double *coef;         /* (K - 1) x n_sv */
    double *rho;          /* n_pairs */
    double *prob_a;       /* n_pairs, NULL without calibration */
    double *prob_b;       /* n_pairs */
    size_t *sv_rows;      /* n_sv training-row indices of the SVs when trained on a kernel matrix
                           * (ser__svm_train_gram), else NULL; not serialised */
};

/* Allocate a model with every array sized (contents zero); NULL on
 * overflow or out of memory.  with_prob allocates prob_a / prob_b. */
ser_svm *ser__svm_alloc(size_t n_classes, size_t n_features, size_t n_sv, bool with_prob);

/* libsvm print hook -> no-op, once per process (pthread_once). */
void ser__svm_quiet(void);

/* Copy a libsvm model trained on labels 0..K-1 (in that label order) with
 * n_features dense features into *out (no calibration).  SER_ERR_FORMAT
 * when the libsvm model does not have that shape. */
ser_status ser__svm_from_libsvm(const struct svm_model *model, size_t n_features, ser_svm **out, ser_error *err);

/* Everything ser_svm_train does before libsvm: validated config resolved
 * into a libsvm parameter (weights point into `weights`, n_classes
 * values), and the problem with rows in stable class order (nodes and y
 * malloc'd into *nodes_out / *y_out, rows into *rows_out; free all three).
 * Exposed for the tests, which train libsvm directly on the same problem. */
ser_status ser__svm_prepare(const double *x, size_t n_rows, size_t n_features, const int *y, size_t n_classes,
                            const ser_svm_config *cfg, struct svm_problem *prob, struct svm_parameter *param,
                            int *weight_label, double *weights, void **nodes_out, double **y_out,
                            void **rows_out, ser_error *err);

/* The pieces of ser__svm_prepare, shared with the kernel-matrix path
 * (svm_gram.c).  check_problem: arguments, config, finite features and
 * the resolved class weights (n_classes values into weights).
 * class_order: the rows in stable class order (order: n_rows indices);
 * SER_ERR_LABEL when a class has no row.  fill_param: the libsvm
 * parameter of cfg (gamma resolved on x, n_rows x n_features; weights and
 * weight_label hold n_classes values and stay referenced). */
ser_status ser__svm_check_problem(const double *x, size_t n_rows, size_t n_features, const int *y,
                                 size_t n_classes, const ser_svm_config *cfg, double *weights, ser_error *err);
ser_status ser__svm_class_order(const int *y, size_t n_rows, size_t n_classes, size_t *order, ser_error *err);
void ser__svm_fill_param(const ser_svm_config *cfg, const double *x, size_t n_rows, size_t n_features,
                         size_t n_classes, int *weight_label, double *weights, struct svm_parameter *param);

/* Decision values (pair order) from the kernel values kv[0..n_sv) of one
 * row against the support vectors; and the one-vs-one vote over them
 * (votes: n_classes scratch), returning the label.  Never allocate. */
void ser__svm_decision_kv(const ser_svm *m, const double *kv, double *dec);
int ser__svm_vote(const ser_svm *m, const double *dec, double *votes);

/* Training on a precomputed kernel (svm_gram.c).
 *
 * "Base" matrices do not depend on C or gamma: squared Euclidean
 * distances |a - b|^2 for RBF (computed as |a|^2 + |b|^2 - 2 a.b with
 * BLAS, as libsvm's own RBF kernel expands it; clamped at 0) or dot
 * products a.b for the linear kernel.  The kernel value of a base value v
 * is exp(-gamma v) (RBF) or v (linear). */

/* Largest number of training rows for which the search uses the kernel
 * matrix (libsvm's precomputed rows take 16 (n + 2) bytes per row, so
 * 2048 rows = 64 MiB per concurrent fit). */
#define SER__SVM_GRAM_MAX_ROWS 2048

/* out (na x nb, row-major) = base values of a's rows (na x d) against b's
 * (nb x d), or SER_ERR_NOMEM / SER_ERR_OVERFLOW.  When a == b (and na == nb) the diagonal of a squared-distance
 * matrix is exactly 0 and the matrix exactly symmetric. */
ser_status ser__svm_gram_base(ser_svm_kernel kernel, const double *a, size_t na, const double *b, size_t nb,
                              size_t d, double *out, ser_error *err);

/* ser_svm_train on x (n_rows x n_features) through libsvm's PRECOMPUTED
 * kernel built from base (n_rows x n_rows, ser__svm_gram_base(x, x)):
 * same model as ser_svm_train up to rounding in the kernel values (the
 * support vectors are copied from x), calibration included when
 * cfg->probability, and sv_rows set. */
ser_status ser__svm_train_gram(const double *x, size_t n_rows, size_t n_features, const double *base,
                               const int *y, size_t n_classes, const ser_svm_config *cfg, ser_svm **out,
                               ser_error *err);

/* Label (one-vs-one vote) of a row given its base values against the
 * model's training rows (base_row[r] for training row r); m must come
 * from ser__svm_train_gram.  scratch: ser_svm_scratch_size(m) doubles. */
int ser__svm_predict_gram(const ser_svm *m, const double *base_row, double *scratch);

/* Fit prob_a / prob_b of svm (already holding the libsvm solution) by the
 * seeded pairwise cross-validation described in ser/svm.h. */
ser_status ser__svm_calibrate(ser_svm *svm, const struct svm_problem *prob, const struct svm_parameter *param,
                              ser_error *err);

#endif
