/* model_internal.h - the ser_model struct and the pieces shared by the
 * model files (private to src/ml). */
#ifndef SER_ML_MODEL_INTERNAL_H
#define SER_ML_MODEL_INTERNAL_H

#include "ser/model.h"

struct ser_model {
    ser_model_kind kind;
    char *header_json; /* NUL-terminated, exactly the file's header bytes */
    char *feature_set;
    char **feature_names;
    size_t n_features;
    char **labels;
    size_t n_classes;
    uint64_t layout_hash;
    double sample_rate;
    ser_scaler *scaler;
    double *sn_mean, *sn_std; /* speaker-normalisation prior (n_features each), or NULL */
    ser_svm *svm;     /* kind svm */
    ser_trees *trees; /* kind forest / boost */
    ser_cnn *cnn;     /* kind cnn (never predicted through: each ctx has its own copy) */
};

/* JSON header text (malloc'd, NUL-terminated) for a new model. */
ser_status ser__model_header_build(const ser_model_meta *meta, const ser_scaler *scaler, const ser_svm *svm,
                                   const ser_trees *trees, const ser_cnn *cnn, char **text, ser_error *err);

/* A cnn model's generated feature names, "mel<m>_t<t>" mel-major
 * (n_mels * n_frames of them, each malloc'd), or NULL (out of memory). */
char **ser__cnn_feature_names(size_t n_mels, size_t n_frames);
void ser__free_names(char **names, size_t n);

/* Parse header text (len bytes, need not be NUL-terminated) into a new
 * model's descriptive fields and scaler (no classifier yet).  `name`
 * (file name or "<memory>") prefixes error messages. */
ser_status ser__model_header_parse(const char *text, size_t len, const char *name, ser_model **out,
                                   ser_error *err);

/* Header + payload -> model, checking that they agree.  Used both when
 * creating a model (so that a new model is exactly what loading its file
 * gives) and when loading. */
ser_status ser__model_assemble(const char *header, size_t header_len, const unsigned char *payload,
                               size_t payload_len, const char *name, ser_model **out, ser_error *err);

#endif
