/* libser's SVM inference: kernel values, one-vs-one decision values and
 * votes as libsvm's svm_predict_values (ties broken by margin, not class order), calibrated probabilities as its
 * svm_predict_probability.  No allocation: the caller passes scratch. */
#include <math.h>
#include <string.h>

#include "platt.h"
#include "svm_model.h"

size_t ser_svm_n_classes(const ser_svm *m) { return m->n_classes; }
size_t ser_svm_n_features(const ser_svm *m) { return m->n_features; }
size_t ser_svm_n_support(const ser_svm *m) { return m->n_sv; }
size_t ser_svm_n_support_class(const ser_svm *m, size_t k) { return k < m->n_classes ? m->n_sv_class[k] : 0; }
ser_svm_kernel ser_svm_kernel_of(const ser_svm *m) { return m->cfg.kernel; }
double ser_svm_gamma(const ser_svm *m) { return m->cfg.gamma; }
bool ser_svm_has_probability(const ser_svm *m) { return m->prob_a != NULL; }

void ser_svm_config_of(const ser_svm *m, ser_svm_config *cfg)
{
    *cfg = m->cfg;
    cfg->class_weights = m->weights;
}

size_t ser_svm_scratch_size(const ser_svm *m)
{
    size_t k = m->n_classes;
    /* kernel values, decision values, votes, pairwise r (k x k), coupling (k x k + k) */
    return m->n_sv + m->n_pairs + k + 2 * k * k + k;
}

static double kernel(const ser_svm *m, const double *x, const double *sv)
{
    size_t d = m->n_features;
    double sum = 0.0;
    if (m->cfg.kernel == SER_SVM_LINEAR) {
        for (size_t j = 0; j < d; j++)
            sum += x[j] * sv[j];
        return sum;
    }
    for (size_t j = 0; j < d; j++) {
        double diff = x[j] - sv[j];
        sum += diff * diff;
    }
    return exp(-m->cfg.gamma * sum);
}

void ser__svm_decision_kv(const ser_svm *m, const double *kv, double *dec)
{
    size_t p = 0, k = m->n_classes, l = m->n_sv;
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++, p++) {
            /* Same summation order as libsvm: class i's SVs, then class j's. */
            const double *coef1 = m->coef + (j - 1) * l, *coef2 = m->coef + i * l;
            size_t si = m->sv_start[i], sj = m->sv_start[j];
            double sum = 0.0;
            for (size_t t = 0; t < m->n_sv_class[i]; t++)
                sum += coef1[si + t] * kv[si + t];
            for (size_t t = 0; t < m->n_sv_class[j]; t++)
                sum += coef2[sj + t] * kv[sj + t];
            sum -= m->rho[p];
            dec[p] = sum;
        }
}

void ser_svm_decision(const ser_svm *m, const double *x, double *dec, double *scratch)
{
    double *kv = scratch;
    for (size_t i = 0; i < m->n_sv; i++)
        kv[i] = kernel(m, x, m->sv + i * m->n_features);
    ser__svm_decision_kv(m, kv, dec);
}

int ser__svm_vote(const ser_svm *m, const double *dec, double *votes)
{
    size_t k = m->n_classes;
    for (size_t i = 0; i < k; i++)
        votes[i] = 0.0;
    size_t p = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++, p++)
            votes[dec[p] > 0.0 ? i : j] += 1.0;
    size_t best = 0;
    for (size_t i = 1; i < k; i++)
        if (votes[i] > votes[best])
            best = i;
    /* A tie of votes: libsvm takes the first class in its label order, so
     * the label would depend on the order the classes were numbered in.
     * Take instead the tied class with the largest sum of its one-vs-one
     * decision values (its total margin), which does not. */
    double best_margin = -INFINITY;
    size_t n_tied = 0;
    for (size_t c = 0; c < k; c++) {
        if (votes[c] != votes[best])
            continue;
        n_tied++;
        double margin = 0.0;
        size_t q = 0;
        for (size_t i = 0; i < k; i++)
            for (size_t j = i + 1; j < k; j++, q++)
                if (i == c)
                    margin += dec[q];
                else if (j == c)
                    margin -= dec[q];
        if (n_tied == 1 || margin > best_margin) {
            best_margin = margin;
            best = c;
        }
    }
    return (int)best;
}

ser_status ser_svm_predict(const ser_svm *m, const double *x, int *label, double *probs, double *scratch)
{
    if (probs && !m->prob_a)
        return SER_ERR_STATE;
    size_t k = m->n_classes;
    double *dec = scratch + m->n_sv, *votes = dec + m->n_pairs, *r = votes + k, *cs = r + k * k;
    ser_svm_decision(m, x, dec, scratch);
    int best = ser__svm_vote(m, dec, votes);
    if (label)
        *label = best;
    if (probs) {
        const double min_prob = 1e-7; /* as libsvm: keeps the coupling well-posed */
        size_t p = 0;
        for (size_t i = 0; i < k; i++)
            for (size_t j = i + 1; j < k; j++, p++) {
                double v = ser__platt_predict(dec[p], m->prob_a[p], m->prob_b[p]);
                v = fmin(fmax(v, min_prob), 1.0 - min_prob);
                r[i * k + j] = v;
                r[j * k + i] = 1.0 - v;
            }
        ser__pairwise_coupling(r, k, probs, cs);
    }
    return SER_OK;
}
