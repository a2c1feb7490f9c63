/* The live analyser's input path: bytes or floats -> mono -> model rate ->
 * frame rows -> window; an analysis every hop (include/ser/stream.h). */
#include <math.h>
#include <string.h>

#include "stream/stream_internal.h"

/* ser_frame_fn: one row completed. */
static void on_row(void *user, size_t t, const float *row, size_t row_dim)
{
    (void)t;
    (void)row_dim;
    ser_stream *s = user;
    ser_frame_window_push(s->w, row);
    s->frames++;
    s->since++;
    if (s->frames >= s->win_frames && (s->frames - s->win_frames) % s->hop_frames == 0)
        ser__stream_analyse(s);
}

static ser_status feed_mono(ser_stream *s, const float *x, size_t n)
{
    ser_status st;
    if (!s->rs) {
        st = ser_frame_stream_push(s->fs, x, n, on_row, s);
        return st ? st : s->cb_status;
    }
    size_t n_out = 0;
    if ((st = ser_resampler_process(s->rs, x, n, s->rs_out, s->rs_cap, &n_out)))
        return st;
    st = ser_frame_stream_push(s->fs, s->rs_out, n_out, on_row, s);
    return st ? st : s->cb_status;
}

/* n <= max_chunk interleaved frames in s->in_buf. */
static ser_status feed_block(ser_stream *s, size_t n)
{
    int ch = s->cfg.channels;
    for (size_t i = 0; i < n * (size_t)ch; i++)
        if (!isfinite(s->in_buf[i]))
            return SER_ERR_NONFINITE;
    if (ch == 1)
        memcpy(s->mono, s->in_buf, n * sizeof(float));
    else if (s->cfg.channel < 0)
        ser_pcm_downmix_mean(s->in_buf, n, ch, s->mono);
    else
        ser_pcm_select_channel(s->in_buf, n, ch, s->cfg.channel, s->mono);
    s->in_frames += n;
    return feed_mono(s, s->mono, n);
}

static ser_status begin(ser_stream *s, ser_stream_event_fn fn, void *user)
{
    if (s->flushed)
        return SER_ERR_STATE;
    if (s->cb_status)
        return s->cb_status;
    s->fn = fn;
    s->user = user;
    return SER_OK;
}

ser_status ser_stream_push(ser_stream *s, const void *data, size_t n_bytes, ser_stream_event_fn fn, void *user)
{
    if (!s || (!data && n_bytes))
        return SER_ERR_ARG;
    ser_status st = begin(s, fn, user);
    const unsigned char *p = data;
    size_t fb = s->frame_bytes, spf = (size_t)s->cfg.channels;
    while (!st && n_bytes) {
        if (s->n_carry) { /* complete the partial frame of the last push */
            size_t take = fb - s->n_carry < n_bytes ? fb - s->n_carry : n_bytes;
            memcpy(s->carry + s->n_carry, p, take);
            s->n_carry += take;
            p += take;
            n_bytes -= take;
            if (s->n_carry == fb) {
                s->n_carry = 0;
                st = ser_pcm_decode(s->cfg.encoding, s->carry, spf, s->in_buf);
                if (!st)
                    st = feed_block(s, 1);
            }
            continue;
        }
        size_t n = n_bytes / fb;
        if (n > s->cfg.max_chunk)
            n = s->cfg.max_chunk;
        if (!n) {
            memcpy(s->carry, p, n_bytes);
            s->n_carry = n_bytes;
            break;
        }
        st = ser_pcm_decode(s->cfg.encoding, p, n * spf, s->in_buf);
        if (!st)
            st = feed_block(s, n);
        p += n * fb;
        n_bytes -= n * fb;
    }
    return st;
}

ser_status ser_stream_push_float(ser_stream *s, const float *x, size_t n_frames, ser_stream_event_fn fn, void *user)
{
    if (!s || (!x && n_frames))
        return SER_ERR_ARG;
    ser_status st = begin(s, fn, user);
    if (!st && s->n_carry) /* a partial byte frame cannot be completed by floats */
        st = SER_ERR_STATE;
    size_t ch = (size_t)s->cfg.channels;
    while (!st && n_frames) {
        size_t n = n_frames < s->cfg.max_chunk ? n_frames : s->cfg.max_chunk;
        memcpy(s->in_buf, x, n * ch * sizeof(float));
        st = feed_block(s, n);
        x += n * ch;
        n_frames -= n;
    }
    return st;
}

ser_status ser_stream_flush(ser_stream *s, ser_stream_event_fn fn, void *user)
{
    if (!s)
        return SER_ERR_ARG;
    if (s->flushed)
        return SER_OK;
    ser_status st = begin(s, fn, user);
    s->n_carry = 0;
    while (!st && s->rs) {
        size_t n_out = 0;
        st = ser_resampler_flush(s->rs, s->rs_out, s->rs_cap, &n_out);
        if (st || !n_out)
            break;
        st = ser_frame_stream_push(s->fs, s->rs_out, n_out, on_row, s);
    }
    if (!st)
        st = ser_frame_stream_flush(s->fs, on_row, s);
    if (!st && s->since && ser_frame_window_count(s->w))
        ser__stream_analyse(s);
    s->flushed = true;
    return st ? st : s->cb_status;
}
