/* pYIN f0 estimation, numerically as librosa 0.10 computes it
 * (librosa/core/pitch.py: pyin, __pyin_helper).  See include/ser/pitch.h. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pairwise_sum.h"
#include "dsp/frame_extract.h"
#include "dsp/pyin_internal.h"
#include "dsp/yin_internal.h"
#include "ser/util.h"

struct ser_pyin {
    ser_pyin_config cfg;
    ser_yin *yin;
    size_t n_lags, min_period;
    size_t n_thr;
    double *thresholds; /* n_thr + 1: linspace(0, 1, n_thr + 1) */
    double *beta_probs; /* n_thr: diff(beta.cdf(thresholds)) */
    size_t bins_per_semitone, n_bins;
    double *bin_hz;     /* n_bins */
    size_t *trough_lag; /* per trough: index into the cmndf */
    size_t *first_below; /* per trough: first threshold index k with h < thresholds[k+1] */
    size_t *n_below;    /* per threshold: troughs below it */
    size_t *seen;       /* per threshold: troughs below it so far */
    double *probs;      /* per trough */
    ser__pyin_transition tr;
};

ser_pyin_config ser_pyin_config_default(void)
{
    ser_pyin_config c;
    c.yin = ser_yin_config_default();
    c.n_thresholds = 100;
    c.beta_a = 2.0;
    c.beta_b = 18.0;
    c.boltzmann_parameter = 2.0;
    c.resolution = 0.1;
    c.max_transition_rate = 35.92;
    c.switch_prob = 0.01;
    c.no_trough_prob = 0.01;
    c.fill_na = NAN;
    return c;
}

/* The derived sizes of librosa.pyin. */
static void derived(const ser_pyin_config *c, size_t *bins_per_semitone, size_t *n_bins,
                    size_t *width)
{
    size_t hop = c->yin.hop_length ? c->yin.hop_length : c->yin.frame_length / 4;
    size_t bps = (size_t)ceil(1.0 / c->resolution);
    double nb = floor((double)(12 * bps) * log2(c->yin.fmax / c->yin.fmin));
    double semis = nearbyint(c->max_transition_rate * 12.0 * (double)hop / c->yin.sample_rate);
    *bins_per_semitone = bps;
    *n_bins = nb >= 0.0 && nb < 1e6 ? (size_t)nb + 1 : 0;
    *width = semis >= 0.0 && semis < 1e6 ? (size_t)semis * bps + 1 : 0;
}

ser_status ser_pyin_config_check(const ser_pyin_config *cfg, ser_error *err)
{
    if (!cfg)
        return ser_error_set(err, SER_ERR_ARG, "pyin: config is NULL");
    ser_status st = ser_yin_config_check(&cfg->yin, err);
    if (st != SER_OK)
        return st;
    if (cfg->n_thresholds < 1 || cfg->n_thresholds > 100000)
        return ser_error_set(err, SER_ERR_ARG, "pyin: n_thresholds %zu out of [1, 100000]",
                             cfg->n_thresholds);
    if (!(cfg->beta_a > 0.0) || !(cfg->beta_b > 0.0) || !isfinite(cfg->beta_a) ||
        !isfinite(cfg->beta_b))
        return ser_error_set(err, SER_ERR_ARG, "pyin: beta parameters must be > 0");
    if (!(cfg->boltzmann_parameter > 0.0) || !isfinite(cfg->boltzmann_parameter))
        return ser_error_set(err, SER_ERR_ARG, "pyin: boltzmann_parameter must be > 0");
    if (!(cfg->resolution > 0.0) || !(cfg->resolution <= 1.0))
        return ser_error_set(err, SER_ERR_ARG, "pyin: resolution %g out of (0, 1]",
                             cfg->resolution);
    if (!(cfg->max_transition_rate > 0.0) || !isfinite(cfg->max_transition_rate))
        return ser_error_set(err, SER_ERR_ARG, "pyin: max_transition_rate must be > 0");
    if (!(cfg->switch_prob > 0.0 && cfg->switch_prob < 1.0))
        return ser_error_set(err, SER_ERR_ARG, "pyin: switch_prob %g out of (0, 1)",
                             cfg->switch_prob);
    if (!(cfg->no_trough_prob >= 0.0 && cfg->no_trough_prob <= 1.0))
        return ser_error_set(err, SER_ERR_ARG, "pyin: no_trough_prob %g out of [0, 1]",
                             cfg->no_trough_prob);
    size_t bps, n_bins, width;
    derived(cfg, &bps, &n_bins, &width);
    if (n_bins < 2 || 2 * n_bins > 65536)
        return ser_error_set(err, SER_ERR_ARG,
                             "pyin: %zu pitch bins (fmin %g, fmax %g, resolution %g); need 2..32768",
                             n_bins, cfg->yin.fmin, cfg->yin.fmax, cfg->resolution);
    if (width < 1 || width > n_bins)
        return ser_error_set(err, SER_ERR_ARG,
                             "pyin: transition width %zu bins exceeds the %zu pitch bins", width,
                             n_bins);
    return SER_OK;
}

