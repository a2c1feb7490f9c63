/* platt.h - probability outputs for pairwise classifiers (private).
 *
 * Platt scaling as improved by H.-T. Lin, C.-J. Lin and R. C. Weng, "A
 * note on Platt's probabilistic outputs for support vector machines",
 * Machine Learning 68 (2007): fit P(y = +1 | f) = 1 / (1 + exp(A f + B))
 * to decision values f by a Newton method with backtracking line search
 * on regularised targets.  Pairwise coupling: T.-F. Wu, C.-J. Lin and
 * R. C. Weng, "Probability estimates for multi-class classification by
 * pairwise coupling", JMLR 5 (2004), method 2 (the fixed-point iteration
 * also used by libsvm). */
#ifndef SER_ML_PLATT_H
#define SER_ML_PLATT_H

#include <stddef.h>

/* dec[i] decision value, positive[i] != 0 for the +1 class; n >= 1. */
void ser__platt_fit(const double *dec, const unsigned char *positive, size_t n, double *a, double *b);

/* 1 / (1 + exp(a f + b)), evaluated without overflow. */
double ser__platt_predict(double f, double a, double b);

/* Class probabilities p (k values) from the k x k matrix r of pairwise
 * probabilities r[i k + j] = P(class i | class i or j) (diagonal unused).
 * scratch: k * k + k doubles.  Never allocates. */
void ser__pairwise_coupling(const double *r, size_t k, double *p, double *scratch);

#endif
