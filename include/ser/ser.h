/* ser/ser.h - umbrella header for libser, speech emotion recognition.
 * Include this, or the per-concern headers it lists. */
#ifndef SER_SER_H
#define SER_SER_H

#include "ser/status.h"
#include "ser/version.h"
#include "ser/rng.h"
#include "ser/util.h"
#include "ser/fft.h"
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
#include "ser/aggregate.h"
#include "ser/audio.h"
#include "ser/istft.h"
#include "ser/denoise.h"
#include "ser/labels.h"
#include "ser/dataset.h"
#include "ser/split.h"
#include "ser/protocol.h"
#include "ser/pitch.h"
#include "ser/prosody.h"
#include "ser/checksum.h"
#include "ser/atomic_file.h"
#include "ser/metrics.h"
#include "ser/model.h" /* + scaler.h, svm.h, trees.h, class_weight.h */

#endif
