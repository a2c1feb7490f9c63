/* Defaults of the load configuration and channel-choice parsing. */
#include "ser/audio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

ser_trim_config ser_trim_config_default(void)
{
    ser_trim_config c;
    c.top_db = 60.0;
    c.frame_length = 2048;
    c.hop_length = 512;
    return c;
}

ser_load_config ser_load_config_default(void)
{
    ser_load_config c;
    memset(&c, 0, sizeof c);
    c.sample_rate = SER_AUDIO_DEFAULT_RATE;
    c.resample_quality = SER_RESAMPLE_HQ;
    c.channel_mode = SER_CHANNELS_MIX;
    c.channel = 0;
    c.raw.encoding = SER_RAW_NONE;
    c.telephone = false;
    c.telephone_config = ser_telephone_config_default();
    c.denoise = false;
    c.denoise_mode = SER_DENOISE_NONSTATIONARY;
    c.trim = false;
    c.trim_config = ser_trim_config_default();
    c.normalize = SER_NORMALIZE_NONE;
    c.normalize_dbfs = -1.0;
    c.max_duration = 7200.0;
    c.allow_truncated = false;
    return c;
}

ser_status ser_channel_parse(const char *text, ser_channel_mode *mode, int *channel)
{
    if (!text || !mode || !channel)
        return SER_ERR_ARG;
    if (strcasecmp(text, "mix") == 0 || strcasecmp(text, "mean") == 0) {
        *mode = SER_CHANNELS_MIX;
        *channel = 0;
        return SER_OK;
    }
    if (strcasecmp(text, "left") == 0 || strcasecmp(text, "l") == 0) {
        *mode = SER_CHANNELS_SELECT;
        *channel = 0;
        return SER_OK;
    }
    if (strcasecmp(text, "right") == 0 || strcasecmp(text, "r") == 0) {
        *mode = SER_CHANNELS_SELECT;
        *channel = 1;
        return SER_OK;
    }
    if (*text < '0' || *text > '9')
        return SER_ERR_PARSE;
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || *end || v < 0 || v >= SER_AUDIO_MAX_CHANNELS)
        return SER_ERR_PARSE;
    *mode = SER_CHANNELS_SELECT;
    *channel = (int)v;
    return SER_OK;
}
