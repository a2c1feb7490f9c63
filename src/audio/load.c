/* ser_audio_load and friends: decode -> mono -> resample -> denoise ->
 * trim -> normalise, streaming chunk by chunk so memory holds only the output. */
#include "ser/audio.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ser/checksum.h"
#include "ser/util.h"
#include "source.h"

typedef struct float_vec {
    float *data;
    size_t len;
    size_t cap;
} float_vec;

static bool vec_reserve(float_vec *v, size_t need)
{
    if (need <= v->cap)
        return true;
    size_t cap = v->cap ? v->cap : 4096;
    while (cap < need)
        if (!ser_size_mul(cap, 2, &cap))
            return false;
    float *d = ser_alloc_array(cap, sizeof *d);
    if (!d)
        return false;
    if (v->len)
        memcpy(d, v->data, v->len * sizeof *d);
    free(v->data);
    v->data = d;
    v->cap = cap;
    return true;
}

static ser_status check_config(const char *name, const ser_load_config *cfg, ser_error *err)
{
    if (cfg->sample_rate < 0 || cfg->sample_rate > 10000000)
        return ser_error_set(err, SER_ERR_ARG, "%s: invalid target sample rate %d Hz", name, cfg->sample_rate);
    if (cfg->channel_mode != SER_CHANNELS_MIX && cfg->channel_mode != SER_CHANNELS_SELECT)
        return ser_error_set(err, SER_ERR_ARG, "%s: invalid channel mode %d", name, (int)cfg->channel_mode);
    if (cfg->channel_mode == SER_CHANNELS_SELECT && cfg->channel < 0)
        return ser_error_set(err, SER_ERR_ARG, "%s: invalid channel %d", name, cfg->channel);
    if (cfg->normalize != SER_NORMALIZE_NONE && cfg->normalize != SER_NORMALIZE_PEAK &&
        cfg->normalize != SER_NORMALIZE_RMS)
        return ser_error_set(err, SER_ERR_ARG, "%s: invalid normalisation mode %d", name, (int)cfg->normalize);
    if (cfg->normalize != SER_NORMALIZE_NONE && !isfinite(cfg->normalize_dbfs))
        return ser_error_set(err, SER_ERR_ARG, "%s: invalid normalisation target %g dBFS", name,
                             cfg->normalize_dbfs);
    if (!(cfg->window_s >= 0.0 && cfg->window_s < 3600.0))
        return ser_error_set(err, SER_ERR_ARG, "%s: invalid window %g s", name, cfg->window_s);
    const ser_trim_config *t = &cfg->trim_config;
    if (cfg->trim && (!(t->top_db > 0.0) || !isfinite(t->top_db) || t->frame_length == 0 || t->hop_length == 0))
        return ser_error_set(err, SER_ERR_ARG, "%s: invalid trim settings (top_db %g, frame %zu, hop %zu)", name,
                             t->top_db, t->frame_length, t->hop_length);
    return SER_OK;
}

typedef struct pipeline {
    ser__source src;
    ser_resampler *rs;
    float *frames; /* SER__SOURCE_CHUNK * channels */
    float *mono;   /* SER__SOURCE_CHUNK */
    size_t rs_cap;
    float_vec out;
} pipeline;

static void pipeline_free(pipeline *p)
{
    ser__source_close(&p->src);
    ser_resampler_destroy(p->rs);
    free(p->frames);
    free(p->mono);
    free(p->out.data);
}

/* Append n mono samples (through the resampler when there is one). */
static ser_status push(pipeline *p, const float *x, size_t n, ser_error *err)
{
    size_t need;
    if (!ser_size_add(p->out.len, p->rs ? p->rs_cap : n, &need) || !vec_reserve(&p->out, need))
        return ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory after %zu samples", p->src.name, p->out.len);
    size_t got = n;
    if (p->rs) {
        ser_status st = x ? ser_resampler_process(p->rs, x, n, p->out.data + p->out.len, p->out.cap - p->out.len, &got)
                          : ser_resampler_flush(p->rs, p->out.data + p->out.len, p->out.cap - p->out.len, &got);
        if (st != SER_OK)
            return ser_error_set(err, st, "%s: resampling failed: %s", p->src.name, ser_strerror(st));
    } else if (x) {
        memcpy(p->out.data + p->out.len, x, n * sizeof *x);
    } else {
        got = 0;
    }
    p->out.len += got;
    return SER_OK;
}

