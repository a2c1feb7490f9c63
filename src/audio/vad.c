/* Voice-activity decision: frame RMS against an absolute floor, YIN
 * voicing, and a pitch-movement check against steady tones.  See
 * include/ser/vad.h. */
#include "ser/vad.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/pitch.h"

struct ser_vad {
    ser_vad_config cfg;
    size_t frame_length, hop_length;
    ser_yin *yin;
    float *frame; /* frame_length: padding buffer */
};

ser_vad_config ser_vad_config_default(double sample_rate)
{
    ser_vad_config c;
    c.sample_rate = sample_rate;
    c.frame_seconds = 0.064;
    c.hop_seconds = 0.016;
    c.floor_dbfs = -50.0;
    c.fmin = 60.0;
    c.fmax = 500.0;
    c.yin_threshold = 0.15;
    c.min_voiced_seconds = 0.1;
    c.min_f0_std_semitones = 0.1;
    return c;
}

const char *ser_vad_reason_name(ser_vad_reason reason)
{
    switch (reason) {
    case SER_VAD_SPEECH: return "speech";
    case SER_VAD_SILENT: return "silent";
    case SER_VAD_UNVOICED: return "unvoiced";
    case SER_VAD_TONE: return "tone";
    }
    return "unknown";
}

static ser_status check(const ser_vad_config *c, ser_error *err)
{
    if (!c)
        return ser_error_set(err, SER_ERR_ARG, "vad: config is NULL");
    if (!(c->sample_rate >= 1000.0 && c->sample_rate <= 768000.0))
        return ser_error_set(err, SER_ERR_ARG, "vad: sample_rate %g Hz is not in [1000, 768000]", c->sample_rate);
    if (!(c->hop_seconds > 0.0) || !(c->frame_seconds >= c->hop_seconds) || !(c->frame_seconds <= 1.0))
        return ser_error_set(err, SER_ERR_ARG, "vad: need 0 < hop_seconds (%g) <= frame_seconds (%g) <= 1",
                             c->hop_seconds, c->frame_seconds);
    if (!isfinite(c->floor_dbfs) || c->floor_dbfs > 0.0)
        return ser_error_set(err, SER_ERR_ARG, "vad: floor_dbfs %g must be a level <= 0", c->floor_dbfs);
    if (!(c->fmin > 0.0) || !(c->fmax > c->fmin) || !(c->fmax < c->sample_rate / 2.0))
        return ser_error_set(err, SER_ERR_ARG, "vad: need 0 < fmin (%g) < fmax (%g) < sample_rate / 2", c->fmin,
                             c->fmax);
    if (!(c->yin_threshold > 0.0 && c->yin_threshold <= 1.0))
        return ser_error_set(err, SER_ERR_ARG, "vad: yin_threshold %g must be in (0, 1]", c->yin_threshold);
    if (!(c->min_voiced_seconds >= 0.0) || !(c->min_f0_std_semitones >= 0.0))
        return ser_error_set(err, SER_ERR_ARG, "vad: min_voiced_seconds and min_f0_std_semitones must be >= 0");
    return SER_OK;
}

ser_vad *ser_vad_create(const ser_vad_config *cfg, ser_status *status, ser_error *err)
{
    ser_status st = check(cfg, err);
    ser_vad *v = NULL;
    if (st != SER_OK)
        goto fail;
    size_t frame = (size_t)lround(cfg->frame_seconds * cfg->sample_rate / 2.0) * 2;
    size_t hop = (size_t)lround(cfg->hop_seconds * cfg->sample_rate);
    if (hop < 1)
        hop = 1;
    ser_yin_config yc = ser_yin_config_default();
    yc.sample_rate = cfg->sample_rate;
    yc.fmin = cfg->fmin;
    yc.fmax = cfg->fmax;
    yc.frame_length = frame;
    yc.win_length = frame / 2;
    yc.hop_length = hop;
    yc.trough_threshold = cfg->yin_threshold;
    yc.center = false;
    /* The longest period searched must fit: frame - win - 1 >= sr / fmin. */
    if ((double)(frame - frame / 2 - 1) < ceil(cfg->sample_rate / cfg->fmin)) {
        st = ser_error_set(err, SER_ERR_ARG, "vad: frame_seconds %g is too short for fmin %g Hz (need > %g s)",
                           cfg->frame_seconds, cfg->fmin, 2.0 / cfg->fmin);
        goto fail;
    }
    if ((st = ser_yin_config_check(&yc, err)) != SER_OK)
        goto fail;
    v = calloc(1, sizeof *v);
    if (!v) {
        st = ser_error_set(err, SER_ERR_NOMEM, "vad: out of memory");
        goto fail;
    }
    v->cfg = *cfg;
    v->frame_length = frame;
    v->hop_length = hop;
    v->frame = calloc(frame, sizeof *v->frame);
    v->yin = ser_yin_create(&yc, &st);
    if (!v->frame || !v->yin) {
        st = ser_error_set(err, SER_ERR_NOMEM, "vad: out of memory (frame of %zu samples)", frame);
        goto fail;
    }
    if (status)
        *status = SER_OK;
    return v;
fail:
    ser_vad_destroy(v);
    if (status)
        *status = st;
    return NULL;
}

