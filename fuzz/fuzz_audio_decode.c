/* Audio containers from memory (libsndfile virtual I/O,
 * src/audio/memfile_vio.c): ser_audio_probe_memory and
 * ser_audio_load_memory with the default configuration (16 kHz mono) and,
 * chosen by the first byte, trimming, normalisation, channel selection,
 * truncation tolerance or the native rate. */
#include "fuzz_common.h"

#include "ser/audio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t a = fz_byte(&data, &size);
    ser_load_config cfg = ser_load_config_default();
    cfg.max_duration = 30;
    cfg.allow_truncated = a & 1;
    cfg.trim = (a >> 1) & 1;
    cfg.normalize = (ser_normalize_mode)((a >> 2) % 3);
    if ((a >> 4) & 1) {
        cfg.channel_mode = SER_CHANNELS_SELECT;
        cfg.channel = (a >> 5) & 1;
    }
    if ((a >> 6) & 1)
        cfg.sample_rate = 0;
    ser_error err;
    ser_audio_probe_result probe;
    ser_audio_probe_memory(data, size, "input", &cfg, &probe, &err);
    ser_audio audio;
    if (ser_audio_load_memory(data, size, "input", &cfg, &audio, &err) == SER_OK) {
        if (audio.n_samples && !audio.samples)
            abort();
        ser_audio_free(&audio);
    }
    return 0;
}
