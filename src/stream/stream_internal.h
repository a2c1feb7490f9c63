/* stream_internal.h - the live analyser's state, shared by its files. */
#ifndef SER_STREAM_INTERNAL_H
#define SER_STREAM_INTERNAL_H

#include <stdint.h>

#include "ser/frame_window.h"
#include "ser/resample.h"
#include "ser/speaker_norm.h"
#include "ser/stream.h"

struct ser_stream {
    ser_stream_config cfg;
    char *track, *call_id;
    const ser_model *model;
    ser_model_ctx *ctx;
    size_t n_classes;
    ser_label *class_labels;  /* canonical label of each class (SER_LABEL_NONE if not one) */
    const char **label_names; /* the model's names */
    ser_frame_stream *fs;
    ser_frame_window *w;
    ser_resampler *rs;        /* NULL when the input is at the model's rate */
    double rate;              /* the model's rate, Hz */
    size_t n_fft_half, hop_len, win_frames, hop_frames;
    size_t rms_col, zcr_col, flat_col;
    size_t frame_bytes;       /* bytes of one input frame (channels x sample) */
    unsigned char *carry;     /* partial frame between pushes */
    size_t n_carry;
    float *in_buf;            /* max_chunk x channels */
    float *mono;              /* max_chunk */
    float *rs_out;            /* resampler output */
    size_t rs_cap;
    size_t cnn_frames;        /* a CNN model: its image's frames (0: a seed-set model) */
    size_t mel_db_col;        /* CNN: the mel dB block of a row */
    float *mel_img;           /* CNN: the window's mel dB rows, floored (win_frames x CNN_MELS) */
    double *vec;              /* the model's vector */
    double *sn_buf;           /* speaker-norm model: the call's running statistics (else NULL) */
    ser_speaker_running sn;
    float *fvec;
    double *probs, *smooth;
    bool have_smooth, flushed;
    ser_trend trend;
    size_t frames, since;     /* rows seen; rows since the last analysis */
    uint64_t in_frames;
    size_t events;
    ser_status cb_status;     /* first failure inside the row callback */
    ser_stream_event_fn fn;   /* the current push's callback */
    void *user;
};

/* Mel bands of the log-mel image of a CNN model the stream computes
 * (ser/cnn.h; feature set logmel128x<frames>); other counts are refused. */
#define CNN_MELS 128

/* A plan's pool of model contexts (CNN models): whether it lends them, and
 * borrow (waits for a free one) / return. */
bool ser__stream_plan_lends(const ser_stream_plan *plan);
ser_model_ctx *ser__stream_plan_borrow(const ser_stream_plan *plan, size_t *slot);
void ser__stream_plan_return(const ser_stream_plan *plan, size_t slot);

/* Analyse the last min(count, window) rows and emit the events. */
void ser__stream_analyse(ser_stream *s);

#endif