static ser_status run(pipeline *p, const ser__input *in, const ser_load_config *cfg, ser_audio *out, ser_error *err)
{
    ser_status st = ser__source_open(&p->src, in, cfg, err);
    if (st != SER_OK)
        return st;
    const ser_audio_info *info = &p->src.info;
    if (cfg->channel_mode == SER_CHANNELS_SELECT && cfg->channel >= info->channels)
        return ser_error_set(err, SER_ERR_ARG, "%s: channel %d requested but the input has %d channel(s)", in->name,
                             cfg->channel, info->channels);
    const int rate = cfg->sample_rate ? cfg->sample_rate : info->sample_rate;
    if (rate != info->sample_rate) {
        ser_resampler_config rc = ser_resampler_config_default();
        rc.input_rate = info->sample_rate;
        rc.output_rate = rate;
        rc.quality = cfg->resample_quality;
        rc.max_chunk = SER__SOURCE_CHUNK;
        p->rs = ser_resampler_create(&rc, &st);
        if (!p->rs)
            return ser_error_set(err, st, "%s: cannot resample %d Hz -> %d Hz: %s", in->name, info->sample_rate,
                                 rate, ser_strerror(st));
        p->rs_cap = ser_resampler_max_output(p->rs);
    }
    p->frames = ser_alloc_array((size_t)SER__SOURCE_CHUNK * (size_t)info->channels, sizeof *p->frames);
    p->mono = ser_alloc_array(SER__SOURCE_CHUNK, sizeof *p->mono);
    if (!p->frames || !p->mono)
        return ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", in->name);
    if (p->src.declared_frames > 0) { /* a good first guess of the output size */
        double guess = (double)p->src.declared_frames * rate / info->sample_rate + 64.0;
        if (guess < 1e9)
            vec_reserve(&p->out, (size_t)guess);
    }
    /* mono at the source rate: decoded straight into the output */
    const bool direct = info->channels == 1 && !p->rs;
    for (;;) {
        size_t n = 0;
        if (direct) {
            size_t need; /* fill the reserved room first: the header's guess is usually exact */
            if (p->out.cap == p->out.len
                && (!ser_size_add(p->out.len, SER__SOURCE_CHUNK, &need) || !vec_reserve(&p->out, need)))
                return ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory after %zu samples", in->name,
                                     p->out.len);
            size_t room = p->out.cap - p->out.len;
            st = ser__source_read(&p->src, p->out.data + p->out.len,
                                  room < SER__SOURCE_CHUNK ? room : SER__SOURCE_CHUNK, &n, err);
            if (st != SER_OK)
                return st;
            p->out.len += n;
            if (n == 0)
                break;
            continue;
        }
        st = ser__source_read(&p->src, p->frames, SER__SOURCE_CHUNK, &n, err);
        if (st != SER_OK)
            return st;
        if (n == 0)
            break;
        if (cfg->channel_mode == SER_CHANNELS_SELECT)
            ser_pcm_select_channel(p->frames, n, info->channels, cfg->channel, p->mono);
        else
            ser_pcm_downmix_mean(p->frames, n, info->channels, p->mono);
        st = push(p, p->mono, n, err);
        if (st != SER_OK)
            return st;
    }
    for (size_t before = SIZE_MAX; p->rs && before != p->out.len;) {
        before = p->out.len;
        st = push(p, NULL, 0, err);
        if (st != SER_OK)
            return st;
    }
    if (p->out.len == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "%s: too short: %llu frame(s) at %d Hz give no samples at %d Hz",
                             in->name, (unsigned long long)info->frames, info->sample_rate, rate);
    if (cfg->telephone) {
        ser_telephone_config tc = cfg->telephone_config;
        tc.seed ^= ser_fnv1a64(SER_FNV1A64_INIT, in->name, strlen(in->name));
        ser_error detail;
        st = ser_telephone_apply(&tc, p->out.data, p->out.len, rate, &detail);
        if (st != SER_OK)
            return ser_error_set(err, st, "%s: telephone channel failed: %s", in->name,
                                 ser_error_message(&detail, st));
    }
    if (cfg->denoise) {
        ser_denoise_config dc = ser_denoise_config_default();
        dc.sample_rate = rate;
        dc.mode = cfg->denoise_mode;
        ser_error detail;
        st = ser_denoise_buffer(&dc, p->out.data, p->out.len, p->out.data, &detail);
        if (st != SER_OK)
            return ser_error_set(err, st, "%s: noise reduction failed: %s", in->name,
                                 ser_error_message(&detail, st));
    }
    size_t start = 0, end = p->out.len;
    if (cfg->trim) {
        st = ser_trim_bounds(p->out.data, p->out.len, &cfg->trim_config, &start, &end);
        if (st != SER_OK)
            return ser_error_set(err, st, "%s: trim failed", in->name);
        memmove(p->out.data, p->out.data + start, (end - start) * sizeof *p->out.data);
        p->out.len = end - start;
    }
    if (cfg->window_s > 0.0) {
        size_t frames = (size_t)fmax(1.0, round(cfg->window_s * rate / 512.0)), len = (frames - 1) * 512;
        if (len && len < p->out.len) {
            size_t at = ser_loudest_stretch(p->out.data, p->out.len, len, 512);
            memmove(p->out.data, p->out.data + at, len * sizeof *p->out.data);
            p->out.len = len;
            start += at;
            end = start + len;
        }
    }
    if (cfg->normalize != SER_NORMALIZE_NONE)
        ser_audio_normalize(p->out.data, p->out.len, cfg->normalize, cfg->normalize_dbfs);
    out->samples = p->out.data;
    out->n_samples = p->out.len;
    out->sample_rate = rate;
    out->source = *info;
    out->trim_start = start;
    out->trim_end = end;
    p->out.data = NULL;
    return SER_OK;
}

