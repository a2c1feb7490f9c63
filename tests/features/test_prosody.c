/* Prosody on synthetic signals whose answers follow from their
 * construction: an f0 glide (slope, mean, std, range), half-voiced signals
 * (voiced fraction), glottal-like pulse trains with alternating periods
 * (jitter) or amplitudes (shimmer), a harmonic tone in noise at known SNR
 * (HNR), tone bursts at known rates (speaking rate), energy contours of
 * known shape, and degenerate inputs (defined, finite values). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features/prosody_internal.h"
#include "ser/prosody.h"
#include "ser/rng.h"

#define SR 16000.0
#define HOP 512     /* the energy contour's hop (librosa rms) */
#define PHOP 160    /* the pitch grid: 10 ms at 16 kHz (default pitch_hop_s) */

/* librosa.feature.rms (frame 2048, hop 512, centred, zero padding). */
static float *frame_rms(const float *x, size_t n, size_t *T)
{
    *T = 1 + n / HOP;
    float *r = malloc(*T * sizeof *r);
    for (size_t t = 0; t < *T; t++) {
        double acc = 0;
        for (long long j = 0; j < 2048; j++) {
            long long s = (long long)(t * HOP) - 1024 + j;
            if (s >= 0 && s < (long long)n)
                acc += (double)x[s] * x[s];
        }
        r[t] = (float)sqrt(acc / 2048.0);
    }
    return r;
}

static ser_status prosody_of(const float *x, size_t n, const ser_prosody_config *cfg,
                             ser_prosody *p)
{
    size_t T;
    float *rms = frame_rms(x, n, &T);
    ser_error err;
    ser_error_clear(&err);
    ser_status st = ser_prosody_compute(x, n, SR, rms, T, cfg, p, &err);
    if (st != SER_OK)
        printf("  prosody error: %s\n", err.message);
    free(rms);
    return st;
}

static void print_prosody(const char *what, const ser_prosody *p)
{
    double v[SER_PROSODY_N_DIMS];
    ser_prosody_to_array(p, v);
    printf("  %s:", what);
    for (size_t i = 0; i < SER_PROSODY_N_DIMS; i++)
        printf(" %s=%.4g", ser_prosody_dims[i].name, v[i]);
    printf("\n");
}

/* Harmonics 1..5 (amplitudes 1/k) of an f0 contour given as phase. */
static float harmonic(double phase, double amp)
{
    double s = 0;
    for (int k = 1; k <= 5; k++)
        s += sin(k * phase) / k;
    return (float)(amp * s / 1.5);
}

static void test_f0_glide(void **state)
{
    (void)state;
    /* f0(t) = 110 * 2^(6 t / 12): a glide of 6 semitones per second,
     * 110 -> 220 Hz in 2 s. */
    const double dur = 2.0, rate = 6.0;
    size_t n = (size_t)(dur * SR);
    float *x = malloc(n * sizeof *x);
    double phase = 0;
    for (size_t i = 0; i < n; i++) {
        double t = i / SR;
        x[i] = harmonic(phase, 0.5);
        phase += 2 * M_PI * 110.0 * pow(2.0, rate * t / 12.0) / SR;
    }
    ser_prosody p;
    assert_int_equal(prosody_of(x, n, NULL, &p), SER_OK);
    print_prosody("glide", &p);
    /* Expected, from the construction: f0 in semitones re 27.5 Hz is
     * 24 + 6 t over the pitch frames inside the signal (t = k*hop/sr). */
    double s = 0, ss = 0, s_hz = 0;
    size_t m = 0;
    for (size_t k = 0; k * PHOP < n; k++) {
        double st = 24.0 + rate * (k * PHOP / SR);
        s += st;
        ss += st * st;
        s_hz += 27.5 * pow(2.0, st / 12.0);
        m++;
    }
    double mean = s / m, sd = sqrt(ss / m - mean * mean);
    double range = 0.6 * rate * ((m - 1) * PHOP / SR); /* p80 - p20 of a uniform ramp */
    printf("  glide expected: slope %.3f mean %.3f std %.3f range %.3f mean_hz %.2f\n", rate, mean,
           sd, range, s_hz / m);
    assert_true(fabs(p.f0_slope - rate) < 0.03 * rate);
    assert_true(fabs(p.f0_mean - mean) < 0.2);
    assert_true(fabs(p.f0_std - sd) < 0.2);
    assert_true(fabs(p.f0_range - range) < 0.3);
    assert_true(p.voiced_fraction > 0.9);
    assert_true(fabs(p.f0_mean_hz - s_hz / m) < 0.01 * s_hz / m);
    free(x);
}

