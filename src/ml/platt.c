/* Platt scaling (Lin, Lin & Weng 2007) and pairwise coupling (Wu, Lin &
 * Weng 2004, method 2).  See platt.h. */
#include "platt.h"

#include <math.h>

/* Negative log-likelihood term of one sample with target t at A f + B. */
static double nll(double fapb, double t)
{
    return fapb >= 0.0 ? t * fapb + log1p(exp(-fapb)) : (t - 1.0) * fapb + log1p(exp(fapb));
}

void ser__platt_fit(const double *dec, const unsigned char *positive, size_t n, double *a_out, double *b_out)
{
    const int max_iter = 100;
    const double min_step = 1e-10, sigma = 1e-12, eps = 1e-5;
    double prior1 = 0.0, prior0 = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (positive[i])
            prior1 += 1.0;
        else
            prior0 += 1.0;
    }
    /* Regularised targets (Platt 1999) keep the fit finite on separable data. */
    const double hi = (prior1 + 1.0) / (prior1 + 2.0), lo = 1.0 / (prior0 + 2.0);
    double a = 0.0, b = log((prior0 + 1.0) / (prior1 + 1.0));
    double fval = 0.0;
    for (size_t i = 0; i < n; i++)
        fval += nll(dec[i] * a + b, positive[i] ? hi : lo);

    for (int it = 0; it < max_iter; it++) {
        /* Gradient and Hessian (plus sigma on the diagonal for safety). */
        double h11 = sigma, h22 = sigma, h21 = 0.0, g1 = 0.0, g2 = 0.0;
        for (size_t i = 0; i < n; i++) {
            double fapb = dec[i] * a + b, p, q;
            if (fapb >= 0.0) {
                double e = exp(-fapb);
                p = e / (1.0 + e);
                q = 1.0 / (1.0 + e);
            } else {
                double e = exp(fapb);
                p = 1.0 / (1.0 + e);
                q = e / (1.0 + e);
            }
            double d2 = p * q, t = positive[i] ? hi : lo, d1 = t - p;
            h11 += dec[i] * dec[i] * d2;
            h22 += d2;
            h21 += dec[i] * d2;
            g1 += dec[i] * d1;
            g2 += d1;
        }
        if (fabs(g1) < eps && fabs(g2) < eps)
            break;
        double det = h11 * h22 - h21 * h21;
        double da = -(h22 * g1 - h21 * g2) / det, db = -(-h21 * g1 + h11 * g2) / det;
        double gd = g1 * da + g2 * db;
        double step = 1.0;
        while (step >= min_step) {
            double na = a + step * da, nb = b + step * db, nf = 0.0;
            for (size_t i = 0; i < n; i++)
                nf += nll(dec[i] * na + nb, positive[i] ? hi : lo);
            if (nf < fval + 0.0001 * step * gd) {
                a = na;
                b = nb;
                fval = nf;
                break;
            }
            step /= 2.0;
        }
        if (step < min_step)
            break; /* line search failed: keep the last good (A, B) */
    }
    *a_out = a;
    *b_out = b;
}

double ser__platt_predict(double f, double a, double b)
{
    double fapb = f * a + b;
    if (fapb >= 0.0) {
        double e = exp(-fapb);
        return e / (1.0 + e);
    }
    return 1.0 / (1.0 + exp(fapb));
}

void ser__pairwise_coupling(const double *r, size_t k, double *p, double *scratch)
{
    double *q = scratch, *qp = scratch + k * k;
    const size_t max_iter = k > 100 ? k : 100;
    const double eps = 0.005 / (double)k;
    /* Q[t][t] = sum_{j != t} r_jt^2, Q[t][j] = -r_jt r_tj. */
    for (size_t t = 0; t < k; t++) {
        p[t] = 1.0 / (double)k;
        q[t * k + t] = 0.0;
        for (size_t j = 0; j < t; j++) {
            q[t * k + t] += r[j * k + t] * r[j * k + t];
            q[t * k + j] = q[j * k + t];
        }
        for (size_t j = t + 1; j < k; j++) {
            q[t * k + t] += r[j * k + t] * r[j * k + t];
            q[t * k + j] = -r[j * k + t] * r[t * k + j];
        }
    }
    for (size_t iter = 0; iter < max_iter; iter++) {
        double pqp = 0.0;
        for (size_t t = 0; t < k; t++) {
            qp[t] = 0.0;
            for (size_t j = 0; j < k; j++)
                qp[t] += q[t * k + j] * p[j];
            pqp += p[t] * qp[t];
        }
        double max_error = 0.0;
        for (size_t t = 0; t < k; t++) {
            double e = fabs(qp[t] - pqp);
            if (e > max_error)
                max_error = e;
        }
        if (max_error < eps)
            break;
        for (size_t t = 0; t < k; t++) {
            double diff = (-qp[t] + pqp) / q[t * k + t];
            p[t] += diff;
            pqp = (pqp + diff * (diff * q[t * k + t] + 2.0 * qp[t])) / (1.0 + diff) / (1.0 + diff);
            for (size_t j = 0; j < k; j++) {
                qp[j] = (qp[j] + diff * q[t * k + j]) / (1.0 + diff);
                p[j] /= 1.0 + diff;
            }
        }
    }
}
