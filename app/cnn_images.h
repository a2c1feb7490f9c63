/* cnn_images.h - the CNN's input from audio: each clip decoded and
 * preprocessed like the feature path (ser_load_config), its log-mel
 * spectrogram (logmel_frames.h: n_mels Slaney mels, default 128, n_fft
 * 2048, hop 512, power_to_db over the clip) brought to n_frames columns by
 * ser_cnn_fit_length.  The feature-set name is "logmel<mels>x<frames>"
 * (e.g. logmel128x128); the model's features.config records it with the
 * preprocessing (audio_table.h) plus "n_mels", "n_frames", "n_fft" and
 * "hop_length". */
#ifndef SER_APP_CNN_IMAGES_H
#define SER_APP_CNN_IMAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "audio_inputs.h"
#include "batch_errors.h"
#include "feature_table.h"
#include "logmel_frames.h"
#include "ser/audio.h"
#include "ser/augment.h"
#include "ser/vad.h"

/* The image's size: mel bands (rows) by frames (columns). */
typedef struct cnn_image_size {
    size_t n_mels, n_frames;
} cnn_image_size;

/* One clip's image into image (n_mels x n_frames).  *lm is created or
 * re-created for the clip's rate and the size's mel bands (destroy it
 * after).  Message in err. */
ser_status cnn_clip_image(logmel_frames **lm, const ser_audio *audio, cnn_image_size size, float *image,
                          ser_error *err);

/* Training copies of every clip: copy r of item i is ser_augment_audio
 * of the decoded clip with a generator seeded from (seed, i, r), so the
 * copies do not depend on the thread count. */
typedef struct cnn_augment {
    ser_augment_config cfg;
    size_t copies;  /* per clip; 0 = none */
    uint64_t seed;
} cnn_augment;

/* Images of n items on `threads` threads (progress bar on stderr):
 * images (n x n_mels x n_frames); ok[i] false with errors[i]
 * (malloc'd) for a clip that could not be read or analysed. */
ser_status cnn_images_extract(const ser_dataset_item *items, size_t n, const ser_load_config *load, int threads,
                              cnn_image_size size, float *images, bool *ok, char **errors);
/* The same with aug (NULL or 0 copies: none): copies into aug_images
 * (n x copies images, item-major). */
ser_status cnn_images_extract_aug(const ser_dataset_item *items, size_t n, const ser_load_config *load, int threads,
                                  cnn_image_size size, const cnn_augment *aug, float *images, float *aug_images,
                                  bool *ok, char **errors);

/* A CNN's training data: the table's labels, speakers and classes (x
 * unused, dim 0) with one image per row. */
typedef struct cnn_data {
    feature_table t;
    float *images;
    cnn_image_size size;
    float *aug;     /* copies per row (t.n x copies images, row-major), or NULL */
    size_t copies;
} cnn_data;

/* Collect the inputs (or the protocol's corpus under data_root), extract
 * the images, number the classes (labels already mapped by map).  Skipped
 * inputs go to errs.  Returns -1 on success, else an exit code after
 * printing. */
int cnn_data_load(const char *cmd, char *const *inputs, int n_inputs, const ser_protocol *protocol,
                  const char *data_root, const ser_label_map *map, const ser_load_config *load, int threads,
                  cnn_image_size size, const cnn_augment *aug, cnn_data *d, batch_errors *errs);
void cnn_data_free(cnn_data *d);
/* --speaker-norm: every image (and copy) standardised per mel band by its
 * speaker's statistics over that speaker's original images
 * (ser_speaker_normalize_bands).  Returns -1 on success, else an exit code
 * after printing (a clip with no speaker). */
int cnn_speaker_normalize(const char *cmd, cnn_data *d);

/* images (n x n_mels x n_frames) as NumPy float32 (n, mels, frames)
 * to path, labels y as int32 (n) to path + ".labels.npy" (path's ".npy"
 * replaced).  Returns -1 on success, else an exit code after printing. */
int cnn_images_write_npy(const char *cmd, const char *path, const float *images, size_t n, cnn_image_size size,
                         const int *y);

/* "logmel<mels>x<frames>" into buf. */
void cnn_set_name(cnn_image_size size, char *buf, size_t len);
/* features.config JSON (cJSON_free it), or NULL. */
char *cnn_config_json(cnn_image_size size, const ser_load_config *load);

#endif
