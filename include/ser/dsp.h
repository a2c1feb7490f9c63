/* ser/dsp.h - the librosa-faithful spectral DSP and the seed vector, one
 * header per concern:
 *   kernel.h   plain C / AVX2 builds of the hot loops (same bits)
 *   rfft64.h   double-precision real FFT
 *   frames.h   framing with librosa's centre padding (zeros, edge, reflect)
 *   stft.h     STFT power spectrum, frame by frame or whole buffer
 *   mel.h      Slaney / HTK mel scale and filterbank
 *   db.h       power_to_db with file-wide, fixed or no floor
 *   dct.h      orthonormal DCT-II
 *   mfcc.h     MFCC from dB mel frames
 *   tuning.h   librosa's tuning estimate (piptrack)
 *   chroma.h   chroma filterbank and frames
 *   contrast.h spectral contrast (and our low-sample-rate bands)
 *   spectral.h centroid, bandwidth, rolloff, flatness
 *   rms.h, zcr.h  time-domain frame features
 *   seed.h     the 320-dim seed vector */
#ifndef SER_DSP_H
#define SER_DSP_H

#include "ser/kernel.h"
#include "ser/rfft64.h"
#include "ser/frames.h"
#include "ser/stft.h"
#include "ser/mel.h"
#include "ser/db.h"
#include "ser/dct.h"
#include "ser/mfcc.h"
#include "ser/tuning.h"
#include "ser/chroma.h"
#include "ser/contrast.h"
#include "ser/spectral.h"
#include "ser/rms.h"
#include "ser/zcr.h"
#include "ser/seed.h"

#endif
