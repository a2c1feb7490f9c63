/* Whole-signal sample-rate conversion, built on the streaming resampler so
 * that both give the same samples. */
#include "ser/resample.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"

ser_status ser_resample_buffer(const float *in, size_t n_in, double input_rate, double output_rate,
                               ser_resample_quality quality, float **out, size_t *n_out, ser_error *err)
{
    if (!out || !n_out || (n_in && !in))
        return ser_error_set(err, SER_ERR_ARG, "resample: NULL buffer");
    *out = NULL;
    *n_out = 0;
    ser_resampler_config cfg = ser_resampler_config_default();
    cfg.input_rate = input_rate;
    cfg.output_rate = output_rate;
    cfg.quality = quality;
    cfg.max_chunk = 65536;
    ser_status st = SER_OK;
    ser_resampler *r = ser_resampler_create(&cfg, &st);
    if (!r)
        return ser_error_set(err, st, "resample %g Hz -> %g Hz: %s", input_rate, output_rate, ser_strerror(st));

    /* Final length is round(n_in * ratio); allow the per-call bound on top. */
    double expect = ceil((double)n_in * output_rate / input_rate);
    size_t bound = ser_resampler_max_output(r);
    size_t cap;
    if (!(expect < (double)SIZE_MAX / 2) || !ser_size_add((size_t)expect, bound, &cap)) {
        ser_resampler_destroy(r);
        return ser_error_set(err, SER_ERR_OVERFLOW, "resample: %zu samples at ratio %g overflow", n_in,
                             output_rate / input_rate);
    }
    float *buf = ser_alloc_array(cap ? cap : 1, sizeof *buf);
    if (!buf) {
        ser_resampler_destroy(r);
        return ser_error_set(err, SER_ERR_NOMEM, "resample: cannot allocate %zu samples", cap);
    }
    size_t done = 0, used = 0;
    while (st == SER_OK && used < n_in) {
        size_t n = n_in - used < cfg.max_chunk ? n_in - used : cfg.max_chunk;
        size_t got = 0;
        if (cap - done < bound)
            st = SER_ERR_OVERFLOW;
        else
            st = ser_resampler_process(r, in + used, n, buf + done, cap - done, &got);
        used += n;
        done += got;
    }
    for (;;) {
        size_t got = 0;
        if (st != SER_OK)
            break;
        if (cap - done < bound) {
            st = SER_ERR_OVERFLOW;
            break;
        }
        st = ser_resampler_flush(r, buf + done, cap - done, &got);
        done += got;
        if (got == 0)
            break;
    }
    ser_resampler_destroy(r);
    if (st != SER_OK) {
        free(buf);
        return ser_error_set(err, st, "resample %g Hz -> %g Hz failed: %s", input_rate, output_rate,
                             ser_strerror(st));
    }
    *out = buf;
    *n_out = done;
    return SER_OK;
}