/* First half a tone, second half silence / white noise: half voiced. */
static void test_voiced_fraction(void **state)
{
    (void)state;
    size_t n = (size_t)(3.0 * SR);
    float *x = malloc(n * sizeof *x);
    for (int second = 0; second < 2; second++) {
        ser_rng rng;
        ser_rng_seed(&rng, 3);
        for (size_t i = 0; i < n; i++)
            x[i] = i < n / 2 ? harmonic(2 * M_PI * 140.0 * i / SR, 0.4)
                             : (second ? (float)(0.05 * ser_rng_normal(&rng)) : 0.0f);
        ser_prosody p;
        assert_int_equal(prosody_of(x, n, NULL, &p), SER_OK);
        size_t T = 1 + n / PHOP;
        double expected = (double)(n / 2 / PHOP + 1) / (double)T; /* frames centred in the tone */
        printf("  half voiced (%s): voiced_fraction %.4f expected %.4f\n",
               second ? "noise" : "silence", p.voiced_fraction, expected);
        /* the 1024-sample frames straddling the boundary (+-3.2 hops) may go
         * either way */
        assert_true(fabs(p.voiced_fraction - expected) <= 4.0 / T);
        assert_true(fabs(p.f0_mean_hz - 140.0) < 1.0);
    }
    free(x);
}

/* Glottal-like pulse train: Gaussian pulses (sigma 2.5 samples) at times
 * t_i with periods P_i and heights A_i. */
static float *pulse_train(size_t n, const double *periods, const double *amps, size_t count,
                          double start)
{
    float *x = calloc(n, sizeof *x);
    double t = start;
    for (size_t i = 0; i < count && t < n; i++) {
        long long c = (long long)floor(t);
        for (long long s = c - 15; s <= c + 15; s++)
            if (s >= 0 && s < (long long)n)
                x[s] += (float)(amps[i] * exp(-0.5 * pow((s - t) / 2.5, 2)));
        t += periods[i];
    }
    return x;
}

static void test_jitter(void **state)
{
    (void)state;
    const double deltas[] = {0.0, 0.005, 0.01, 0.02};
    size_t n = (size_t)(2.0 * SR), count = 300;
    double *per = malloc(count * sizeof *per), *amp = malloc(count * sizeof *amp);
    for (size_t d = 0; d < 4; d++) {
        /* periods alternate T0 (1 + delta), T0 (1 - delta), T0 = 128.7 samples */
        for (size_t i = 0; i < count; i++) {
            per[i] = 128.7 * (1.0 + (i % 2 ? -deltas[d] : deltas[d]));
            amp[i] = 0.6;
        }
        float *x = pulse_train(n, per, amp, count, 20.0);
        /* expected: Praat's jitter (local) of the constructed periods that
         * lie inside the signal */
        double sum_d = 0, sum_p = 0, t = 20.0;
        size_t np = 0;
        for (size_t i = 0; i + 1 < count && t + per[i] + per[i + 1] < n; i++) {
            sum_p += per[i];
            np++;
            if (i > 0)
                sum_d += fabs(per[i] - per[i - 1]);
            t += per[i];
        }
        double expected = (sum_d / (np - 1)) / (sum_p / np);
        ser_prosody p;
        assert_int_equal(prosody_of(x, n, NULL, &p), SER_OK);
        printf("  jitter delta %.3f: expected %.5f measured %.5f (f0 %.2f Hz, voiced %.2f)\n",
               deltas[d], expected, p.jitter_local, p.f0_mean_hz, p.voiced_fraction);
        assert_true(p.voiced_fraction > 0.9);
        if (deltas[d] == 0.0)
            assert_true(p.jitter_local < 0.002);
        else
            assert_true(fabs(p.jitter_local - expected) < 0.1 * expected);
        assert_true(p.shimmer_local < 0.01); /* equal heights */
        free(x);
    }
    free(per);
    free(amp);
}

