/* Model files from memory (ser_model_load_memory): the bytes as they are,
 * then again with the lengths and the CRC-32 made consistent, so that the
 * mutations reach the JSON header and the payload decoders.  A model that
 * loads must also predict on a zero vector. */
#include "fuzz_common.h"

#include "ser/checksum.h"
#include "ser/model.h"

static void load_and_use(const uint8_t *data, size_t size)
{
    ser_model *m = NULL;
    ser_error err;
    if (ser_model_load_memory(data, size, &m, &err) != SER_OK)
        return;
    size_t dim = ser_model_n_features(m), k = ser_model_n_classes(m);
    ser_model_ctx *ctx = NULL;
    float *x = calloc(dim ? dim : 1, sizeof *x);
    double *p = calloc(k ? k : 1, sizeof *p);
    if (x && p && ser_model_ctx_create(m, &ctx) == SER_OK) {
        int label = -1;
        if (ser_model_predict(m, ctx, x, dim, p, k, &label) == SER_OK && (label < 0 || (size_t)label >= k))
            abort(); /* a class the model does not have */
        ser_model_ctx_destroy(ctx);
    }
    free(x);
    free(p);
    ser_model_destroy(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load_and_use(data, size);
    if (size < 28 || memcmp(data, SER_MODEL_MAGIC, 8) != 0)
        return 0;
    uint8_t *fixed = malloc(size);
    if (!fixed)
        return 0;
    memcpy(fixed, data, size);
    uint32_t h = (uint32_t)fixed[12] | (uint32_t)fixed[13] << 8 | (uint32_t)fixed[14] << 16 |
                 (uint32_t)fixed[15] << 24;
    if ((uint64_t)h <= size - 28) {
        uint64_t p = size - 28 - h;
        for (int i = 0; i < 8; i++)
            fixed[16 + i] = (uint8_t)(p >> (8 * i));
    }
    uint32_t crc = ser_crc32(0, fixed, size - 4);
    for (int i = 0; i < 4; i++)
        fixed[size - 4 + i] = (uint8_t)(crc >> (8 * i));
    load_and_use(fixed, size);
    free(fixed);
    return 0;
}
