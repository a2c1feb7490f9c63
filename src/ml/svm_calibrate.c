/* Seeded probability calibration of a ser_svm: per pair of classes, a
 * k-fold cross-validation of a binary libsvm C-SVC on that pair's samples
 * gives out-of-fold decision values, to which a Platt sigmoid is fitted.
 * The structure follows libsvm's svm_binary_svc_probability; the folds
 * come from ser_rng (seeded from config.seed and the pair index) instead
 * of the global rand(), so the result is reproducible and thread-safe. */
#include <libsvm/svm.h>
#include <stdlib.h>

#include "platt.h"
#include "ser/rng.h"
#include "ser/util.h"
#include "svm_model.h"

/* Out-of-fold decision values of one pair's problem (y = +1 / -1). */
static ser_status pair_cv(const struct svm_problem *pair, const struct svm_parameter *param, double c_pos,
                          double c_neg, size_t folds, ser_rng *rng, double *dec, size_t *perm,
                          struct svm_problem *sub, ser_error *err)
{
    size_t l = (size_t)pair->l;
    for (size_t i = 0; i < l; i++)
        perm[i] = i;
    ser_rng_shuffle(rng, perm, l);

    int weight_label[2] = {+1, -1};
    double weight[2] = {c_pos, c_neg};
    struct svm_parameter sp = *param;
    sp.probability = 0;
    sp.C = 1.0;
    sp.nr_weight = 2;
    sp.weight_label = weight_label;
    sp.weight = weight;

    for (size_t f = 0; f < folds; f++) {
        size_t begin = f * l / folds, end = (f + 1) * l / folds;
        size_t m = 0, n_pos = 0, n_neg = 0;
        for (size_t t = 0; t < l; t++) {
            if (t >= begin && t < end)
                continue;
            sub->x[m] = pair->x[perm[t]];
            sub->y[m] = pair->y[perm[t]];
            if (sub->y[m] > 0)
                n_pos++;
            else
                n_neg++;
            m++;
        }
        sub->l = (int)m;
        if (n_pos == 0 || n_neg == 0) {
            /* One class only in the training part: a constant decision. */
            double v = n_pos > 0 ? 1.0 : n_neg > 0 ? -1.0 : 0.0;
            for (size_t t = begin; t < end; t++)
                dec[perm[t]] = v;
            continue;
        }
        struct svm_model *model = svm_train(sub, &sp);
        if (!model)
            return ser_error_set(err, SER_ERR_EXTERNAL, "svm calibration: libsvm training failed");
        for (size_t t = begin; t < end; t++) {
            double v;
            svm_predict_values(model, pair->x[perm[t]], &v);
            dec[perm[t]] = v * model->label[0]; /* positive favours +1 */
        }
        svm_free_and_destroy_model(&model);
    }
    return SER_OK;
}

ser_status ser__svm_calibrate(ser_svm *svm, const struct svm_problem *prob, const struct svm_parameter *param,
                              ser_error *err)
{
    size_t n = (size_t)prob->l, k = svm->n_classes, folds = svm->cfg.calibration_folds;
    size_t *start = ser_calloc_array(k + 1, sizeof *start);
    struct svm_node **px = ser_alloc_array(n, sizeof *px), **sx = ser_alloc_array(n, sizeof *sx);
    double *py = ser_alloc_array(n, sizeof *py), *sy = ser_alloc_array(n, sizeof *sy);
    double *dec = ser_alloc_array(n, sizeof *dec);
    size_t *perm = ser_alloc_array(n, sizeof *perm);
    unsigned char *pos = ser_alloc_array(n, sizeof *pos);
    ser_status st = SER_OK;
    if (!start || !px || !sx || !py || !sy || !dec || !perm || !pos) {
        st = ser_error_set(err, SER_ERR_NOMEM, "svm calibration: out of memory");
        goto done;
    }
    /* prob's rows are in class order (ser__svm_prepare). */
    for (size_t i = 0; i < n; i++)
        start[(size_t)prob->y[i] + 1]++;
    for (size_t c = 0; c < k; c++)
        start[c + 1] += start[c];

    size_t p = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++, p++) {
            size_t l = 0;
            for (size_t r = start[i]; r < start[i + 1]; r++, l++) {
                px[l] = prob->x[r];
                py[l] = +1.0;
            }
            for (size_t r = start[j]; r < start[j + 1]; r++, l++) {
                px[l] = prob->x[r];
                py[l] = -1.0;
            }
            struct svm_problem pair = {(int)l, py, px};
            struct svm_problem sub = {0, sy, sx};
            ser_rng rng;
            ser_rng_seed(&rng, svm->cfg.seed + (uint64_t)(p + 1) * 0x9E3779B97F4A7C15ULL);
            st = pair_cv(&pair, param, param->C * svm->weights[i], param->C * svm->weights[j], folds, &rng, dec,
                         perm, &sub, err);
            if (st != SER_OK)
                goto done;
            for (size_t t = 0; t < l; t++)
                pos[t] = py[t] > 0;
            ser__platt_fit(dec, pos, l, &svm->prob_a[p], &svm->prob_b[p]);
        }
done:
    free(start);
    free(px);
    free(sx);
    free(py);
    free(sy);
    free(dec);
    free(perm);
    free(pos);
    return st;
}