static void test_shimmer(void **state)
{
    (void)state;
    const double alphas[] = {0.0, 0.05, 0.15};
    size_t n = (size_t)(2.0 * SR), count = 300;
    double *per = malloc(count * sizeof *per), *amp = malloc(count * sizeof *amp);
    for (size_t a = 0; a < 3; a++) {
        /* heights alternate 0.5 (1 + alpha), 0.5 (1 - alpha) */
        for (size_t i = 0; i < count; i++) {
            per[i] = 120.0;
            amp[i] = 0.5 * (1.0 + (i % 2 ? -alphas[a] : alphas[a]));
        }
        float *x = pulse_train(n, per, amp, count, 10.0);
        double al = alphas[a];
        double expected = 2 * al;                                   /* |dA| / mean A */
        double expected_db = 20 * log10((1 + al) / (1 - al));       /* |20 log10 ratio| */
        ser_prosody p;
        assert_int_equal(prosody_of(x, n, NULL, &p), SER_OK);
        printf("  shimmer alpha %.2f: expected %.4f (%.4f dB) measured %.4f (%.4f dB), jitter "
               "%.5f\n",
               al, expected, expected_db, p.shimmer_local, p.shimmer_local_db, p.jitter_local);
        if (al == 0.0) {
            assert_true(p.shimmer_local < 0.005);
            assert_true(p.shimmer_local_db < 0.05);
        } else {
            assert_true(fabs(p.shimmer_local - expected) < 0.05 * expected);
            assert_true(fabs(p.shimmer_local_db - expected_db) < 0.05 * expected_db);
        }
        assert_true(p.jitter_local < 0.002); /* constant period */
        free(x);
    }
    free(per);
    free(amp);
}

/* Harmonic tone + white noise at a known SNR: HNR tracks the SNR. */
static double hnr_at(double f0, double snr_db, int with_noise)
{
    size_t n = (size_t)(2.0 * SR);
    float *x = malloc(n * sizeof *x);
    ser_rng rng;
    ser_rng_seed(&rng, 99);
    /* power of harmonic(): sum_k (0.4 / 1.5 / k)^2 / 2 */
    double ph = 0;
    for (int k = 1; k <= 5; k++)
        ph += pow(0.4 / 1.5 / k, 2) / 2;
    double sigma = sqrt(ph / pow(10.0, snr_db / 10.0));
    for (size_t i = 0; i < n; i++)
        x[i] = harmonic(2 * M_PI * f0 * i / SR, 0.4) +
               (with_noise ? (float)(sigma * ser_rng_normal(&rng)) : 0.0f);
    ser_prosody p;
    assert_int_equal(prosody_of(x, n, NULL, &p), SER_OK);
    free(x);
    return p.hnr_db;
}

static void test_hnr(void **state)
{
    (void)state;
    const double snrs[] = {0.0, 5.0, 10.0, 20.0};
    double prev = -1e9;
    for (size_t i = 0; i < 4; i++) {
        double h = hnr_at(200.0, snrs[i], 1); /* period 80 samples */
        printf("  HNR: f0 200 Hz, SNR %.0f dB -> %.2f dB\n", snrs[i], h);
        assert_true(fabs(h - snrs[i]) < 1.5);
        assert_true(h > prev);
        prev = h;
    }
    double h = hnr_at(190.0, 10.0, 1); /* non-integer period 84.2 samples */
    printf("  HNR: f0 190 Hz, SNR 10 dB -> %.2f dB\n", h);
    assert_true(fabs(h - 10.0) < 2.0);
    h = hnr_at(200.0, 0.0, 0);
    printf("  HNR: clean tone -> %.2f dB\n", h);
    assert_true(h > 40.0);
}

/* Tone bursts (Hann envelope) at a known rate, in groups separated by
 * silences: speaking rate = bursts / (group spans). */
