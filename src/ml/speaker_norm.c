/* speaker_norm.c - standardise each speaker's rows by its own statistics. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "ser/speaker_norm.h"
#include "ser/util.h"

static ser_status check_rows(const double *x, size_t n_rows, size_t n_cols, const int *speakers, ser_error *err)
{
    for (size_t i = 0; i < n_rows; i++) {
        if (speakers[i] < 0)
            return ser_error_set(err, SER_ERR_ARG, "speaker normalisation: row %zu has no speaker", i);
        for (size_t j = 0; j < n_cols; j++)
            if (!isfinite(x[i * n_cols + j]))
                return ser_error_set(err, SER_ERR_NONFINITE, "speaker normalisation: row %zu column %zu is not finite",
                                     i, j);
    }
    return SER_OK;
}

ser_status ser_speaker_normalize(double *x, size_t n_rows, size_t n_cols, const int *speakers, ser_error *err)
{
    ser_status st = check_rows(x, n_rows, n_cols, speakers, err);
    if (st)
        return st;
    double *mean = ser_alloc_array(n_cols ? n_cols : 1, sizeof *mean);
    double *var = ser_alloc_array(n_cols ? n_cols : 1, sizeof *var);
    unsigned char *done = ser_calloc_array(n_rows ? n_rows : 1, 1);
    if (!mean || !var || !done) {
        free(mean);
        free(var);
        free(done);
        return ser_error_set(err, SER_ERR_NOMEM, "speaker normalisation: out of memory");
    }
    for (size_t first = 0; first < n_rows; first++) {
        if (done[first])
            continue;
        int s = speakers[first];
        size_t count = 0;
        for (size_t j = 0; j < n_cols; j++)
            mean[j] = var[j] = 0;
        for (size_t i = first; i < n_rows; i++)
            if (speakers[i] == s) {
                count++;
                for (size_t j = 0; j < n_cols; j++)
                    mean[j] += x[i * n_cols + j];
            }
        for (size_t j = 0; j < n_cols; j++)
            mean[j] /= (double)count;
        for (size_t i = first; i < n_rows; i++)
            if (speakers[i] == s)
                for (size_t j = 0; j < n_cols; j++) {
                    double v = x[i * n_cols + j] - mean[j];
                    var[j] += v * v;
                }
        for (size_t j = 0; j < n_cols; j++) {
            var[j] /= (double)count;
            /* as the standard scaler: a variance at rounding level is constant */
            double tiny = (double)count * DBL_EPSILON * var[j] + pow((double)count * mean[j] * DBL_EPSILON, 2);
            var[j] = var[j] <= tiny ? 1.0 : sqrt(var[j]);
        }
        for (size_t i = first; i < n_rows; i++)
            if (speakers[i] == s) {
                done[i] = 1;
                for (size_t j = 0; j < n_cols; j++)
                    x[i * n_cols + j] = (x[i * n_cols + j] - mean[j]) / var[j];
            }
    }
    free(mean);
    free(var);
    free(done);
    return SER_OK;
}

ser_status ser_speaker_normalize_bands(float *images, size_t n_images, size_t n_bands, size_t n_frames,
                                       const int *speakers, float *copies, size_t copies_per_image, ser_error *err)
{
    if (!images || !speakers || (copies_per_image && !copies))
        return ser_error_set(err, SER_ERR_ARG, "speaker normalisation: NULL argument");
    size_t img;
    if (!ser_size_mul(n_bands, n_frames, &img))
        return ser_error_set(err, SER_ERR_ARG, "speaker normalisation: image too large");
    for (size_t i = 0; i < n_images; i++) {
        if (speakers[i] < 0)
            return ser_error_set(err, SER_ERR_ARG, "speaker normalisation: image %zu has no speaker", i);
        for (size_t k = 0; k < img; k++)
            if (!isfinite(images[i * img + k]))
                return ser_error_set(err, SER_ERR_NONFINITE, "speaker normalisation: image %zu is not finite", i);
    }
    double *mean = ser_alloc_array(n_bands ? n_bands : 1, sizeof *mean);
    double *sd = ser_alloc_array(n_bands ? n_bands : 1, sizeof *sd);
    unsigned char *done = ser_calloc_array(n_images ? n_images : 1, 1);
    if (!mean || !sd || !done) {
        free(mean);
        free(sd);
        free(done);
        return ser_error_set(err, SER_ERR_NOMEM, "speaker normalisation: out of memory");
    }
    for (size_t first = 0; first < n_images; first++) {
        if (done[first])
            continue;
        const int s = speakers[first];
        for (size_t b = 0; b < n_bands; b++) {
            double sum = 0.0, ss = 0.0, count = 0.0;
            for (size_t i = first; i < n_images; i++)
                if (speakers[i] == s) {
                    const float *row = images + i * img + b * n_frames;
                    for (size_t t = 0; t < n_frames; t++)
                        sum += row[t];
                    count += (double)n_frames;
                }
            const double mu = count > 0.0 ? sum / count : 0.0;
            for (size_t i = first; i < n_images; i++)
                if (speakers[i] == s) {
                    const float *row = images + i * img + b * n_frames;
                    for (size_t t = 0; t < n_frames; t++)
                        ss += (row[t] - mu) * (row[t] - mu);
                }
            const double var = count > 0.0 ? ss / count : 0.0;
            /* as ser_speaker_normalize: a variance at rounding level is constant */
            const double tiny = count * DBL_EPSILON * var + pow(count * mu * DBL_EPSILON, 2);
            mean[b] = mu;
            sd[b] = var <= tiny ? 1.0 : sqrt(var);
        }
        for (size_t i = first; i < n_images; i++) {
            if (speakers[i] != s)
                continue;
            done[i] = 1;
            for (size_t r = 0; r <= copies_per_image; r++) {
                float *im = r == 0 ? images + i * img : copies + (i * copies_per_image + r - 1) * img;
                for (size_t b = 0; b < n_bands; b++)
                    for (size_t t = 0; t < n_frames; t++)
                        im[b * n_frames + t] = (float)((im[b * n_frames + t] - mean[b]) / sd[b]);
            }
        }
    }
    free(mean);
    free(sd);
    free(done);
    return SER_OK;
}

