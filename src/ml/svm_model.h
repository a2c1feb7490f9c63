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

/* Fit prob_a / prob_b of svm (already holding the libsvm solution) by the
 * seeded pairwise cross-validation described in ser/svm.h. */
ser_status ser__svm_calibrate(ser_svm *svm, const struct svm_problem *prob, const struct svm_parameter *param,
                              ser_error *err);

#endif