static float *bursts(size_t n, double rate, double len, size_t per_group, size_t groups,
                     double gap, double lead)
{
    float *x = calloc(n, sizeof *x);
    double t0 = lead;
    for (size_t g = 0; g < groups; g++) {
        for (size_t b = 0; b < per_group; b++) {
            double s = t0 + b / rate;
            for (size_t i = (size_t)(s * SR); i < (size_t)((s + len) * SR) && i < n; i++) {
                double u = (i / SR - s) / len;
                x[i] = harmonic(2 * M_PI * 150.0 * i / SR, 0.5 * pow(sin(M_PI * u), 2));
            }
        }
        t0 += (per_group - 1) / rate + len + gap;
    }
    return x;
}

static void test_speaking_rate(void **state)
{
    (void)state;
    const struct {
        double rate, len;
        size_t per_group, groups;
        double gap;
    } cases[] = {{4.0, 0.12, 12, 1, 0.0}, {6.0, 0.09, 18, 1, 0.0}, {4.0, 0.12, 6, 2, 1.0},
                 {3.0, 0.15, 5, 3, 0.6}};
    for (size_t c = 0; c < 4; c++) {
        size_t n = (size_t)(7.0 * SR);
        float *x = bursts(n, cases[c].rate, cases[c].len, cases[c].per_group, cases[c].groups,
                          cases[c].gap, 0.5);
        size_t total = cases[c].per_group * cases[c].groups;
        double span = cases[c].groups * ((cases[c].per_group - 1) / cases[c].rate + cases[c].len);
        double expected = total / span;
        ser_prosody p;
        assert_int_equal(prosody_of(x, n, NULL, &p), SER_OK);

        /* the nuclei themselves */
        ser_prosody_config cfg = ser_prosody_config_default();
        size_t T = 1 + n / PHOP;
        bool *voiced = malloc(T * sizeof *voiced);
        for (size_t t = 0; t < T; t++)
            voiced[t] = true;
        ser__nuclei nu;
        assert_int_equal(ser__prosody_nuclei(x, n, SR, voiced, T, PHOP, 0, &cfg, &nu), SER_OK);
        printf("  rate %.0f/s x%zu groups: nuclei %zu (of %zu bursts), speaking %.3f s "
               "(span %.3f), rate %.3f expected %.3f\n",
               cases[c].rate, cases[c].groups, nu.n_nuclei, total, nu.speaking_time, span,
               p.speaking_rate, expected);
        assert_int_equal(nu.n_nuclei, total);
        assert_true(fabs(p.speaking_rate - expected) < 0.05 * expected);
        /* unvoiced frames do not count */
        for (size_t t = 0; t < T; t++)
            voiced[t] = false;
        assert_int_equal(ser__prosody_nuclei(x, n, SR, voiced, T, PHOP, 0, &cfg, &nu), SER_OK);
        assert_int_equal(nu.n_nuclei, 0);
        free(voiced);
        free(x);
    }
}

/* Energy contours of known shape (frame rate 31.25 frames/s). */
static void test_energy(void **state)
{
    (void)state;
    const double fr = SR / HOP;
    size_t T = 100;
    float *rms = malloc(T * sizeof *rms);
    double scratch[200];
    ser_prosody p;
    /* a ramp from -40 to -10 dB */
    for (size_t t = 0; t < T; t++)
        rms[t] = (float)pow(10.0, (-40.0 + 30.0 * t / (T - 1)) / 20.0);
    ser__prosody_energy(rms, T, fr, 60.0, scratch, &p);
    double slope = 30.0 / ((T - 1) / fr);
    printf("  energy ramp: mean %.3f std %.3f range %.3f slope %.3f rise %.3f fall %.3f "
           "(expected slope %.3f)\n",
           p.energy_mean, p.energy_std, p.energy_range, p.energy_slope, p.energy_rise_rate,
           p.energy_fall_rate, slope);
    assert_true(fabs(p.energy_mean + 25.0) < 1e-4);
    assert_true(fabs(p.energy_std - 30.0 * sqrt((double)(T * T - 1) / 12.0) / (T - 1)) < 1e-4);
    assert_true(fabs(p.energy_range - 18.0) < 1e-4);
    assert_true(fabs(p.energy_slope - slope) < 1e-4 * slope);
    assert_true(fabs(p.energy_rise_rate - slope) < 1e-4 * slope);
    assert_true(p.energy_fall_rate == 0.0);
    /* sawtooth: +2 dB per frame for 10 frames, -4 dB per frame for 5 */
    double e = -30;
    for (size_t t = 0; t < T; t++) {
        rms[t] = (float)pow(10.0, e / 20.0);
        e += (t % 15) < 10 ? 2.0 : -4.0;
    }
    ser__prosody_energy(rms, T, fr, 60.0, scratch, &p);
    printf("  energy sawtooth: rise %.3f (expected %.3f) fall %.3f (expected %.3f)\n",
           p.energy_rise_rate, 2 * fr, p.energy_fall_rate, 4 * fr);
    assert_true(fabs(p.energy_rise_rate - 2 * fr) < 1e-3 * 2 * fr);
    assert_true(fabs(p.energy_fall_rate - 4 * fr) < 1e-3 * 4 * fr);
    /* silence: the -100 dB floor, no dynamics */
    for (size_t t = 0; t < T; t++)
        rms[t] = 0.0f;
    ser__prosody_energy(rms, T, fr, 60.0, scratch, &p);
    assert_true(p.energy_mean == -100.0 && p.energy_std == 0.0 && p.energy_range == 0.0);
    assert_true(p.energy_slope == 0.0 && p.energy_rise_rate == 0.0 && p.energy_fall_rate == 0.0);
    /* floor: a 0 dB frame among -100 dB frames clamps them at -60 dB */
    rms[50] = 1.0f;
    ser__prosody_energy(rms, T, fr, 60.0, scratch, &p);
    assert_true(fabs(p.energy_mean - (-60.0 * 99 / 100.0)) < 1e-9);
    free(rms);
}

