/* ser/ser.h - umbrella header for libser, speech emotion recognition.
 * Include this, or the per-concern headers it lists. */
#ifndef SER_SER_H
#define SER_SER_H

#include "ser/status.h"
#include "ser/version.h"
#include "ser/rng.h"
#include "ser/util.h"
#include "ser/fft.h"
#include "ser/dsp.h" /* STFT, mel, MFCC, chroma, contrast, ..., seed vector */
#include "ser/aggregate.h"
#include "ser/frame_window.h" /* + frame_stream.h: frame rows chunk by chunk, sliding-window stats */
#include "ser/audio.h"
#include "ser/istft.h"
#include "ser/denoise.h"
#include "ser/telephone.h" /* narrow-band phone channel simulation */
#include "ser/labels.h"
#include "ser/dataset.h"
#include "ser/split.h"
#include "ser/protocol.h"
#include "ser/pitch.h"
#include "ser/vad.h"
#include "ser/prosody.h"
#include "ser/checksum.h"
#include "ser/atomic_file.h"
#include "ser/metrics.h"
#include "ser/model.h" /* + scaler.h, svm.h, trees.h, class_weight.h */
#include "ser/search.h"
#include "ser/evaluate.h"
#include "ser/cnn.h" /* CNN on log-mel images (OpenBLAS) */
#include "ser/speaker_norm.h"
#include "ser/stream.h" /* + trend.h, rules.h, affect.h: the live analyser */
#include "ser/pca.h"
#include "ser/augment.h"

#endif
