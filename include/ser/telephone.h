/* ser/telephone.h - simulate a narrow-band telephone channel on a mono
 * float signal: resample to the line rate (8000 Hz), band-pass 300-3400 Hz
 * (4th-order Butterworth high-pass and low-pass, G.712's pass band), G.711
 * µ-law round trip, optional packet-loss gaps (whole packets set to
 * silence, each lost with probability loss_rate, seeded), and back to the
 * signal's rate.  Used to train models that hold up on phone calls
 * (augmentation) and to test them on telephone-band audio.
 *
 * Units: rates in Hz; packets in milliseconds of line audio; samples are
 * float, nominally [-1, 1] (µ-law clips at ±32635/32768). */
#ifndef SER_TELEPHONE_H
#define SER_TELEPHONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ser/resample.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_telephone_config {
    int line_rate;                /* Hz of the line; default 8000 */
    double low_hz;                /* high-pass corner, Hz; default 300 (0 = none) */
    double high_hz;               /* low-pass corner, Hz; default 3400 (0 = none; < line_rate / 2) */
    bool mulaw;                   /* G.711 µ-law round trip; default true */
    double loss_rate;             /* share of packets lost, [0, 1); default 0 */
    double packet_ms;             /* packet length, ms; default 20 */
    uint64_t seed;                /* packet-loss draws; default 0 */
    ser_resample_quality quality; /* default SER_RESAMPLE_HQ */
} ser_telephone_config;

ser_telephone_config ser_telephone_config_default(void);

/* Pass n samples at sample_rate (Hz) through the channel, in place: the
 * output has the same length and rate (the line audio resampled back, cut
 * or zero-padded to n).  Deterministic for a given config.  Allocates
 * working buffers (not for per-chunk streaming use).  SER_ERR_ARG on a bad
 * config or rate, SER_ERR_NOMEM, SER_ERR_EXTERNAL from the resampler. */
ser_status ser_telephone_apply(const ser_telephone_config *cfg, float *samples, size_t n, int sample_rate,
                               ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
