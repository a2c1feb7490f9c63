/* logmel_frames.h - the CNN's log-mel rows of a clip, any number of mel
 * bands: librosa's melspectrogram + power_to_db with its defaults (STFT
 * n_fft 2048, hop 512, periodic Hann, centre zero padding; Slaney mel bank
 * of n_mels bands; power_to_db over the whole clip, 80 dB floor below its
 * maximum).  At 128 bands the rows are ser_seed's SER_SEED_PART_MEL_DB,
 * bit for bit (the same STFT, filterbank and dB steps), without the seed
 * vector's other features. */
#ifndef SER_APP_LOGMEL_FRAMES_H
#define SER_APP_LOGMEL_FRAMES_H

#include <stddef.h>

#include "ser/status.h"

typedef struct logmel_frames logmel_frames;

/* For samples at sample_rate Hz; NULL with the reason in err. */
logmel_frames *logmel_frames_create(int sample_rate, size_t n_mels, ser_error *err);
void logmel_frames_destroy(logmel_frames *lm);
int logmel_frames_sample_rate(const logmel_frames *lm);
size_t logmel_frames_n_mels(const logmel_frames *lm);

/* The rows of x[0..n) (mono, [-1, 1]): *rows points at *n_rows rows of
 * n_mels dB values, row-major (frames, mels), valid until the next call.
 * SER_ERR_EMPTY for no samples, SER_ERR_NONFINITE for a NaN or infinite
 * sample, SER_ERR_NOMEM. */
ser_status logmel_frames_compute(logmel_frames *lm, const float *x, size_t n, const float **rows, size_t *n_rows,
                                 ser_error *err);

#endif