void ser_vad_destroy(ser_vad *vad)
{
    if (!vad)
        return;
    ser_yin_destroy(vad->yin);
    free(vad->frame);
    free(vad);
}

const ser_vad_config *ser_vad_config_of(const ser_vad *vad) { return vad ? &vad->cfg : NULL; }
size_t ser_vad_frame_length(const ser_vad *vad) { return vad ? vad->frame_length : 0; }
size_t ser_vad_hop_length(const ser_vad *vad) { return vad ? vad->hop_length : 0; }

ser_status ser_vad_frame(ser_vad *vad, const float *x, size_t n, ser_vad_frame_result *out)
{
    if (!vad || !out || (!x && n) || n > vad->frame_length)
        return SER_ERR_ARG;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return SER_ERR_NONFINITE;
        sum += (double)x[i] * (double)x[i];
    }
    double ms = n ? sum / (double)n : 0.0;
    out->rms_dbfs = ms > 0.0 ? 10.0 * log10(ms) : -INFINITY; /* as ser_audio_levels: 20 log10(rms) */
    out->loud = out->rms_dbfs >= vad->cfg.floor_dbfs;
    out->voiced = false;
    out->f0 = 0.0;
    if (!out->loud)
        return SER_OK;
    const float *frame = x;
    if (n < vad->frame_length) {
        memcpy(vad->frame, x, n * sizeof *x);
        memset(vad->frame + n, 0, (vad->frame_length - n) * sizeof *x);
        frame = vad->frame;
    }
    ser_yin_frame yf;
    ser_status st = ser_yin_process(vad->yin, frame, &yf);
    if (st != SER_OK)
        return st;
    if (yf.trough && yf.f0 >= vad->cfg.fmin && yf.f0 <= vad->cfg.fmax) {
        out->voiced = true;
        out->f0 = yf.f0;
    }
    return SER_OK;
}

void ser_vad_result_reset(ser_vad_result *r)
{
    memset(r, 0, sizeof *r);
    r->reason = SER_VAD_SILENT;
}

void ser_vad_add_frame(const ser_vad *vad, ser_vad_result *r, const ser_vad_frame_result *f)
{
    (void)vad;
    r->n_frames++;
    r->loud_frames += f->loud;
    if (f->voiced) {
        double st = 12.0 * log2(f->f0);
        r->voiced_frames++;
        r->st_sum += st;
        r->st_sq += st * st;
    }
}

void ser_vad_decide(const ser_vad *vad, ser_vad_result *r)
{
    double hop = (double)vad->hop_length / vad->cfg.sample_rate;
    r->voiced_seconds = (double)r->voiced_frames * hop;
    r->speech_fraction = r->n_frames ? (double)r->voiced_frames / (double)r->n_frames : 0.0;
    r->f0_mean_hz = 0.0;
    r->f0_std_semitones = 0.0;
    if (r->voiced_frames) {
        double m = r->st_sum / (double)r->voiced_frames;
        double var = r->st_sq / (double)r->voiced_frames - m * m;
        r->f0_mean_hz = exp2(m / 12.0);
        r->f0_std_semitones = var > 0.0 ? sqrt(var) : 0.0;
    }
    /* Half a hop of tolerance: voiced time is counted in whole hops. */
    if (!r->loud_frames)
        r->reason = SER_VAD_SILENT;
    else if (!r->voiced_frames || r->voiced_seconds + 0.5 * hop < vad->cfg.min_voiced_seconds)
        r->reason = SER_VAD_UNVOICED;
    else if (r->f0_std_semitones < vad->cfg.min_f0_std_semitones)
        r->reason = SER_VAD_TONE;
    else
        r->reason = SER_VAD_SPEECH;
    r->speech = r->reason == SER_VAD_SPEECH;
}

ser_status ser_vad_clip(ser_vad *vad, const float *x, size_t n, ser_vad_result *out)
{
    if (!vad || !out || (!x && n))
        return SER_ERR_ARG;
    ser_vad_result_reset(out);
    size_t L = vad->frame_length, hop = vad->hop_length;
    for (size_t start = 0; start < n; start += hop) {
        size_t len = n - start < L ? n - start : L;
        ser_vad_frame_result f;
        ser_status st = ser_vad_frame(vad, x + start, len, &f);
        if (st != SER_OK)
            return st;
        ser_vad_add_frame(vad, out, &f);
        if (start + L >= n)
            break;
    }
    ser_vad_decide(vad, out);
    return SER_OK;
}