static ser_status load_input(const ser__input *in, const ser_load_config *cfg_in, ser_audio *out, ser_error *err)
{
    ser_error_clear(err);
    if (!out)
        return ser_error_set(err, SER_ERR_ARG, "%s: no output given", in->name);
    memset(out, 0, sizeof *out);
    ser_load_config cfg = cfg_in ? *cfg_in : ser_load_config_default();
    ser_status st = check_config(in->name, &cfg, err);
    if (st != SER_OK)
        return st;
    pipeline p;
    memset(&p, 0, sizeof p);
    st = run(&p, in, &cfg, out, err);
    pipeline_free(&p);
    if (st != SER_OK) {
        free(out->samples);
        memset(out, 0, sizeof *out);
    }
    return st;
}

ser_status ser_audio_load(const char *path, const ser_load_config *cfg, ser_audio *out, ser_error *err)
{
    if (!path)
        return ser_error_set(err, SER_ERR_ARG, "ser_audio_load: NULL path");
    ser__input in = {.kind = SER__INPUT_PATH, .name = strcmp(path, "-") == 0 ? "<stdin>" : path, .path = path};
    return load_input(&in, cfg, out, err);
}

ser_status ser_audio_load_memory(const void *data, size_t size, const char *name, const ser_load_config *cfg,
                                 ser_audio *out, ser_error *err)
{
    if (!data && size)
        return ser_error_set(err, SER_ERR_ARG, "ser_audio_load_memory: NULL data");
    ser__input in = {.kind = SER__INPUT_MEMORY, .name = name ? name : "<memory>", .data = data, .size = size};
    return load_input(&in, cfg, out, err);
}

ser_status ser_audio_load_fd(int fd, const char *name, const ser_load_config *cfg, ser_audio *out, ser_error *err)
{
    if (fd < 0)
        return ser_error_set(err, SER_ERR_ARG, "ser_audio_load_fd: invalid descriptor %d", fd);
    ser__input in = {.kind = SER__INPUT_FD, .name = name ? name : "<fd>", .fd = fd};
    return load_input(&in, cfg, out, err);
}

ser_status ser_audio_load_stream(FILE *fp, const char *name, const ser_load_config *cfg, ser_audio *out,
                                 ser_error *err)
{
    if (!fp)
        return ser_error_set(err, SER_ERR_ARG, "ser_audio_load_stream: NULL stream");
    ser__input in = {.kind = SER__INPUT_STREAM, .name = name ? name : "<stream>", .fp = fp, .fd = -1};
    return load_input(&in, cfg, out, err);
}

void ser_audio_free(ser_audio *audio)
{
    if (!audio)
        return;
    free(audio->samples);
    memset(audio, 0, sizeof *audio);
}
