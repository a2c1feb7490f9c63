/* Headerless PCM (s16le, f32le, µ-law, A-law) from a path, stdin, a
 * descriptor, a stdio stream or memory.  A trailing partial frame (e.g. an
 * odd byte of s16 input) is SER_ERR_TRUNCATED, or dropped when
 * allow_truncated is set. */
#include "source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ser_status ser__raw_open(ser__source *src, const ser__input *in, const ser_raw_format *raw, bool allow_truncated,
                         ser_error *err)
{
    size_t bps = ser_raw_bytes_per_sample(raw->encoding);
    if (bps == 0)
        return ser_error_set(err, SER_ERR_ARG, "%s: unknown raw encoding %d", src->name, (int)raw->encoding);
    if (raw->sample_rate < 1)
        return ser_error_set(err, SER_ERR_ARG, "%s: raw %s input needs a sample rate (got %d Hz)", src->name,
                             ser_raw_encoding_name(raw->encoding), raw->sample_rate);
    if (raw->channels < 1 || raw->channels > SER_AUDIO_MAX_CHANNELS)
        return ser_error_set(err, SER_ERR_ARG, "%s: raw %s input needs 1..%d channels (got %d)", src->name,
                             ser_raw_encoding_name(raw->encoding), SER_AUDIO_MAX_CHANNELS, raw->channels);
    src->raw = raw->encoding;
    src->frame_bytes = bps * (size_t)raw->channels;
    src->info.sample_rate = raw->sample_rate;
    src->info.channels = raw->channels;
    snprintf(src->info.format, sizeof src->info.format, "RAW %s", ser_raw_encoding_name(raw->encoding));
    for (char *p = src->info.format; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    src->in = in;
    src->rawbuf = malloc(SER__SOURCE_CHUNK * src->frame_bytes);
    if (!src->rawbuf)
        return ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", src->name);

    int64_t size = -1;
    if (in->kind == SER__INPUT_MEMORY) {
        size = (int64_t)in->size;
    } else if (in->kind == SER__INPUT_PATH && strcmp(in->path, "-") != 0) {
        ser_status st = ser__open_path(in->path, &src->fd, &size, err);
        if (st != SER_OK)
            return st;
    }
    if (size == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "%s: empty file (0 bytes)", src->name);
    if (size > 0) {
        uint64_t stray = (uint64_t)size % src->frame_bytes;
        if (stray && !allow_truncated)
            return ser_error_set(err, SER_ERR_TRUNCATED,
                                 "%s: raw %s input ends with %llu stray byte(s): %lld bytes is not a whole number "
                                 "of %zu-byte frames",
                                 src->name, ser_raw_encoding_name(raw->encoding), (unsigned long long)stray,
                                 (long long)size, src->frame_bytes);
        src->declared_frames = size / (int64_t)src->frame_bytes;
    }
    return SER_OK;
}

/* Fill buf with up to n bytes; fewer only at the end of the input. */
static ser_status read_bytes(ser__source *src, unsigned char *buf, size_t n, size_t *got, ser_error *err)
{
    const ser__input *in = src->in;
    *got = 0;
    if (in->kind == SER__INPUT_MEMORY) {
        size_t left = in->size - src->mem_pos;
        size_t k = left < n ? left : n;
        memcpy(buf, (const unsigned char *)in->data + src->mem_pos, k);
        src->mem_pos += k;
        *got = k;
        return SER_OK;
    }
    if (in->kind == SER__INPUT_STREAM) {
        *got = fread(buf, 1, n, in->fp);
        if (*got < n && ferror(in->fp))
            return ser_error_set(err, SER_ERR_IO, "%s: read error", src->name);
        return SER_OK;
    }
    int fd = in->kind == SER__INPUT_FD ? in->fd : src->fd >= 0 ? src->fd : STDIN_FILENO;
    while (*got < n) {
        ssize_t k = read(fd, buf + *got, n - *got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return ser_error_set(err, SER_ERR_IO, "%s: read error: %s", src->name, strerror(errno));
        if (k == 0)
            break;
        *got += (size_t)k;
    }
    return SER_OK;
}

ser_status ser__raw_read(ser__source *src, float *buf, size_t max_frames, size_t *frames, ser_error *err)
{
    *frames = 0;
    size_t got = 0;
    ser_status st = read_bytes(src, src->rawbuf, max_frames * src->frame_bytes, &got, err);
    if (st != SER_OK)
        return st;
    size_t whole = got / src->frame_bytes;
    size_t stray = got % src->frame_bytes;
    if (stray) {
        /* a short read happens only at the end of the input */
        if (!src->allow_truncated) {
            unsigned long long total = (unsigned long long)(src->info.frames + whole) * src->frame_bytes + stray;
            return ser_error_set(err, SER_ERR_TRUNCATED,
                                 "%s: raw %s input ends with %zu stray byte(s): %llu bytes is not a whole number "
                                 "of %zu-byte frames",
                                 src->name, ser_raw_encoding_name(src->raw), stray, total, src->frame_bytes);
        }
    }
    ser_pcm_decode(src->raw, src->rawbuf, whole * (size_t)src->info.channels, buf);
    *frames = whole;
    return SER_OK;
}
