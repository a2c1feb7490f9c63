/* Headerless PCM and G.711 (ser_audio_load_memory with a raw format, as
 * `ser --raw` and the server's streams read it).  The first bytes choose the
 * encoding, the rate and the channel count; the rest is the audio.  The
 * per-chunk converters (ser_pcm_decode, downmix, channel selection) are
 * checked on the same bytes. */
#include "fuzz_common.h"

#include "ser/audio.h"
#include "ser/pcm.h"

static const int rates[] = {8000, 16000, 44100, 1, 7, 1000, 192000, 384000};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t a = fz_byte(&data, &size), b = fz_byte(&data, &size);
    ser_load_config cfg = ser_load_config_default();
    cfg.raw.encoding = (ser_raw_encoding)(1 + a % 4);
    cfg.raw.sample_rate = rates[(a >> 2) % 8];
    cfg.raw.channels = 1 + b % 4;
    cfg.channel_mode = (b >> 2) & 1 ? SER_CHANNELS_SELECT : SER_CHANNELS_MIX;
    cfg.channel = (b >> 3) % 5;
    cfg.allow_truncated = (b >> 6) & 1;
    cfg.trim = (a >> 5) & 1;
    cfg.normalize = (ser_normalize_mode)((a >> 6) % 3);
    cfg.max_duration = 30;
    ser_audio audio;
    ser_error err;
    if (ser_audio_load_memory(data, size, "raw", &cfg, &audio, &err) == SER_OK)
        ser_audio_free(&audio);

    size_t bps = ser_raw_bytes_per_sample(cfg.raw.encoding);
    size_t n = size / bps, frames = n / (size_t)cfg.raw.channels;
    float *out = malloc((n ? n : 1) * sizeof *out);
    if (!out)
        return 0;
    if (ser_pcm_decode(cfg.raw.encoding, data, n, out) != SER_OK)
        abort();
    if (cfg.channel < cfg.raw.channels)
        ser_pcm_select_channel(out, frames, cfg.raw.channels, cfg.channel, out);
    else
        ser_pcm_downmix_mean(out, frames, cfg.raw.channels, out);
    free(out);
    return 0;
}
