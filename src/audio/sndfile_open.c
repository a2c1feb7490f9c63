/* Open a container with libsndfile: from a path (its descriptor), from
 * memory (virtual I/O), or from a pipe/stream read into memory first. */
#include "source.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ser_status map_open_error(const ser__source *src, int sf_err, ser_error *err)
{
    const char *why = sf_error_number(sf_err);
    switch (sf_err) {
    case SF_ERR_UNRECOGNISED_FORMAT:
        return ser_error_set(err, SER_ERR_FORMAT, "%s: not a recognised audio format (libsndfile: %s)", src->name,
                             why);
    case SF_ERR_MALFORMED_FILE:
        return ser_error_set(err, SER_ERR_FORMAT, "%s: malformed or truncated audio file (libsndfile: %s)",
                             src->name, why);
    case SF_ERR_UNSUPPORTED_ENCODING:
        return ser_error_set(err, SER_ERR_UNSUPPORTED, "%s: unsupported audio encoding (libsndfile: %s)",
                             src->name, why);
    case SF_ERR_SYSTEM:
        return ser_error_set(err, SER_ERR_IO, "%s: cannot read (libsndfile: %s)", src->name, why);
    default:
        return ser_error_set(err, SER_ERR_FORMAT, "%s: cannot decode (libsndfile: %s)", src->name, why);
    }
}

static ser_status open_memory(ser__source *src, const void *data, size_t size, SF_INFO *info, ser_error *err)
{
    if (size == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "%s: empty file (0 bytes)", src->name);
    src->mem.data = data;
    src->mem.size = (sf_count_t)size;
    src->mem.pos = 0;
    src->vio = ser__memfile_vio();
    src->snd = sf_open_virtual(&src->vio, SFM_READ, info, &src->mem);
    return src->snd ? SER_OK : map_open_error(src, sf_error(NULL), err);
}

static ser_status open_slurped(ser__source *src, const ser__input *in, int fd, SF_INFO *info, ser_error *err)
{
    size_t size = 0;
    ser_status st = ser__slurp(in, fd, &src->owned, &size, err);
    if (st != SER_OK)
        return st;
    return open_memory(src, src->owned, size, info, err);
}

static ser_status open_container(ser__source *src, const ser__input *in, SF_INFO *info, ser_error *err)
{
    switch (in->kind) {
    case SER__INPUT_MEMORY:
        return open_memory(src, in->data, in->size, info, err);
    case SER__INPUT_FD:
    case SER__INPUT_STREAM:
        return open_slurped(src, in, in->fd, info, err);
    case SER__INPUT_PATH:
    default:
        break;
    }
    if (strcmp(in->path, "-") == 0)
        return open_slurped(src, in, STDIN_FILENO, info, err);
    int64_t size = -1;
    ser_status st = ser__open_path(in->path, &src->fd, &size, err);
    if (st != SER_OK)
        return st;
    if (size == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "%s: empty file (0 bytes)", src->name);
    if (size < 0) /* a pipe or device: read it into memory */
        return open_slurped(src, in, src->fd, info, err);
    src->snd = sf_open_fd(src->fd, SFM_READ, info, SF_FALSE);
    return src->snd ? SER_OK : map_open_error(src, sf_error(NULL), err);
}

ser_status ser__sndfile_open(ser__source *src, const ser__input *in, ser_error *err)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    ser_status st = open_container(src, in, &info, err);
    if (st != SER_OK)
        return st;
    ser__sndfile_format_name(info.format, src->info.format, sizeof src->info.format);
    if (info.channels < 1 || info.channels > SER_AUDIO_MAX_CHANNELS)
        return ser_error_set(err, SER_ERR_FORMAT, "%s: invalid header: %d channels (1..%d supported)", src->name,
                             info.channels, SER_AUDIO_MAX_CHANNELS);
    if (info.samplerate < 1)
        return ser_error_set(err, SER_ERR_FORMAT, "%s: invalid header: sample rate %d Hz", src->name,
                             info.samplerate);
    src->info.sample_rate = info.samplerate;
    src->info.channels = info.channels;
    /* Pipes and some streams report an unknown length as a huge count. */
    src->declared_frames = (info.frames >= 0 && info.frames < SF_COUNT_MAX / 2) ? (int64_t)info.frames : -1;
    if ((info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG && src->declared_frames > 0) {
        /* mpg123 estimates the length of an MP3 without a Xing/LAME tag
         * from its size: allow two MPEG frames and 0.1% of slack. */
        src->frame_tolerance = 2 * 1152 + src->declared_frames / 1000;
    }
    if (src->declared_frames == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "%s: no audio (valid %s header, 0 frames)", src->name,
                             src->info.format);
    char detail[160];
    if (ser__sndfile_log_truncated(src->snd, detail, sizeof detail) && !src->allow_truncated)
        return ser_error_set(err, SER_ERR_TRUNCATED, "%s: truncated file: %s", src->name, detail);
    return SER_OK;
}
