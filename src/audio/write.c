/* ser_audio_write: atomic write of mono audio (temp file + fsync + rename). */
#include "ser/audio.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include "core/atomic_open.h"

static int format_for(const char *path, ser_sample_encoding encoding)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return 0;
    if (strcasecmp(dot, ".wav") == 0)
        return SF_FORMAT_WAV | (encoding == SER_ENCODING_FLOAT ? SF_FORMAT_FLOAT : SF_FORMAT_PCM_16);
    if (encoding == SER_ENCODING_FLOAT)
        return 0;
    if (strcasecmp(dot, ".flac") == 0)
        return SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
    if (strcasecmp(dot, ".ogg") == 0)
        return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    return 0;
}

bool ser_audio_write_supported(const char *path, ser_sample_encoding encoding)
{
    return path && format_for(path, encoding) != 0;
}

ser_status ser_audio_write(const char *path, const float *samples, size_t n, int sample_rate,
                           ser_sample_encoding encoding, ser_error *err)
{
    ser_error_clear(err);
    if (!path || (!samples && n) || sample_rate <= 0)
        return ser_error_set(err, SER_ERR_ARG, "%s: invalid arguments to write", path ? path : "(null)");
    int format = format_for(path, encoding);
    if (!format)
        return ser_error_set(err, SER_ERR_UNSUPPORTED,
                             "%s: cannot write this file type%s (use .wav, .flac or .ogg)", path,
                             encoding == SER_ENCODING_FLOAT ? " as float" : "");
    char *tmp;
    int fd = ser__atomic_open(path, &tmp);
    if (fd < 0) {
        int e = errno;
        return ser_error_set(err, e == ENOMEM ? SER_ERR_NOMEM : SER_ERR_IO, "%s: cannot create a file in its directory: %s",
                             path, strerror(e));
    }
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = sample_rate;
    info.channels = 1;
    info.format = format;
    ser_status st = SER_OK;
    SNDFILE *sf = sf_open_fd(fd, SFM_WRITE, &info, 0);
    if (!sf) {
        st = ser_error_set(err, SER_ERR_IO, "%s: cannot write audio: %s", path, sf_strerror(NULL));
    } else {
        sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
        sf_count_t written = sf_write_float(sf, samples, (sf_count_t)n);
        if (written != (sf_count_t)n)
            st = ser_error_set(err, SER_ERR_IO, "%s: write failed after %lld of %zu samples: %s", path,
                               (long long)written, n, sf_strerror(sf));
        if (sf_close(sf) != 0 && st == SER_OK)
            st = ser_error_set(err, SER_ERR_IO, "%s: write failed: %s", path, sf_strerror(NULL));
    }
    if (st == SER_OK && tmp && fsync(fd) != 0)
        st = ser_error_set(err, SER_ERR_IO, "%s: cannot flush to disk: %s", path, strerror(errno));
    if (close(fd) != 0 && st == SER_OK)
        st = ser_error_set(err, SER_ERR_IO, "%s: write failed: %s", path, strerror(errno));
    if (st == SER_OK && tmp && rename(tmp, path) != 0)
        st = ser_error_set(err, SER_ERR_IO, "%s: cannot replace the file: %s", path, strerror(errno));
    if (st != SER_OK && tmp)
        unlink(tmp);
    free(tmp);
    return st;
}
