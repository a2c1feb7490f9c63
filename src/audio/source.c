/* An input read as interleaved float frames, with the checks every caller
 * needs: non-finite samples, duration limit, truncation, no audio. */
#include "source.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/finite_scan.h"

ser_status ser__source_open(ser__source *src, const ser__input *in, const ser_load_config *cfg, ser_error *err)
{
    memset(src, 0, sizeof *src);
    src->fd = -1;
    src->name = in->name;
    src->declared_frames = -1;
    src->allow_truncated = cfg->allow_truncated;
    src->max_duration = cfg->max_duration;
    if (!(cfg->max_duration >= 0.0) || !isfinite(cfg->max_duration))
        return ser_error_set(err, SER_ERR_ARG, "%s: invalid max_duration %g s", src->name, cfg->max_duration);
    ser_status st = cfg->raw.encoding != SER_RAW_NONE
                        ? ser__raw_open(src, in, &cfg->raw, cfg->allow_truncated, err)
                        : ser__sndfile_open(src, in, err);
    if (st == SER_OK && cfg->max_duration > 0.0) {
        double limit = floor(cfg->max_duration * (double)src->info.sample_rate);
        src->max_frames = limit >= 1.8e19 ? 0 : limit < 1.0 ? 1 : (uint64_t)limit;
        if (src->max_frames && src->declared_frames > 0 && (uint64_t)src->declared_frames > src->max_frames)
            st = ser_error_set(err, SER_ERR_OVERFLOW, "%s: too long: %.1f s exceeds the %.1f s limit (max_duration)",
                               src->name, (double)src->declared_frames / (double)src->info.sample_rate,
                               cfg->max_duration);
    }
    if (st != SER_OK)
        ser__source_close(src);
    return st;
}

static ser_status at_end(ser__source *src, ser_error *err)
{
    src->finished = true;
    if (src->info.frames == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "%s: no audio frames could be decoded (%s)", src->name,
                             src->info.format);
    if (src->snd && src->declared_frames > 0 && !src->allow_truncated &&
        (int64_t)src->info.frames + src->frame_tolerance < src->declared_frames)
        return ser_error_set(err, SER_ERR_TRUNCATED,
                             "%s: truncated file: header declares %lld frames but only %llu could be decoded",
                             src->name, (long long)src->declared_frames, (unsigned long long)src->info.frames);
    return SER_OK;
}

static ser_status check_finite(const ser__source *src, const float *buf, size_t frames, ser_error *err)
{
    const size_t c = (size_t)src->info.channels;
    size_t i = ser__first_nonfinite(buf, frames * c);
    if (i < frames * c)
        return ser_error_set(err, SER_ERR_NONFINITE, "%s: non-finite sample (%s) at frame %llu, channel %zu",
                             src->name, isnan(buf[i]) ? "NaN" : buf[i] > 0 ? "+Inf" : "-Inf",
                             (unsigned long long)(src->info.frames + i / c), i % c);
    return SER_OK;
}

ser_status ser__source_read(ser__source *src, float *buf, size_t max_frames, size_t *frames, ser_error *err)
{
    *frames = 0;
    if (max_frames > SER__SOURCE_CHUNK)
        max_frames = SER__SOURCE_CHUNK;
    if (src->finished || max_frames == 0)
        return SER_OK;
    size_t got = 0;
    ser_status st = SER_OK;
    if (src->snd) {
        sf_count_t n = sf_readf_float(src->snd, buf, (sf_count_t)max_frames);
        int e = sf_error(src->snd);
        if (e != SF_ERR_NO_ERROR) {
            /* A decoder that stops before the declared length (FLAC "lost
             * sync" at a cut) means a truncated or corrupt file. */
            if (src->declared_frames > 0 && (int64_t)src->info.frames < src->declared_frames) {
                if (src->allow_truncated)
                    return at_end(src, err);
                return ser_error_set(err, SER_ERR_TRUNCATED,
                                     "%s: truncated or corrupt file: header declares %lld frames but decoding "
                                     "stopped after %llu (libsndfile: %s)",
                                     src->name, (long long)src->declared_frames,
                                     (unsigned long long)src->info.frames, sf_error_number(e));
            }
            return ser_error_set(err, SER_ERR_FORMAT, "%s: decode error after %llu frames (libsndfile: %s)",
                                 src->name, (unsigned long long)src->info.frames, sf_error_number(e));
        }
        got = n > 0 ? (size_t)n : 0;
    } else {
        st = ser__raw_read(src, buf, max_frames, &got, err);
        if (st != SER_OK)
            return st;
    }
    if (got == 0)
        return at_end(src, err);
    st = check_finite(src, buf, got, err);
    if (st != SER_OK)
        return st;
    src->info.frames += got;
    if (src->max_frames && src->info.frames > src->max_frames)
        return ser_error_set(err, SER_ERR_OVERFLOW, "%s: too long: more than %.1f s (max_duration)", src->name,
                             src->max_duration);
    src->info.duration = (double)src->info.frames / (double)src->info.sample_rate;
    *frames = got;
    return SER_OK;
}

void ser__source_close(ser__source *src)
{
    if (src->snd)
        sf_close(src->snd);
    src->snd = NULL;
    if (src->fd >= 0)
        close(src->fd);
    src->fd = -1;
    free(src->owned);
    src->owned = NULL;
    free(src->rawbuf);
    src->rawbuf = NULL;
}