ser_status ser_speaker_prior(const double *x, size_t n_rows, size_t n_cols, const int *speakers, double *mean_out,
                             double *std_out, ser_error *err)
{
    ser_status st = check_rows(x, n_rows, n_cols, speakers, err);
    if (st)
        return st;
    if (!n_rows)
        return ser_error_set(err, SER_ERR_ARG, "speaker statistics: no rows");
    double *buf = ser_alloc_array(ser_speaker_running_doubles(n_cols ? n_cols : 1), sizeof *buf);
    unsigned char *done = ser_calloc_array(n_rows, 1);
    if (!buf || !done) {
        free(buf);
        free(done);
        return ser_error_set(err, SER_ERR_NOMEM, "speaker statistics: out of memory");
    }
    for (size_t j = 0; j < n_cols; j++)
        mean_out[j] = std_out[j] = 0.0;
    size_t n_speakers = 0;
    ser_speaker_running r; /* one speaker at a time, in buf */
    for (size_t first = 0; first < n_rows; first++) {
        if (done[first])
            continue;
        n_speakers++;
        ser_speaker_running_init(&r, n_cols, buf, NULL, NULL, 0.0);
        for (size_t i = first; i < n_rows; i++)
            if (speakers[i] == speakers[first]) {
                done[i] = 1;
                ser_speaker_running_update(&r, x + i * n_cols);
            }
        for (size_t j = 0; j < n_cols; j++) {
            mean_out[j] += r.mean[j];
            std_out[j] += sqrt(r.m2[j] / r.count);
        }
    }
    for (size_t j = 0; j < n_cols; j++) {
        mean_out[j] /= (double)n_speakers;
        std_out[j] /= (double)n_speakers;
        if (!(std_out[j] > 1e-12 * (fabs(mean_out[j]) + 1e-300)))
            std_out[j] = 1.0;
    }
    free(buf);
    free(done);
    return SER_OK;
}

size_t ser_speaker_running_doubles(size_t dim) { return 2 * dim; }

void ser_speaker_running_init(ser_speaker_running *r, size_t dim, double *buffer, const double *prior_mean,
                              const double *prior_std, double prior_weight)
{
    r->dim = dim;
    r->count = 0.0;
    r->mean = buffer;
    r->m2 = buffer + dim;
    r->prior_mean = prior_mean;
    r->prior_std = prior_std;
    r->prior_weight = prior_mean && prior_std && prior_weight > 0.0 ? prior_weight : 0.0;
    for (size_t j = 0; j < 2 * dim; j++)
        buffer[j] = 0.0;
}

void ser_speaker_running_update(ser_speaker_running *r, const double *x)
{
    r->count += 1.0;
    for (size_t j = 0; j < r->dim; j++) {
        double delta = x[j] - r->mean[j];
        r->mean[j] += delta / r->count;
        r->m2[j] += delta * (x[j] - r->mean[j]);
    }
}

void ser_speaker_running_apply(const ser_speaker_running *r, double *x)
{
    double n = r->count, w = r->prior_weight;
    if (n + w <= 0.0)
        return;
    for (size_t j = 0; j < r->dim; j++) {
        double mean = r->mean[j], var = n > 0.0 ? r->m2[j] / n : 0.0;
        if (w > 0.0) {
            mean = (n * mean + w * r->prior_mean[j]) / (n + w);
            var = (n * var + w * r->prior_std[j] * r->prior_std[j]) / (n + w);
        }
        /* as ser_speaker_normalize: a variance at rounding level is constant */
        double tiny = n * DBL_EPSILON * var + pow(n * mean * DBL_EPSILON, 2);
        double sd = var <= tiny ? 1.0 : sqrt(var);
        x[j] = (x[j] - mean) / sd;
    }
}