void ser_pyin_destroy(ser_pyin *p)
{
    if (!p)
        return;
    ser_yin_destroy(p->yin);
    free(p->thresholds);
    free(p->beta_probs);
    free(p->bin_hz);
    free(p->trough_lag);
    free(p->first_below);
    free(p->n_below);
    free(p->seen);
    free(p->probs);
    ser__pyin_transition_free(&p->tr);
    free(p);
}

ser_pyin *ser_pyin_create(const ser_pyin_config *cfg, ser_status *err)
{
    ser_status st = ser_pyin_config_check(cfg, NULL);
    if (st != SER_OK) {
        if (err)
            *err = st;
        return NULL;
    }
    ser_pyin *p = calloc(1, sizeof *p);
    if (!p) {
        if (err)
            *err = SER_ERR_NOMEM;
        return NULL;
    }
    p->cfg = *cfg;
    p->yin = ser_yin_create(&cfg->yin, &st);
    if (!p->yin)
        goto fail;
    p->cfg.yin = *ser_yin_config_of(p->yin);
    p->n_lags = ser__yin_n_lags(p->yin);
    p->min_period = ser_yin_min_period(p->yin);
    p->n_thr = cfg->n_thresholds;
    size_t width;
    derived(&p->cfg, &p->bins_per_semitone, &p->n_bins, &width);
    p->thresholds = ser_alloc_array(p->n_thr + 1, sizeof(double));
    p->beta_probs = ser_alloc_array(p->n_thr, sizeof(double));
    p->bin_hz = ser_alloc_array(p->n_bins, sizeof(double));
    p->trough_lag = ser_alloc_array(p->n_lags, sizeof(size_t));
    p->first_below = ser_alloc_array(p->n_lags, sizeof(size_t));
    p->n_below = ser_alloc_array(p->n_thr, sizeof(size_t));
    p->seen = ser_alloc_array(p->n_thr, sizeof(size_t));
    p->probs = ser_alloc_array(p->n_lags, sizeof(double));
    st = SER_ERR_NOMEM;
    if (!p->thresholds || !p->beta_probs || !p->bin_hz || !p->trough_lag || !p->first_below ||
        !p->n_below || !p->seen || !p->probs)
        goto fail;
    st = ser__pyin_transition_init(&p->tr, p->n_bins, width, cfg->switch_prob);
    if (st != SER_OK)
        goto fail;

    /* np.linspace(0, 1, n + 1): i * (1/n), last exactly 1. */
    double step = 1.0 / (double)p->n_thr;
    for (size_t i = 0; i <= p->n_thr; i++)
        p->thresholds[i] = (double)i * step;
    p->thresholds[p->n_thr] = 1.0;
    double prev = ser__beta_cdf(p->thresholds[0], cfg->beta_a, cfg->beta_b);
    for (size_t i = 0; i < p->n_thr; i++) {
        double next = ser__beta_cdf(p->thresholds[i + 1], cfg->beta_a, cfg->beta_b);
        p->beta_probs[i] = next - prev;
        prev = next;
    }
    double per_octave = (double)(12 * p->bins_per_semitone);
    for (size_t b = 0; b < p->n_bins; b++)
        p->bin_hz[b] = p->cfg.yin.fmin * pow(2.0, (double)b / per_octave);
    if (err)
        *err = SER_OK;
    return p;
fail:
    ser_pyin_destroy(p);
    if (err)
        *err = st;
    return NULL;
}

size_t ser_pyin_n_bins(const ser_pyin *pyin) { return pyin->n_bins; }

double ser_pyin_bin_hz(const ser_pyin *pyin, size_t bin)
{
    return bin < pyin->n_bins ? pyin->bin_hz[bin] : NAN;
}

