/* ser/cnn_codec.h - a trained network as bytes (the "cnn" model file's
 * payload; docs/model-format.md) and back.
 *
 * The bytes hold the architecture (ser_cnn_config less max_batch), every
 * parameter, every batch norm's inference statistics and the band
 * normalisation, as little-endian float32 bit patterns: a decoded network
 * predicts exactly (bit for bit) what the encoded one did. */
#ifndef SER_CNN_CODEC_H
#define SER_CNN_CODEC_H

#include <stddef.h>

#include "ser/cnn.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* malloc'd bytes into *data (free() them), length *len.  SER_ERR_NOMEM. */
ser_status ser_cnn_encode(const ser_cnn *net, unsigned char **data, size_t *len, ser_error *err);

/* A new network from ser_cnn_encode's bytes, sized for batches of up to
 * max_batch images.  SER_ERR_FORMAT for a wrong tag, an invalid
 * architecture or non-finite values, SER_ERR_TRUNCATED for missing
 * bytes, SER_ERR_NOMEM. */
ser_status ser_cnn_decode(const unsigned char *data, size_t len, size_t max_batch, ser_cnn **out, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
