/* ser_prosody_compute: the pitch track, then each prosodic feature (see
 * include/ser/prosody.h for definitions and references). */
#include "ser/prosody.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/glottal_pulses.h"
#include "dsp/hnr.h"
#include "features/prosody_internal.h"
#include "ser/util.h"

#define DIM(field, unit, text) {#field, unit, text, offsetof(ser_prosody, field)}

const ser_prosody_dim ser_prosody_dims[SER_PROSODY_N_DIMS] = {
    DIM(f0_mean, "st", "mean f0 of voiced frames, semitones re 27.5 Hz"),
    DIM(f0_std, "st", "standard deviation of f0 (semitones), voiced frames"),
    DIM(f0_range, "st", "80th minus 20th percentile of f0 (semitones)"),
    DIM(f0_slope, "st/s", "least-squares slope of f0 (semitones) against time"),
    DIM(f0_mean_hz, "Hz", "mean f0 of voiced frames"),
    DIM(f0_std_hz, "Hz", "standard deviation of f0 of voiced frames"),
    DIM(voiced_fraction, "1", "fraction of frames that are voiced"),
    DIM(energy_mean, "dB", "mean frame energy, 20 log10 RMS re full scale"),
    DIM(energy_std, "dB", "standard deviation of the frame energy"),
    DIM(energy_range, "dB", "80th minus 20th percentile of the frame energy"),
    DIM(energy_slope, "dB/s", "least-squares slope of the frame energy"),
    DIM(energy_rise_rate, "dB/s", "mean slope of the rising parts of the energy"),
    DIM(energy_fall_rate, "dB/s", "mean slope (magnitude) of the falling parts"),
    DIM(speaking_rate, "1/s", "syllable nuclei per second of speaking time"),
    DIM(jitter_local, "1", "mean absolute period difference / mean period"),
    DIM(shimmer_local, "1", "mean absolute amplitude difference / mean amplitude"),
    DIM(shimmer_local_db, "dB", "mean absolute dB ratio of consecutive amplitudes"),
    DIM(hnr_db, "dB", "harmonics-to-noise ratio, autocorrelation method"),
};

ser_prosody_config ser_prosody_config_default(void)
{
    ser_prosody_config c;
    c.method = SER_PITCH_PYIN;
    c.pitch = ser_pyin_config_default();
    c.pitch_frame_s = 0.064;
    c.pitch_hop_s = 0.010;
    c.energy_hop = 512;
    c.energy_floor_db = 60.0;
    c.intensity_window_s = 0.04;
    c.intensity_hop_s = 0.01;
    c.silence_db = -25.0;
    c.min_dip_db = 2.0;
    c.min_pause_s = 0.3;
    c.max_period_factor = 1.3;
    c.max_amplitude_factor = 1.6;
    c.periodicity_threshold = 0.45;
    c.hnr_window_s = 0.06;
    return c;
}

void ser_prosody_to_array(const ser_prosody *p, double *out)
{
    const char *base = (const char *)p;
    for (size_t i = 0; i < SER_PROSODY_N_DIMS; i++)
        memcpy(&out[i], base + ser_prosody_dims[i].offset, sizeof(double));
}

/* Pitch frames in samples from pitch_frame_s / pitch_hop_s: the frame is
 * the power of two nearest (in log scale) to pitch_frame_s * sr. */
static void resolve_pitch_grid(ser_prosody_config *c, double sr)
{
    c->pitch.yin.sample_rate = sr;
    if (c->pitch_frame_s > 0.0 && isfinite(c->pitch_frame_s)) {
        double want = c->pitch_frame_s * sr;
        size_t L = 64;
        while (L < ((size_t)1 << 24) && (double)L * M_SQRT2 < want)
            L *= 2;
        c->pitch.yin.frame_length = L;
        c->pitch.yin.win_length = 0;
    }
    if (c->pitch_hop_s > 0.0 && isfinite(c->pitch_hop_s)) {
        double h = nearbyint(c->pitch_hop_s * sr);
        c->pitch.yin.hop_length = h < 1.0 ? 1 : h > 1e8 ? 100000000 : (size_t)h;
    }
}

