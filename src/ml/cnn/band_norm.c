/* band_norm.c - per-band (per mel row) input normalisation. */
#include "ml/cnn/cnn_internal.h"

#include <math.h>

ser_status ser_cnn_set_normalisation(ser_cnn *net, const float *mean, const float *std, ser_error *err)
{
    if (!net || !mean || !std)
        return ser_error_set(err, SER_ERR_ARG, "cnn_set_normalisation: NULL argument");
    for (size_t m = 0; m < net->cfg.n_mels; m++)
        if (!isfinite(mean[m]) || !isfinite(std[m]) || !(std[m] > 0.0f))
            return ser_error_set(err, SER_ERR_ARG, "cnn_set_normalisation: band %zu: mean %g, std %g", m,
                                 (double)mean[m], (double)std[m]);
    for (size_t m = 0; m < net->cfg.n_mels; m++) {
        net->band_mean[m] = mean[m];
        net->band_std[m] = std[m];
    }
    return SER_OK;
}

ser_status ser_cnn_fit_normalisation(ser_cnn *net, const float *images, size_t n, ser_error *err)
{
    if (!net || !images)
        return ser_error_set(err, SER_ERR_ARG, "cnn_fit_normalisation: NULL argument");
    if (n == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "cnn_fit_normalisation: no images");
    const size_t hh = net->cfg.n_mels, ww = net->cfg.n_frames;
    for (size_t m = 0; m < hh; m++) {
        double s = 0.0, ss = 0.0;
        for (size_t i = 0; i < n; i++) {
            const float *row = images + (i * hh + m) * ww;
            for (size_t t = 0; t < ww; t++)
                s += row[t];
        }
        const double cnt = (double)n * (double)ww, mu = s / cnt;
        for (size_t i = 0; i < n; i++) {
            const float *row = images + (i * hh + m) * ww;
            for (size_t t = 0; t < ww; t++)
                ss += (row[t] - mu) * (row[t] - mu);
        }
        const double sd = sqrt(ss / cnt);
        if (!isfinite(mu) || !isfinite(sd))
            return ser_error_set(err, SER_ERR_NONFINITE, "cnn_fit_normalisation: band %zu is not finite", m);
        net->band_mean[m] = (float)mu;
        net->band_std[m] = (float)(sd > 1e-3 ? sd : 1e-3);
    }
    return SER_OK;
}
