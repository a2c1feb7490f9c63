/* predict.c - class probabilities in inference mode, max_batch at a time. */
#include "ml/cnn/cnn_internal.h"

#include <string.h>

ser_status ser_cnn_predict(ser_cnn *net, const float *images, size_t n, float *probs, ser_error *err)
{
    if (!net || (n && (!images || !probs)))
        return ser_error_set(err, SER_ERR_ARG, "cnn_predict: NULL argument");
    const size_t img = net->cfg.n_mels * net->cfg.n_frames, k = net->cfg.n_classes;
    for (size_t s = 0; s < n; s += net->cfg.max_batch) {
        const size_t m = n - s < net->cfg.max_batch ? n - s : net->cfg.max_batch;
        ser__cnn_forward(net, images + s * img, m, SER__CNN_INFER);
        memcpy(probs + s * k, net->probs, m * k * sizeof *probs);
    }
    return SER_OK;
}