static void all_finite(const ser_prosody *p)
{
    double v[SER_PROSODY_N_DIMS];
    ser_prosody_to_array(p, v);
    for (size_t i = 0; i < SER_PROSODY_N_DIMS; i++)
        assert_true(isfinite(v[i]));
}

static void test_degenerate(void **state)
{
    (void)state;
    ser_prosody p;
    /* silence: no voiced frame -> 0, energy at the floor */
    size_t n = 16000;
    float *x = calloc(n, sizeof *x);
    assert_int_equal(prosody_of(x, n, NULL, &p), SER_OK);
    print_prosody("silence", &p);
    all_finite(&p);
    assert_true(p.voiced_fraction == 0.0 && p.f0_mean == 0.0 && p.f0_mean_hz == 0.0);
    assert_true(p.jitter_local == 0.0 && p.shimmer_local == 0.0 && p.hnr_db == 0.0);
    assert_true(p.speaking_rate == 0.0 && p.energy_mean == -100.0);
    /* white noise: (almost) unvoiced, finite */
    ser_rng rng;
    ser_rng_seed(&rng, 5);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.1 * ser_rng_normal(&rng));
    assert_int_equal(prosody_of(x, n, NULL, &p), SER_OK);
    print_prosody("noise", &p);
    all_finite(&p);
    assert_true(p.voiced_fraction < 0.1);
    /* too short: 100 samples, one frame */
    for (size_t i = 0; i < 100; i++)
        x[i] = harmonic(2 * M_PI * 200.0 * i / SR, 0.5);
    assert_int_equal(prosody_of(x, 100, NULL, &p), SER_OK);
    all_finite(&p);
    /* YIN as the tracker */
    ser_prosody_config cfg = ser_prosody_config_default();
    cfg.method = SER_PITCH_YIN;
    for (size_t i = 0; i < n; i++)
        x[i] = harmonic(2 * M_PI * 180.0 * i / SR, 0.5);
    assert_int_equal(prosody_of(x, n, &cfg, &p), SER_OK);
    assert_true(p.voiced_fraction > 0.9 && fabs(p.f0_mean_hz - 180.0) < 1.0);
    /* librosa's own pitch grid (2048 / 512 samples) instead of 64 ms / 10 ms */
    cfg = ser_prosody_config_default();
    cfg.pitch_frame_s = 0.0;
    cfg.pitch_hop_s = 0.0;
    assert_int_equal(prosody_of(x, n, &cfg, &p), SER_OK);
    assert_true(p.voiced_fraction > 0.8 && fabs(p.f0_mean_hz - 180.0) < 1.0);
    assert_true(p.hnr_db > 40.0 && p.jitter_local < 0.002);
    /* errors */
    ser_error err;
    float rms[32] = {0};
    assert_int_equal(ser_prosody_compute(x, 0, SR, rms, 1, NULL, &p, &err), SER_ERR_EMPTY);
    assert_int_equal(ser_prosody_compute(x, n, SR, rms, 5, NULL, &p, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, "frame_rms"));
    assert_int_equal(ser_prosody_compute(x, n, SR, NULL, 32, NULL, &p, &err), SER_ERR_ARG);
    assert_int_equal(ser_prosody_compute(x, n, 0.0, rms, 32, NULL, &p, &err), SER_ERR_ARG);
    x[7] = NAN;
    assert_int_equal(ser_prosody_compute(x, n, SR, rms, 32, NULL, &p, &err), SER_ERR_NONFINITE);
    cfg = ser_prosody_config_default();
    cfg.max_period_factor = 1.0;
    x[7] = 0;
    assert_int_equal(ser_prosody_compute(x, n, SR, rms, 32, &cfg, &p, &err), SER_ERR_ARG);
    free(x);
}

