/* fuzz_model.h - the model of the stream fuzz targets: an SVM of the
 * streaming "seed" layout at 16 kHz trained on seeded random vectors (its
 * predictions mean nothing; the path through framing, features, gating,
 * model, trend and rules is what is exercised). */
#ifndef SER_FUZZ_MODEL_H
#define SER_FUZZ_MODEL_H

#include <stdlib.h>

#include "ser/features.h"
#include "ser/model.h"
#include "ser/rng.h"
#include "ser/scaler.h"
#include "ser/svm.h"

static ser_model *fz_stream_model(void)
{
    ser_status st;
    ser_error err;
    ser_feature_set_config *c = ser_feature_set_parse("seed", &st, &err);
    if (!c)
        return NULL;
    ser_feature_set_set_streaming(c, true);
    ser_extractor *ex = ser_extractor_create(c, 16000, &st, &err);
    size_t d = ex ? ser_extractor_dim(ex) : 0, n = 40;
    double *x = malloc(n * d * sizeof *x);
    int *y = malloc(n * sizeof *y);
    const char **names = malloc(d * sizeof *names);
    ser_model *m = NULL;
    ser_scaler *sc = NULL;
    ser_svm *svm = NULL;
    if (ex && x && y && names) {
        ser_rng rng;
        ser_rng_seed(&rng, 1);
        for (size_t i = 0; i < n; i++) {
            y[i] = (int)(i % 2);
            for (size_t j = 0; j < d; j++)
                x[i * d + j] = ser_rng_normal(&rng) + (double)y[i];
        }
        for (size_t j = 0; j < d; j++)
            names[j] = ser_extractor_name(ex, j);
        ser_svm_config sv;
        ser_svm_config_default(&sv);
        sv.probability = true;
        static const char *const labels[2] = {"neutral", "angry"};
        ser_model_meta meta;
        ser_model_meta_default(&meta);
        meta.feature_set = "seed";
        meta.feature_names = names;
        meta.n_features = d;
        meta.sample_rate = 16000;
        meta.label_names = labels;
        meta.n_classes = 2;
        meta.n_train = n;
        if (ser_scaler_fit(x, n, d, &sc, &err) == SER_OK) {
            ser_scaler_transform(sc, x, n);
            if (ser_svm_train(x, n, d, y, 2, &sv, &svm, &err) == SER_OK)
                ser_model_create_svm(&meta, sc, svm, &m, &err);
        }
    }
    ser_svm_destroy(svm);
    ser_scaler_destroy(sc);
    free(names);
    free(x);
    free(y);
    ser_extractor_destroy(ex);
    ser_feature_set_config_destroy(c);
    return m;
}

#endif