static ser_status check_config(const ser_prosody_config *c, ser_error *err)
{
    if (c->method != SER_PITCH_PYIN && c->method != SER_PITCH_YIN)
        return ser_error_set(err, SER_ERR_ARG, "prosody: unknown pitch method %d", (int)c->method);
    ser_status st = c->method == SER_PITCH_PYIN ? ser_pyin_config_check(&c->pitch, err)
                                                 : ser_yin_config_check(&c->pitch.yin, err);
    if (st != SER_OK)
        return st;
    if (!(c->energy_floor_db > 0.0) || !isfinite(c->energy_floor_db))
        return ser_error_set(err, SER_ERR_ARG, "prosody: energy_floor_db must be > 0");
    if (!(c->intensity_window_s > 0.0) || !(c->intensity_hop_s > 0.0) ||
        !isfinite(c->intensity_window_s) || !isfinite(c->intensity_hop_s))
        return ser_error_set(err, SER_ERR_ARG, "prosody: intensity window and hop must be > 0");
    if (!isfinite(c->silence_db) || !(c->min_dip_db >= 0.0) || !(c->min_pause_s >= 0.0))
        return ser_error_set(err, SER_ERR_ARG,
                             "prosody: silence_db finite, min_dip_db and min_pause_s >= 0");
    if (c->energy_hop == 0)
        return ser_error_set(err, SER_ERR_ARG, "prosody: energy_hop must be > 0");
    if (!(c->periodicity_threshold >= 0.0 && c->periodicity_threshold <= 1.0))
        return ser_error_set(err, SER_ERR_ARG, "prosody: periodicity_threshold out of [0, 1]");
    if (!(c->hnr_window_s > 0.0) || !isfinite(c->hnr_window_s))
        return ser_error_set(err, SER_ERR_ARG, "prosody: hnr_window_s must be > 0");
    if (!(c->max_period_factor > 1.0) || !(c->max_amplitude_factor > 1.0))
        return ser_error_set(err, SER_ERR_ARG,
                             "prosody: max_period_factor and max_amplitude_factor must be > 1");
    return SER_OK;
}

/* The pitch track: f0 (Hz) and voicing per frame. */
static ser_status track_pitch(const float *x, size_t n, const ser_prosody_config *c, double *f0,
                              bool *voiced, size_t T, ser_error *err)
{
    if (c->method == SER_PITCH_PYIN)
        return ser_pyin_compute(&c->pitch, x, n, f0, voiced, NULL, T, err);
    ser_status st;
    ser_yin *yin = ser_yin_create(&c->pitch.yin, &st);
    ser_yin_frame *fr = ser_alloc_array(T, sizeof *fr);
    if (!yin || !fr) {
        ser_yin_destroy(yin);
        free(fr);
        return ser_error_set(err, yin ? SER_ERR_NOMEM : st, "prosody: cannot run YIN");
    }
    st = ser_yin_track(yin, x, n, fr, T);
    for (size_t t = 0; st == SER_OK && t < T; t++) {
        voiced[t] = fr[t].trough && fr[t].f0 >= c->pitch.yin.fmin && fr[t].f0 <= c->pitch.yin.fmax;
        f0[t] = fr[t].f0;
    }
    ser_yin_destroy(yin);
    free(fr);
    return st == SER_OK ? SER_OK : ser_error_set(err, st, "prosody: YIN failed");
}

