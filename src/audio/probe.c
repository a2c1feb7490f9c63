/* ser_audio_probe: a file's facts and levels over all channels at the
 * native rate, decoding chunk by chunk (constant memory). */
#include "ser/audio.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"
#include "source.h"

static ser_status probe_input(const ser__input *in, const ser_load_config *cfg_in, ser_audio_probe_result *out,
                              ser_error *err)
{
    ser_error_clear(err);
    if (!out)
        return ser_error_set(err, SER_ERR_ARG, "%s: no output given", in->name);
    memset(out, 0, sizeof *out);
    ser_load_config cfg = cfg_in ? *cfg_in : ser_load_config_default();
    ser__source src;
    ser_status st = ser__source_open(&src, in, &cfg, err);
    if (st != SER_OK)
        return st;
    float *buf = ser_alloc_array((size_t)SER__SOURCE_CHUNK * (size_t)src.info.channels, sizeof *buf);
    if (!buf) {
        ser__source_close(&src);
        return ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", in->name);
    }
    double peak = 0.0, sum_sq = 0.0;
    for (;;) {
        size_t n = 0;
        st = ser__source_read(&src, buf, SER__SOURCE_CHUNK, &n, err);
        if (st != SER_OK || n == 0)
            break;
        for (size_t i = 0; i < n * (size_t)src.info.channels; i++) {
            double v = buf[i];
            if (fabs(v) > peak)
                peak = fabs(v);
            sum_sq += v * v;
        }
    }
    free(buf);
    if (st == SER_OK) {
        out->info = src.info;
        double count = (double)src.info.frames * (double)src.info.channels;
        out->peak_dbfs = ser_amplitude_to_dbfs(peak);
        out->rms_dbfs = ser_amplitude_to_dbfs(sqrt(sum_sq / count));
    }
    ser__source_close(&src);
    return st;
}

ser_status ser_audio_probe(const char *path, const ser_load_config *cfg, ser_audio_probe_result *out,
                           ser_error *err)
{
    if (!path)
        return ser_error_set(err, SER_ERR_ARG, "ser_audio_probe: NULL path");
    ser__input in = {.kind = SER__INPUT_PATH, .name = strcmp(path, "-") == 0 ? "<stdin>" : path, .path = path};
    return probe_input(&in, cfg, out, err);
}

ser_status ser_audio_probe_memory(const void *data, size_t size, const char *name, const ser_load_config *cfg,
                                  ser_audio_probe_result *out, ser_error *err)
{
    if (!data && size)
        return ser_error_set(err, SER_ERR_ARG, "ser_audio_probe_memory: NULL data");
    ser__input in = {.kind = SER__INPUT_MEMORY, .name = name ? name : "<memory>", .data = data, .size = size};
    return probe_input(&in, cfg, out, err);
}
