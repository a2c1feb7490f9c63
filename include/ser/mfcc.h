/* ser/mfcc.h - mel-frequency cepstral coefficients (librosa.feature.mfcc).
 *
 * mfcc = DCT-II orthonormal (ser/dct.h) of the mel spectrogram in dB
 * (ser/mel.h then ser/db.h: power_to_db(ref=1, amin=1e-10, top_db=80)),
 * first n_mfcc coefficients; with lifter L > 0 coefficient c is scaled by
 * 1 + (L/2) sin(pi (c+1) / L) (librosa's liftering).  The dB floor over
 * the whole file is applied before this step, see ser/db.h. */
#ifndef SER_MFCC_H
#define SER_MFCC_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_mfcc_config {
    size_t n_mels; /* input bands (128) */
    size_t n_mfcc; /* coefficients kept, <= n_mels (13; the seed vector uses 13, librosa 20) */
    double lifter; /* 0 = none (0) */
} ser_mfcc_config;

ser_mfcc_config ser_mfcc_config_default(void);

typedef struct ser_mfcc ser_mfcc;

ser_mfcc *ser_mfcc_create(const ser_mfcc_config *cfg, ser_status *err);
void ser_mfcc_destroy(ser_mfcc *mfcc);
size_t ser_mfcc_n_mfcc(const ser_mfcc *mfcc);

/* mel_db: n_mels values in dB; out: n_mfcc coefficients.  Never allocates. */
void ser_mfcc_process(const ser_mfcc *mfcc, const float *mel_db, float *out);

#ifdef __cplusplus
}
#endif
#endif