ser_status ser_pyin_observe(ser_pyin *p, const float *frame, double *obs, double *voiced_prob)
{
    if (!p || !frame || !obs)
        return SER_ERR_ARG;
    const double *shifts;
    const double *c = ser__yin_cmndf(p->yin, frame, &shifts);
    const size_t L = p->n_lags, K = p->n_thr, N = p->n_bins;
    memset(obs, 0, 2 * N * sizeof *obs);

    size_t M = 0;
    for (size_t i = 0; i < L; i++)
        if (ser__yin_is_trough(c, L, i))
            p->trough_lag[M++] = i;

    if (M > 0) {
        /* Trough m is below threshold k (k = 0..K-1 meaning thresholds[k+1])
         * from k = first_below[m] on: the thresholds increase. */
        memset(p->n_below, 0, K * sizeof *p->n_below);
        memset(p->seen, 0, K * sizeof *p->seen);
        size_t gmin = 0;
        for (size_t m = 0; m < M; m++) {
            double h = c[p->trough_lag[m]];
            size_t k = 0;
            while (k < K && !(h < p->thresholds[k + 1]))
                k++;
            p->first_below[m] = k;
            for (size_t j = k; j < K; j++)
                p->n_below[j]++;
            if (h < c[p->trough_lag[gmin]])
                gmin = m;
        }
        /* Boltzmann prior over the order of the troughs below each
         * threshold, weighted by the beta prior of the threshold. */
        const double lambda = p->cfg.boltzmann_parameter;
        for (size_t m = 0; m < M; m++) {
            double sum = 0.0;
            for (size_t k = p->first_below[m]; k < K; k++) {
                double position = (double)p->seen[k]++;
                sum += ser__boltzmann_pmf(position, lambda, (double)p->n_below[k]) *
                       p->beta_probs[k];
            }
            p->probs[m] = sum;
        }
        /* Thresholds the global minimum is not below give their mass to it. */
        p->probs[gmin] +=
            p->cfg.no_trough_prob * ser__pairwise_sum(p->beta_probs, p->first_below[gmin]);

        /* Candidates (non-zero probability), ascending lag; a later one
         * overwrites an earlier one in the same bin (numpy assignment). */
        const double per_octave = (double)(12 * p->bins_per_semitone);
        const double sr = p->cfg.yin.sample_rate, fmin = p->cfg.yin.fmin;
        for (size_t m = 0; m < M; m++) {
            if (p->probs[m] == 0.0)
                continue;
            size_t lag = p->trough_lag[m];
            double period = (double)(p->min_period + lag) + shifts[lag];
            double bin = nearbyint(per_octave * log2(sr / period / fmin));
            if (bin < 0.0)
                bin = 0.0;
            if (bin < (double)N) /* bin N is the first unvoiced state: overwritten */
                obs[(size_t)bin] = p->probs[m];
        }
    }
    double vp = 0.0;
    for (size_t b = 0; b < N; b++)
        vp += obs[b];
    vp = vp < 0.0 ? 0.0 : vp > 1.0 ? 1.0 : vp;
    double unvoiced = (1.0 - vp) / (double)N;
    for (size_t b = 0; b < N; b++)
        obs[N + b] = unvoiced;
    if (voiced_prob)
        *voiced_prob = vp;
    return SER_OK;
}

ser_status ser_pyin_compute(const ser_pyin_config *cfg, const float *y, size_t n, double *f0,
                            bool *voiced_flag, double *voiced_prob, size_t n_frames,
                            ser_error *err)
{
    ser_status st = ser_pyin_config_check(cfg, err);
    if (st != SER_OK)
        return st;
    if (!y || n == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "pyin: no samples");
    size_t want = ser_yin_n_frames(&cfg->yin, n);
    if (want == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "pyin: %zu samples give no frame", n);
    if (n_frames != want)
        return ser_error_set(err, SER_ERR_ARG, "pyin: output holds %zu frames, need %zu",
                             n_frames, want);
    ser_pyin *p = ser_pyin_create(cfg, &st);
    if (!p)
        return ser_error_set(err, st, "pyin: cannot create the tracker");
    const ser_yin_config *yc = &p->cfg.yin;
    const size_t N = p->n_bins, S = 2 * N;
    ser__pyin_viterbi vit;
    memset(&vit, 0, sizeof vit);
    float *frame = ser_alloc_array(yc->frame_length, sizeof(float));
    double *obs = ser_alloc_array(S, sizeof(double));
    double *log_init = ser_alloc_array(S, sizeof(double));
    size_t *states = ser_alloc_array(n_frames, sizeof(size_t));
    st = SER_ERR_NOMEM;
    if (frame && obs && log_init && states)
        st = ser__pyin_viterbi_init(&vit, &p->tr, n_frames);
    if (st != SER_OK) {
        ser_error_set(err, st, "pyin: out of memory (%zu frames x %zu states)", n_frames, S);
        goto done;
    }
    /* p_init: 0 for voiced states, 1/N for unvoiced; logs of p + DBL_MIN. */
    for (size_t j = 0; j < S; j++)
        log_init[j] = log((j < N ? 0.0 : 1.0 / (double)N) + DBL_MIN);
    for (size_t t = 0; t < n_frames; t++) {
        double vp;
        ser__frame_extract(y, n, t, yc->frame_length, yc->hop_length, yc->center, frame);
        ser_pyin_observe(p, frame, obs, &vp);
        if (voiced_prob)
            voiced_prob[t] = vp;
        for (size_t j = 0; j < S; j++)
            obs[j] = log(obs[j] + DBL_MIN);
        st = ser__pyin_viterbi_step(&vit, obs, log_init);
        if (st != SER_OK) {
            ser_error_set(err, st, "pyin: decoding failed at frame %zu", t);
            goto done;
        }
    }
    st = ser__pyin_viterbi_decode(&vit, states);
    for (size_t t = 0; st == SER_OK && t < n_frames; t++) {
        bool voiced = states[t] < N;
        if (voiced_flag)
            voiced_flag[t] = voiced;
        if (f0)
            f0[t] = voiced ? p->bin_hz[states[t]] : cfg->fill_na;
    }
done:
    ser__pyin_viterbi_free(&vit);
    free(frame);
    free(obs);
    free(log_init);
    free(states);
    ser_pyin_destroy(p);
    return st;
}
