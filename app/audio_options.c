/* Shared audio-input options of the ser commands. */
#include "audio_options.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int parse_normalize(const char *cmd, const char *arg, ser_load_config *cfg)
{
    cfg->normalize = SER_NORMALIZE_PEAK;
    cfg->normalize_dbfs = -1.0;
    if (!arg)
        return 1;
    char mode[16];
    const char *colon = strchr(arg, ':');
    size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
    if (len >= sizeof mode)
        return cli_usage_error(cmd, "--normalize: expected peak or rms[:DBFS], got '%s'", arg), -1;
    memcpy(mode, arg, len);
    mode[len] = '\0';
    if (strcmp(mode, "peak") == 0) {
        cfg->normalize = SER_NORMALIZE_PEAK;
    } else if (strcmp(mode, "rms") == 0) {
        cfg->normalize = SER_NORMALIZE_RMS;
        cfg->normalize_dbfs = -20.0;
    } else {
        return cli_usage_error(cmd, "--normalize: expected peak or rms[:DBFS], got '%s'", arg), -1;
    }
    if (colon && (!cli_parse_double(colon + 1, &cfg->normalize_dbfs) || cfg->normalize_dbfs > 0.0))
        return cli_usage_error(cmd, "--normalize: target must be a level <= 0 dBFS, got '%s'", colon + 1), -1;
    return 1;
}

int cli_audio_option(const char *cmd, int opt, const char *arg, ser_load_config *cfg)
{
    long v;
    switch (opt) {
    case CLI_OPT_SR:
        if (!cli_parse_sample_rate(arg, &cfg->sample_rate))
            return cli_usage_error(cmd, "--sr: expected a rate in Hz (1000-768000) or 'native', got '%s'", arg), -1;
        return 1;
    case CLI_OPT_CHANNEL:
        if (ser_channel_parse(arg, &cfg->channel_mode, &cfg->channel) != SER_OK)
            return cli_usage_error(cmd, "--channel: expected mix, left, right or an index, got '%s'", arg), -1;
        return 1;
    case CLI_OPT_RAW:
        if (ser_raw_encoding_parse(arg, &cfg->raw.encoding) != SER_OK)
            return cli_usage_error(cmd, "--raw: expected s16le, f32le, ulaw or alaw, got '%s'", arg), -1;
        return 1;
    case CLI_OPT_RATE:
        if (!cli_parse_long(arg, 1000, 768000, &v))
            return cli_usage_error(cmd, "--rate: expected a rate in Hz (1000-768000), got '%s'", arg), -1;
        cfg->raw.sample_rate = (int)v;
        return 1;
    case CLI_OPT_CHANNELS:
        if (!cli_parse_long(arg, 1, SER_AUDIO_MAX_CHANNELS, &v))
            return cli_usage_error(cmd, "--channels: expected 1-%d, got '%s'", SER_AUDIO_MAX_CHANNELS, arg), -1;
        cfg->raw.channels = (int)v;
        return 1;
    case CLI_OPT_DENOISE:
        cfg->denoise = true;
        if (!arg || strcmp(arg, "nonstationary") == 0)
            cfg->denoise_mode = SER_DENOISE_NONSTATIONARY;
        else if (strcmp(arg, "stationary") == 0)
            cfg->denoise_mode = SER_DENOISE_STATIONARY;
        else
            return cli_usage_error(cmd, "--denoise: expected stationary or nonstationary, got '%s'", arg), -1;
        return 1;
    case CLI_OPT_NORMALIZE:
        return parse_normalize(cmd, arg, cfg);
    case CLI_OPT_WINDOW:
        if (!cli_parse_double(arg, &cfg->window_s) || !(cfg->window_s > 0.0) || !(cfg->window_s < 3600.0))
            return cli_usage_error(cmd, "--window: expected seconds in (0, 3600), got '%s'", arg), -1;
        return 1;
    case CLI_OPT_TRIM:
        cfg->trim = true;
        if (arg && (!cli_parse_double(arg, &cfg->trim_config.top_db) || cfg->trim_config.top_db <= 0.0))
            return cli_usage_error(cmd, "--trim: expected a positive dB threshold, got '%s'", arg), -1;
        return 1;
    default:
        return 0;
    }
}

int cli_audio_options_check(const char *cmd, const ser_load_config *cfg)
{
    bool raw = cfg->raw.encoding != SER_RAW_NONE;
    if (raw && (cfg->raw.sample_rate <= 0 || cfg->raw.channels <= 0))
        return cli_usage_error(cmd, "--raw needs --rate R and --channels N"), -1;
    if (!raw && (cfg->raw.sample_rate > 0 || cfg->raw.channels > 0))
        return cli_usage_error(cmd, "--rate and --channels describe raw input; add --raw ENC"), -1;
    return 0;
}

void cli_audio_options_help(FILE *out)
{
    fputs("Audio input:\n"
          "  --sr R|native       analysis rate in Hz (default 16000); native keeps each file's rate\n"
          "  --channel C         mix (mean of channels, default), left, right or a 0-based index\n"
          "  --raw ENC           headerless PCM input: s16le, f32le, ulaw or alaw (alias --format)\n"
          "  --rate R            sample rate of raw input, Hz\n"
          "  --channels N        channels of raw input (interleaved)\n"
          "  --denoise[=MODE]    spectral gating as noisereduce 3.0.3: nonstationary (default) or stationary\n"
          "  --normalize[=M[:D]] peak (default, -1 dBFS) or rms (default -20 dBFS), to D dBFS\n"
          "  --trim[=TOP_DB]     trim leading/trailing silence (librosa.effects.trim, default 60 dB)\n"
          "  --window SECONDS    keep only the loudest stretch the live stream's window of that length\n"
          "                      sees (2: 63 frames = 31744 samples at 16 kHz); shorter input whole\n",
          out);
}