ser_status ser_prosody_compute(const float *samples, size_t n, double sr, const float *frame_rms,
                               size_t n_frames, const ser_prosody_config *cfg, ser_prosody *out,
                               ser_error *err)
{
    if (!out)
        return ser_error_set(err, SER_ERR_ARG, "prosody: out is NULL");
    memset(out, 0, sizeof *out);
    if (!(sr > 0.0) || !isfinite(sr))
        return ser_error_set(err, SER_ERR_ARG, "prosody: sample rate %g must be > 0", sr);
    ser_prosody_config c = cfg ? *cfg : ser_prosody_config_default();
    resolve_pitch_grid(&c, sr);
    ser_status st = check_config(&c, err);
    if (st != SER_OK)
        return st;
    if (!samples || n == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "prosody: no samples");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(samples[i]))
            return ser_error_set(err, SER_ERR_NONFINITE, "prosody: sample %zu is not finite", i);
    size_t n_energy = 1 + n / c.energy_hop;
    if (!frame_rms || n_frames != n_energy)
        return ser_error_set(err, SER_ERR_ARG,
                             "prosody: frame_rms has %zu frames, need 1 + %zu/%zu = %zu",
                             frame_rms ? n_frames : 0, n, c.energy_hop, n_energy);
    const ser_yin_config *yc = &c.pitch.yin;
    const size_t hop = yc->hop_length ? yc->hop_length : yc->frame_length / 4;
    const size_t T = ser_yin_n_frames(yc, n);
    if (T == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "prosody: %zu samples give no pitch frame", n);

    double *f0 = ser_alloc_array(T, sizeof(double));
    double *r = ser_alloc_array(T, sizeof(double));
    bool *voiced = ser_alloc_array(T, sizeof(bool));
    bool *periodic = ser_alloc_array(T, sizeof(bool));
    size_t n_scratch = T > n_frames ? T : n_frames;
    double *scratch = ser_alloc_array(n_scratch, 2 * sizeof(double));
    ser__pulses marks = {0};
    if (!f0 || !r || !voiced || !periodic || !scratch) {
        st = ser_error_set(err, SER_ERR_NOMEM, "prosody: out of memory (%zu frames)", T);
        goto done;
    }
    st = track_pitch(samples, n, &c, f0, voiced, T, err);
    if (st != SER_OK)
        goto done;

    ser__prosody_f0_stats(f0, voiced, T, sr / (double)hop, scratch, out);
    ser__prosody_energy(frame_rms, n_frames, sr / (double)c.energy_hop, c.energy_floor_db,
                        scratch, out);

    /* pitch frame t is centred on t*hop + centre */
    const size_t centre = yc->center ? 0 : yc->frame_length / 2;
    ser__nuclei nuc;
    st = ser__prosody_nuclei(samples, n, sr, voiced, T, hop, centre, &c, &nuc);
    if (st != SER_OK) {
        ser_error_set(err, st, "prosody: syllable nuclei failed");
        goto done;
    }
    out->speaking_rate = nuc.speaking_time > 0.0 ? (double)nuc.n_nuclei / nuc.speaking_time : 0.0;

    /* Periodicity of every voiced frame (HNR window hnr_window_s rounded to
     * an even number of samples >= 4), then HNR over the periodic ones. */
    double wl = 2.0 * nearbyint(c.hnr_window_s * sr / 2.0);
    size_t hnr_len = wl < 4.0 ? 4 : wl > 1e8 ? 100000000 : (size_t)wl;
    st = ser__hnr_frames(samples, n, sr, f0, voiced, T, hop, centre, hnr_len,
                         c.max_period_factor, r);
    if (st != SER_OK) {
        ser_error_set(err, st, "prosody: HNR failed");
        goto done;
    }
    double hnr_sum = 0.0;
    size_t n_periodic = 0;
    for (size_t t = 0; t < T; t++) {
        periodic[t] = voiced[t] && r[t] >= c.periodicity_threshold; /* NaN: false */
        if (periodic[t]) {
            hnr_sum += ser__hnr_db(r[t]);
            n_periodic++;
        }
    }
    out->hnr_db = n_periodic ? hnr_sum / (double)n_periodic : 0.0;

    st = ser__glottal_pulses(samples, n, sr, f0, periodic, T, hop, centre, c.max_period_factor,
                             &marks);
    if (st != SER_OK) {
        ser_error_set(err, st, "prosody: glottal marks failed");
        goto done;
    }
    ser__perturbation pert;
    ser__prosody_perturbation(samples, n, &marks, sr / yc->fmax, sr / yc->fmin,
                              c.max_period_factor, c.max_amplitude_factor, &pert);
    out->jitter_local = pert.jitter;
    out->shimmer_local = pert.shimmer;
    out->shimmer_local_db = pert.shimmer_db;
done:
    ser__pulses_free(&marks);
    free(f0);
    free(r);
    free(voiced);
    free(periodic);
    free(scratch);
    if (st != SER_OK)
        memset(out, 0, sizeof *out);
    return st;
}
