/* model_fixture.h - small trained models for the model-file tests. */
#ifndef SER_TESTS_ML_MODEL_FIXTURE_H
#define SER_TESTS_ML_MODEL_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blobs.h"
#include "ser/model.h"

#define FIX_D 6
#define FIX_K 3

static const char *const fix_names[FIX_D] = {"mfcc1_mean", "mfcc2_mean", "mfcc3_mean",
                                             "rms_mean",   "zcr_mean",   "centroid_mean"};
static const char *const fix_labels[FIX_K] = {"angry", "neutral", "sad"};

/* Training data: blobs with float-exact values, shifted and scaled so
 * that the scaler matters. */
static inline blobs fix_data(uint64_t seed)
{
    blobs b = blobs_make(40, FIX_K, FIX_D, 1.0, seed);
    for (size_t i = 0; i < b.n * b.d; i++)
        b.x[i] = (double)(float)(b.x[i] * (double)(1 + i % FIX_D) * 3.0 + 10.0 * (double)(i % FIX_D));
    return b;
}

static inline void fix_meta(ser_model_meta *m, const blobs *b)
{
    ser_model_meta_default(m);
    m->feature_set = "test6";
    m->feature_names = fix_names;
    m->n_features = FIX_D;
    m->feature_config_json = "{\"n_mfcc\": 3, \"stats\": [\"mean\"]}";
    m->sample_rate = 16000;
    m->label_names = fix_labels;
    m->n_classes = FIX_K;
    m->n_train = b->n;
    m->data_fingerprint = ser_data_fingerprint(b->x, b->n, b->d, b->y);
    m->cv_metrics_json = "{\"accuracy\": 0.9, \"uar\": 0.89}";
    m->command_line = "ser train test --kind svm";
    m->seed = 42;
}

/* kind: SER_MODEL_SVM, SER_MODEL_FOREST or SER_MODEL_BOOST. */
static inline ser_model *fix_model(ser_model_kind kind, const blobs *b, uint64_t seed)
{
    ser_scaler *sc = NULL;
    ser_error err;
    if (ser_scaler_fit(b->x, b->n, b->d, &sc, &err) != SER_OK)
        return NULL;
    double *xs = malloc(b->n * b->d * sizeof *xs);
    memcpy(xs, b->x, b->n * b->d * sizeof *xs);
    ser_scaler_transform(sc, xs, b->n);
    ser_model_meta meta;
    fix_meta(&meta, b);
    meta.seed = seed;
    ser_model *m = NULL;
    ser_status st;
    if (kind == SER_MODEL_SVM) {
        ser_svm_config cfg;
        ser_svm_config_default(&cfg);
        cfg.seed = seed;
        ser_svm *svm = NULL;
        st = ser_svm_train(xs, b->n, b->d, b->y, FIX_K, &cfg, &svm, &err);
        if (st == SER_OK)
            st = ser_model_create_svm(&meta, sc, svm, &m, &err);
        ser_svm_destroy(svm);
    } else {
        ser_trees_config cfg;
        ser_trees_config_default(&cfg, kind == SER_MODEL_FOREST ? SER_TREES_FOREST : SER_TREES_BOOST);
        cfg.n_estimators = 8;
        cfg.seed = seed;
        ser_trees *t = NULL;
        st = ser_trees_train(xs, b->n, b->d, b->y, FIX_K, &cfg, &t, &err);
        if (st == SER_OK)
            st = ser_model_create_trees(&meta, sc, t, &m, &err);
        ser_trees_destroy(t);
    }
    if (st != SER_OK)
        fprintf(stderr, "fix_model: %s\n", err.message);
    free(xs);
    ser_scaler_destroy(sc);
    return m;
}

#endif
