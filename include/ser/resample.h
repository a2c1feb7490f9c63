/* ser/resample.h - sample-rate conversion with libsoxr (mono float).
 *
 * Two ways in: ser_resample_buffer() converts a whole signal in one call;
 * a ser_resampler object converts a stream chunk by chunk (live audio) and
 * gives the same samples as the whole-buffer call for any chunking.
 * Rates are in Hz.  Output sample k lies at time k / output_rate seconds,
 * the same instant as input sample k * input_rate / output_rate (libsoxr
 * compensates its filter delay).  A whole signal of n input samples
 * becomes round(n * output_rate / input_rate) output samples. */
#ifndef SER_RESAMPLE_H
#define SER_RESAMPLE_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* libsoxr recipes: HQ = 20-bit precision, VHQ = 28-bit; both linear phase,
 * passband to 91.3% of the lower Nyquist rate (libsoxr's defaults). */
typedef enum ser_resample_quality { SER_RESAMPLE_HQ = 0, SER_RESAMPLE_VHQ = 1 } ser_resample_quality;

typedef struct ser_resampler_config {
    double input_rate;            /* Hz, > 0 */
    double output_rate;           /* Hz, > 0 */
    ser_resample_quality quality; /* default SER_RESAMPLE_HQ */
    size_t max_chunk;             /* most input samples one process call takes (default 4096) */
} ser_resampler_config;

/* Defaults: 16000 -> 16000 Hz, HQ, max_chunk 4096. */
ser_resampler_config ser_resampler_config_default(void);

typedef struct ser_resampler ser_resampler;

/* NULL (and *err) on bad rates (SER_ERR_ARG) or a libsoxr failure
 * (SER_ERR_EXTERNAL).  Equal rates give an exact pass-through. */
ser_resampler *ser_resampler_create(const ser_resampler_config *cfg, ser_status *err);
void ser_resampler_destroy(ser_resampler *r);

/* Most output samples one process call with n_in input samples (n_in <=
 * max_chunk) or one flush can produce: size `out` with this at create
 * time.  Depends only on the config. */
size_t ser_resampler_max_output(const ser_resampler *r);

/* Feed n_in samples (n_in <= max_chunk, else SER_ERR_ARG), all consumed;
 * writes *n_out <= out_capacity samples to out.  Holds back what the
 * filter still needs (about its delay) until later input or flush.
 * SER_ERR_OVERFLOW if out_capacity < ser_resampler_max_output(r).  libser
 * code here never allocates; libsoxr grows its internal FIFOs early in a
 * stream (about the first 0.1 s with 1-sample chunks) and when a chunk
 * larger than any before arrives, then reuses them: with a fixed chunk
 * size a warm resampler allocates nothing (counting-allocator test). */
ser_status ser_resampler_process(ser_resampler *r, const float *in, size_t n_in, float *out, size_t out_capacity,
                                 size_t *n_out);

/* End of stream: writes the held-back tail (<= ser_resampler_max_output).
 * Call it until *n_out is 0 to be sure the tail is out.  After the
 * stream has ended, process returns SER_ERR_STATE until reset. */
ser_status ser_resampler_flush(ser_resampler *r, float *out, size_t out_capacity, size_t *n_out);

/* Forget the stream; ready for a new one with the same rates. */
ser_status ser_resampler_reset(ser_resampler *r);

/* Whole signal: *out (malloc'd, free()) gets *n_out =
 * round(n_in * output_rate / input_rate) samples.  Equal rates copy. */
ser_status ser_resample_buffer(const float *in, size_t n_in, double input_rate, double output_rate,
                               ser_resample_quality quality, float **out, size_t *n_out, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
