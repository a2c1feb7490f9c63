/* Streaming sample-rate conversion: a libsoxr object fed chunk by chunk. */
#include "ser/resample.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <soxr.h>

struct ser_resampler {
    ser_resampler_config cfg;
    soxr_t soxr;          /* NULL for a pass-through (equal rates) */
    size_t max_output;    /* bound on the samples one call writes */
    int ended;            /* flush has been called */
};

ser_resampler_config ser_resampler_config_default(void)
{
    ser_resampler_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.input_rate = 16000.0;
    cfg.output_rate = 16000.0;
    cfg.quality = SER_RESAMPLE_HQ;
    cfg.max_chunk = 4096;
    return cfg;
}

static soxr_t new_soxr(const ser_resampler_config *cfg)
{
    soxr_error_t e = NULL;
    soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    soxr_quality_spec_t q = soxr_quality_spec(cfg->quality == SER_RESAMPLE_VHQ ? SOXR_VHQ : SOXR_HQ, 0);
    soxr_runtime_spec_t rt = soxr_runtime_spec(1);
    soxr_t s = soxr_create(cfg->input_rate, cfg->output_rate, 1, &e, &io, &q, &rt);
    if (e) {
        soxr_delete(s);
        return NULL;
    }
    return s;
}

/* libsoxr works in blocks, so one call may release far more output than
 * its own input (the held-back samples of earlier calls).  The most it
 * holds back is a property of the filter design; measure it once with
 * zeros fed one sample at a time (the worst case) and keep a 2x margin. */
static int measure_held_back(const ser_resampler_config *cfg, size_t *held)
{
    soxr_t s = new_soxr(cfg);
    if (!s)
        return -1;
    const double ratio = cfg->output_rate / cfg->input_rate;
    const size_t n_probe = 32768;
    const size_t cap = 1u << 20;
    float *out = malloc(cap * sizeof *out);
    if (!out) {
        soxr_delete(s);
        return -1;
    }
    const float zero = 0.0f;
    size_t total_out = 0, worst = 0;
    for (size_t i = 1; i <= n_probe; i++) {
        size_t idone = 0, odone = 0;
        if (soxr_process(s, &zero, 1, &idone, out, cap, &odone) || idone != 1) {
            free(out);
            soxr_delete(s);
            return -1;
        }
        total_out += odone;
        double due = ceil((double)i * ratio);
        double owed = due - (double)total_out;
        if (owed > (double)worst)
            worst = (size_t)owed;
    }
    free(out);
    soxr_delete(s);
    *held = worst;
    return 0;
}

ser_resampler *ser_resampler_create(const ser_resampler_config *cfg, ser_status *err)
{
    if (err)
        *err = SER_OK;
    if (!cfg || !(cfg->input_rate > 0.0) || !(cfg->output_rate > 0.0) || !isfinite(cfg->input_rate) ||
        !isfinite(cfg->output_rate) || cfg->max_chunk == 0 || cfg->max_chunk > ((size_t)1 << 28) ||
        cfg->output_rate / cfg->input_rate > 256.0 || cfg->input_rate / cfg->output_rate > 256.0) {
        if (err)
            *err = SER_ERR_ARG;
        return NULL;
    }
    ser_resampler *r = calloc(1, sizeof *r);
    if (!r) {
        if (err)
            *err = SER_ERR_NOMEM;
        return NULL;
    }
    r->cfg = *cfg;
    if (cfg->input_rate == cfg->output_rate) {
        r->max_output = cfg->max_chunk;
        return r;
    }
    size_t held = 0;
    r->soxr = new_soxr(cfg);
    if (!r->soxr || measure_held_back(cfg, &held) != 0) {
        ser_resampler_destroy(r);
        if (err)
            *err = SER_ERR_EXTERNAL;
        return NULL;
    }
    double per_chunk = ceil((double)cfg->max_chunk * cfg->output_rate / cfg->input_rate);
    r->max_output = (size_t)per_chunk + 2 * held + 64;
    return r;
}

void ser_resampler_destroy(ser_resampler *r)
{
    if (!r)
        return;
    soxr_delete(r->soxr);
    free(r);
}

size_t ser_resampler_max_output(const ser_resampler *r)
{
    return r ? r->max_output : 0;
}

ser_status ser_resampler_process(ser_resampler *r, const float *in, size_t n_in, float *out, size_t out_capacity,
                                 size_t *n_out)
{
    if (n_out)
        *n_out = 0;
    if (!r || !n_out || (n_in && (!in || !out)) || n_in > r->cfg.max_chunk)
        return SER_ERR_ARG;
    if (r->ended)
        return SER_ERR_STATE;
    if (out_capacity < r->max_output)
        return SER_ERR_OVERFLOW;
    if (n_in == 0)
        return SER_OK;
    if (!r->soxr) {
        memmove(out, in, n_in * sizeof *in);
        *n_out = n_in;
        return SER_OK;
    }
    size_t used = 0, written = 0;
    while (used < n_in) {
        size_t idone = 0, odone = 0;
        if (soxr_process(r->soxr, in + used, n_in - used, &idone, out + written, out_capacity - written, &odone))
            return SER_ERR_EXTERNAL;
        used += idone;
        written += odone;
        if (idone == 0 && written == out_capacity)
            return SER_ERR_OVERFLOW;
    }
    *n_out = written;
    return SER_OK;
}

ser_status ser_resampler_flush(ser_resampler *r, float *out, size_t out_capacity, size_t *n_out)
{
    if (n_out)
        *n_out = 0;
    if (!r || !n_out || (out_capacity && !out))
        return SER_ERR_ARG;
    r->ended = 1;
    if (!r->soxr)
        return SER_OK;
    size_t odone = 0;
    if (soxr_process(r->soxr, NULL, 0, NULL, out, out_capacity, &odone))
        return SER_ERR_EXTERNAL;
    *n_out = odone;
    return SER_OK;
}

ser_status ser_resampler_reset(ser_resampler *r)
{
    if (!r)
        return SER_ERR_ARG;
    r->ended = 0;
    if (r->soxr && soxr_clear(r->soxr))
        return SER_ERR_EXTERNAL;
    return SER_OK;
}