/* Other rates: telephone 8 kHz and 44.1 kHz (pitch frames 512 and 2048
 * samples, hops 80 and 441): a harmonic tone keeps f0, voicing, HNR. */
static void test_other_rates(void **state)
{
    (void)state;
    const double rates[] = {8000.0, 22050.0, 44100.0};
    for (size_t r = 0; r < 3; r++) {
        double sr = rates[r];
        size_t n = (size_t)(1.5 * sr), T = 1 + n / HOP;
        float *x = malloc(n * sizeof *x), *rms = calloc(T, sizeof *rms);
        for (size_t i = 0; i < n; i++)
            x[i] = harmonic(2 * M_PI * 165.0 * i / sr, 0.4);
        for (size_t t = 0; t < T; t++)
            rms[t] = 0.1f;
        ser_prosody p;
        ser_error err;
        assert_int_equal(ser_prosody_compute(x, n, sr, rms, T, NULL, &p, &err), SER_OK);
        printf("  %.0f Hz: f0 %.2f Hz voiced %.3f hnr %.1f dB jitter %.5f shimmer %.5f\n", sr,
               p.f0_mean_hz, p.voiced_fraction, p.hnr_db, p.jitter_local, p.shimmer_local);
        assert_true(fabs(p.f0_mean_hz - 165.0) < 1.0 && p.voiced_fraction > 0.9);
        assert_true(p.hnr_db > 30.0 && p.jitter_local < 0.002 && p.shimmer_local < 0.003);
        assert_true(fabs(p.energy_mean + 20.0) < 1e-5 && p.energy_std < 1e-9);
        free(x);
        free(rms);
    }
}

static void test_dimension_table(void **state)
{
    (void)state;
    assert_int_equal(SER_PROSODY_N_DIMS, sizeof(ser_prosody) / sizeof(double));
    ser_prosody p;
    double *raw = (double *)&p;
    for (size_t i = 0; i < SER_PROSODY_N_DIMS; i++)
        raw[i] = (double)i;
    double v[SER_PROSODY_N_DIMS];
    ser_prosody_to_array(&p, v);
    for (size_t i = 0; i < SER_PROSODY_N_DIMS; i++) {
        assert_true(v[i] == (double)(ser_prosody_dims[i].offset / sizeof(double)));
        assert_non_null(ser_prosody_dims[i].unit);
        assert_true(strlen(ser_prosody_dims[i].description) > 10);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(ser_prosody_dims[i].name, ser_prosody_dims[j].name);
    }
    assert_string_equal(ser_prosody_dims[3].name, "f0_slope");
    assert_true(ser_prosody_dims[3].offset == offsetof(ser_prosody, f0_slope));
    assert_string_equal(ser_prosody_dims[SER_PROSODY_N_DIMS - 1].name, "hnr_db");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dimension_table), cmocka_unit_test(test_energy),
        cmocka_unit_test(test_f0_glide),        cmocka_unit_test(test_voiced_fraction),
        cmocka_unit_test(test_jitter),          cmocka_unit_test(test_shimmer),
        cmocka_unit_test(test_hnr),             cmocka_unit_test(test_speaking_rate),
        cmocka_unit_test(test_degenerate),      cmocka_unit_test(test_other_rates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
