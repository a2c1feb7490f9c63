/* ser/pcm.h - pure sample-buffer conversions: raw PCM encodings to float,
 * G.711 µ-law / A-law, channel downmix and selection.
 *
 * Every function here works on caller-owned buffers, never allocates and
 * never fails except on arguments, so a streaming module can call them per
 * chunk.  Float samples are nominally in [-1, 1]: 16-bit values map to
 * int16 / 32768 exactly (the same rule libsndfile and soundfile use), and
 * G.711 codes map to their 16-bit linear value / 32768.
 * "frames" counts multi-channel sample instants; a buffer of n frames with
 * c channels holds n*c interleaved samples. */
#ifndef SER_PCM_H
#define SER_PCM_H

#include <stddef.h>
#include <stdint.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Encodings of headerless ("raw") PCM.  SER_RAW_NONE means "not raw: let
 * libsndfile read the container". */
typedef enum ser_raw_encoding {
    SER_RAW_NONE = 0,
    SER_RAW_S16LE = 1, /* signed 16-bit little-endian, 2 bytes/sample */
    SER_RAW_F32LE = 2, /* IEEE float32 little-endian, 4 bytes/sample */
    SER_RAW_ULAW = 3,  /* G.711 µ-law, 1 byte/sample */
    SER_RAW_ALAW = 4   /* G.711 A-law, 1 byte/sample */
} ser_raw_encoding;

/* Bytes per sample of an encoding (0 for SER_RAW_NONE / unknown). */
size_t ser_raw_bytes_per_sample(ser_raw_encoding encoding);
/* "s16le", "f32le", "ulaw", "alaw" (or "none"); static string. */
const char *ser_raw_encoding_name(ser_raw_encoding encoding);
/* Parse the names above (also "mulaw", "u-law", "a-law", "s16", "f32");
 * SER_ERR_PARSE on anything else. */
ser_status ser_raw_encoding_parse(const char *text, ser_raw_encoding *encoding);

/* G.711 (ITU-T, as in Sun's reference g711.c and libsndfile): the 16-bit
 * linear value of one code.  µ-law spans [-32124, 32124], A-law
 * [-32256, 32256]. */
int16_t ser_g711_ulaw_to_s16(uint8_t code);
int16_t ser_g711_alaw_to_s16(uint8_t code);
/* The µ-law code of a 16-bit linear value (Sun's linear2ulaw: bias 0x84,
 * magnitude clipped to 32635); ser_g711_ulaw_to_s16 of the result is the
 * centre of the code's quantisation step.  0 encodes as 0xFF. */
uint8_t ser_g711_s16_to_ulaw(int16_t value);

/* Convert n samples (not frames) of raw bytes to float.  `in` holds
 * n * ser_raw_bytes_per_sample(encoding) bytes, any alignment, little-endian
 * regardless of the host.  f32le values are copied as they are (they may be
 * non-finite or outside [-1, 1]; the loader checks).  Returns SER_ERR_ARG
 * for SER_RAW_NONE. */
ser_status ser_pcm_decode(ser_raw_encoding encoding, const void *in, size_t n, float *out);

/* The per-encoding converters behind ser_pcm_decode. */
void ser_pcm_s16le_to_float(const void *in, size_t n, float *out);
void ser_pcm_f32le_to_float(const void *in, size_t n, float *out);
void ser_pcm_ulaw_to_float(const uint8_t *in, size_t n, float *out);
void ser_pcm_alaw_to_float(const uint8_t *in, size_t n, float *out);

/* Downmix interleaved frames to mono by the mean over channels:
 * out[i] = (sum_c in[i*channels + c]) / channels, summed in double.
 * For two 16-bit channels this equals numpy's float32 mean (L+R)/2 exactly.
 * in and out may be the same buffer. */
void ser_pcm_downmix_mean(const float *in, size_t frames, int channels, float *out);

/* Copy channel `channel` (0-based, < channels) of interleaved frames to a
 * mono buffer.  in and out may be the same buffer. */
void ser_pcm_select_channel(const float *in, size_t frames, int channels, int channel, float *out);

#ifdef __cplusplus
}
#endif
#endif
