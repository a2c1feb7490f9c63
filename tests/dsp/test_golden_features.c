/* Golden test: every frame of every spectral and time-domain feature we
 * implement, for every input and every variant in ../shared/vectors
 * (native rate, librosa-resampled .f32 signals, and the legacy reflect
 * padding), against librosa 0.10.2.
 *
 * Tolerances, |ours - ref| <= atol + rtol |ref|, per feature family:
 *   |STFT| debug frames  atol 1e-7 x frame max, rtol 1e-5
 *   mel (power)          atol 1e-9 x file max, rtol 1e-5
 *   mel_db               atol 2e-4 dB, rtol 0
 *   mfcc13 / mfcc40      atol 1e-3, rtol 1e-5 (the reference DCT runs in
 *                        float32: scipy.fftpack.dct of a float32 array)
 *   chroma (both)        atol 1e-5, rtol 1e-5 (values in [0, 1])
 *   contrast             atol 5e-5 dB, rtol 1e-6
 *   rms                  atol 1e-9, rtol 1e-5
 *   zcr                  atol 1e-12 (exact: a count / 2048)
 *   centroid, bandwidth  atol 1e-3 Hz, rtol 1e-6
 *   rolloff              atol 1e-6 Hz (a bin frequency: exact)
 *   tuning               exact estimate, exact peak counts, median rtol 1e-5
 * The worst error of each feature is printed for every variant. */
#include "golden.h"

#include "ser/chroma.h"
#include "ser/contrast.h"
#include "ser/db.h"
#include "ser/mel.h"
#include "ser/mfcc.h"
#include "ser/rms.h"
#include "ser/spectral.h"
#include "ser/stft.h"
#include "ser/tuning.h"
#include "ser/zcr.h"

static const char *const inputs[] = {
    "all_silent_16000",  "chirp100-8000_22050", "short_0.05s_22050",      "sine440_22050",
    "speech_16000",      "speech_22050",        "speech_noisy10dB_22050", "stereo_44100",
    "tone_then_silence_22050", "whitenoise_16000",
};

enum { F_STFT, F_MEL, F_MEL_DB, F_MFCC13, F_MFCC40, F_CHROMA, F_CHROMA0, F_CONTRAST, F_RMS, F_ZCR,
       F_CENTROID, F_BANDWIDTH, F_ROLLOFF, F_COUNT };
static const char *const fnames[F_COUNT] = {"stft_mag", "mel", "mel_db", "mfcc13", "mfcc40", "chroma", "chroma_tuning0",
                                            "contrast", "rms", "zcr", "spectral_centroid", "spectral_bandwidth",
                                            "spectral_rolloff"};
static gd_result worst[F_COUNT];
static int n_failed;

static void record(int f, const char *what, gd_result r)
{
    printf("  %-20s worst |d| %-10.3g worst |d|/tol %-8.3g bad %zu/%zu\n", fnames[f], r.worst_abs, r.worst_ratio,
           r.n_bad, r.n);
    if (r.worst_abs > worst[f].worst_abs)
        worst[f].worst_abs = r.worst_abs;
    if (r.worst_ratio > worst[f].worst_ratio)
        worst[f].worst_ratio = r.worst_ratio;
    worst[f].n_bad += r.n_bad;
    worst[f].n += r.n;
    if (r.n_bad) {
        fprintf(stderr, "FAIL %s %s\n", what, fnames[f]);
        n_failed++;
    }
}

/* Compare one reference feature (rows, T) with ours (T, rows). */
static void check_feature(int f, const char *what, const cJSON *features, const char *key, const float *ours,
                          size_t T, size_t rows, double atol_abs, double atol_rel_max, double rtol)
{
    size_t R = 0, C = 0;
    double *ref = gd_matrix(gd_get(features, key), &R, &C);
    if (!ref || R != rows || C != T) {
        fprintf(stderr, "%s %s: reference shape %zux%zu, ours %zux%zu\n", what, key, R, C, rows, T);
        n_failed++;
        free(ref);
        return;
    }
    double atol = atol_abs + atol_rel_max * gd_max_abs(ref, R * C);
    record(f, what, gd_compare(ours, T, rows, ref, atol, rtol));
    free(ref);
}

/* Run every feature on x and compare with one variant's features object.
 * reflect: the legacy variant (STFT reflect padding; 4 features only). */
static void run_variant(const char *what, const float *x, size_t n, double sr, const cJSON *variant, bool reflect,
                        double ref_tuning)
{
    printf("%s (sr %g, %zu samples)\n", what, sr, n);
    const cJSON *features = gd_get(variant, "features");
    ser_status st;
    ser_stft_config sc = ser_stft_config_default();
    if (reflect)
        sc.pad_mode = SER_PAD_REFLECT;
    ser_stft *stft = ser_stft_create(&sc, &st);
    assert_non_null(stft);
    size_t nb = ser_stft_n_bins(stft), T = ser_stft_n_frames(stft, n);
    float *P = malloc(T * nb * sizeof *P), *M = malloc(T * nb * sizeof *M);
    assert_int_equal(ser_stft_power(stft, x, n, P, T), SER_OK);
    ser_power_to_magnitude(P, M, T * nb);

    /* |STFT| debug frames */
    const cJSON *dbg = gd_get(variant, "stft_mag_debug");
    if (dbg) {
        const cJSON *idx = gd_get(dbg, "frame_indices");
        size_t R = 0, C = 0;
        double *ref = gd_matrix(gd_get(dbg, "frames"), &R, &C);
        gd_result all = {0, 0, 0, 0};
        for (size_t i = 0; i < R; i++) {
            size_t t = (size_t)cJSON_GetArrayItem(idx, (int)i)->valuedouble;
            assert_true(t < T && C == nb);
            double atol = 1e-7 * gd_max_abs(ref + i * C, C);
            gd_result r = gd_compare(M + t * nb, 1, nb, ref + i * C, atol, 1e-5);
            all.worst_abs = fmax(all.worst_abs, r.worst_abs);
            all.worst_ratio = fmax(all.worst_ratio, r.worst_ratio);
            all.n_bad += r.n_bad;
            all.n += r.n;
        }
        record(F_STFT, what, all);
        free(ref);
    }

    /* mel, mel_db, mfcc */
    ser_mel_config mc = ser_mel_config_default();
    mc.sample_rate = sr;
    ser_mel *mel = ser_mel_create(&mc, &st);
    assert_non_null(mel);
    float *mp = malloc(T * 128 * sizeof *mp), *mdb = malloc(T * 128 * sizeof *mdb);
    for (size_t t = 0; t < T; t++)
        ser_mel_process(mel, P + t * nb, mp + t * 128);
    check_feature(F_MEL, what, features, "mel", mp, T, 128, 0, 1e-9, 1e-5);
    ser_db_config dbc = ser_db_config_default();
    ser_power_to_db(&dbc, mp, mdb, T * 128);
    if (!reflect)
        check_feature(F_MEL_DB, what, features, "mel_db", mdb, T, 128, 2e-4, 0, 0);
    for (int v = 0; v < 2; v++) {
        if (reflect && v == 1)
            break;
        ser_mfcc_config fc = ser_mfcc_config_default();
        fc.n_mfcc = v == 0 ? 13 : 40;
        ser_mfcc *mf = ser_mfcc_create(&fc, &st);
        assert_non_null(mf);
        float *cc = malloc(T * fc.n_mfcc * sizeof *cc);
        for (size_t t = 0; t < T; t++)
            ser_mfcc_process(mf, mdb + t * 128, cc + t * fc.n_mfcc);
        check_feature(v == 0 ? F_MFCC13 : F_MFCC40, what, features, v == 0 ? "mfcc13" : "mfcc40", cc, T, fc.n_mfcc,
                      1e-3, 0, 1e-5);
        free(cc);
        ser_mfcc_destroy(mf);
    }

    /* tuning and chroma */
    ser_tuning_config tc = ser_tuning_config_default();
    tc.sample_rate = sr;
    ser_tuning *tun = ser_tuning_create(&tc, &st);
    assert_non_null(tun);
    double tuning = NAN;
    ser_tuning_stats ts;
    assert_int_equal(ser_tuning_estimate_spectrogram(tun, P, T, &tuning, &ts), SER_OK);
    const cJSON *ct = gd_get(variant, "chroma_tuning");
    if (ct) {
        double med = gd_num(ct, "median_mag_threshold");
        printf("  tuning %.6g (ref %.6g), peaks %zu (ref %g), median %.9g (ref %.9g), selected %zu (ref %g)\n",
               tuning, ref_tuning, ts.n_peaks, gd_num(ct, "n_piptrack_peaks"), ts.median_mag, med, ts.n_selected,
               gd_num(ct, "n_selected_frequencies"));
        assert_true((double)ts.n_peaks == gd_num(ct, "n_piptrack_peaks"));
        assert_true((double)ts.n_selected == gd_num(ct, "n_selected_frequencies"));
        assert_true(tu_close(ts.median_mag, med, 0, 1e-5));
    } else {
        printf("  tuning %.6g (ref %.6g)\n", tuning, ref_tuning);
    }
    assert_true(fabs(tuning - ref_tuning) < 1e-12);
    ser_chroma_config chc = ser_chroma_config_default();
    chc.sample_rate = sr;
    chc.tuning = tuning;
    ser_chroma *chroma = ser_chroma_create(&chc, &st);
    assert_non_null(chroma);
    float *ch = malloc(T * 12 * sizeof *ch);
    for (int v = 0; v < 2; v++) {
        if (reflect && v == 1)
            break;
        assert_int_equal(ser_chroma_set_tuning(chroma, v == 0 ? tuning : 0.0), SER_OK);
        for (size_t t = 0; t < T; t++)
            ser_chroma_process(chroma, P + t * nb, ch + t * 12);
        check_feature(v == 0 ? F_CHROMA : F_CHROMA0, what, features, v == 0 ? "chroma" : "chroma_tuning0", ch, T, 12,
                      1e-5, 0, 1e-5);
    }

    /* contrast */
    ser_contrast_config kc = ser_contrast_config_default();
    kc.sample_rate = sr;
    ser_contrast *con = ser_contrast_create(&kc, &st);
    assert_non_null(con);
    size_t R = ser_contrast_n_rows(con);
    double *pk = malloc(T * R * sizeof *pk), *vl = malloc(T * R * sizeof *vl);
    float *co = malloc(T * R * sizeof *co);
    for (size_t t = 0; t < T; t++)
        ser_contrast_frame(con, M + t * nb, pk + t * R, vl + t * R);
    ser_contrast_finish(con, &dbc, pk, vl, T, co);
    check_feature(F_CONTRAST, what, features, "contrast", co, T, R, 5e-5, 0, 1e-6);

    if (!reflect) {
        /* rms, zcr */
        float *scratch = malloc(2048 * sizeof *scratch), *v1 = malloc(T * sizeof *v1);
        ser_rms_config rc = ser_rms_config_default();
        assert_int_equal(ser_frame_count(n, rc.frame_length, rc.hop_length, rc.center), T);
        assert_int_equal(ser_rms(&rc, x, n, scratch, v1, T), SER_OK);
        check_feature(F_RMS, what, features, "rms", v1, T, 1, 1e-9, 0, 1e-5);
        ser_zcr_config zc = ser_zcr_config_default();
        assert_int_equal(ser_zcr(&zc, x, n, scratch, v1, T), SER_OK);
        check_feature(F_ZCR, what, features, "zcr", v1, T, 1, 1e-12, 0, 0);

        /* centroid, bandwidth, rolloff */
        ser_spectral_config pc = ser_spectral_config_default();
        pc.sample_rate = sr;
        ser_spectral *sp = ser_spectral_create(&pc, &st);
        assert_non_null(sp);
        float *c1 = malloc(T * sizeof *c1), *b1 = malloc(T * sizeof *b1), *r1 = malloc(T * sizeof *r1);
        for (size_t t = 0; t < T; t++) {
            ser_spectral_frame fr;
            ser_spectral_process(sp, M + t * nb, &fr);
            c1[t] = (float)fr.centroid;
            b1[t] = (float)fr.bandwidth;
            r1[t] = (float)fr.rolloff;
        }
        check_feature(F_CENTROID, what, features, "spectral_centroid", c1, T, 1, 1e-3, 0, 1e-6);
        check_feature(F_BANDWIDTH, what, features, "spectral_bandwidth", b1, T, 1, 1e-3, 0, 1e-6);
        check_feature(F_ROLLOFF, what, features, "spectral_rolloff", r1, T, 1, 1e-6, 0, 0);
        free(c1);
        free(b1);
        free(r1);
        ser_spectral_destroy(sp);
        free(scratch);
        free(v1);
    }

    free(pk);
    free(vl);
    free(co);
    ser_contrast_destroy(con);
    free(ch);
    ser_chroma_destroy(chroma);
    ser_tuning_destroy(tun);
    free(mp);
    free(mdb);
    ser_mel_destroy(mel);
    free(P);
    free(M);
    ser_stft_destroy(stft);
}

static void test_golden_features(void **state)
{
    (void)state;
    size_t n_variants = 0;
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char file[128], wav[128];
        snprintf(file, sizeof file, "%s.json", inputs[i]);
        snprintf(wav, sizeof wav, "%s.wav", inputs[i]);
        cJSON *root = gd_load_json(file);
        assert_non_null(root);
        const cJSON *variants = gd_get(root, "variants"), *v;
        size_t n = 0, nw = 0;
        double sr = 0;
        float *xw = gd_read_wav(wav, &nw, &sr);
        assert_non_null(xw);
        cJSON_ArrayForEach(v, variants)
        {
            char what[192];
            snprintf(what, sizeof what, "%s/%s", inputs[i], v->string);
            const cJSON *f32 = gd_get(v, "resampled_signal_file");
            float *x = xw;
            n = nw;
            if (cJSON_IsString(f32)) {
                x = gd_read_f32(f32->valuestring, &n);
                assert_non_null(x);
            }
            assert_true(gd_check_signal(x, n, gd_get(v, "signal_checksum"), what));
            double vsr = gd_num(v, "sr");
            run_variant(what, x, n, vsr, v, false, gd_num(v, "chroma_tuning.tuning_estimate_fraction_of_bin"));
            n_variants++;
            if (x != xw)
                free(x);
        }
        const cJSON *legacy = gd_get(root, "legacy_reflect_padding");
        if (legacy) {
            char what[192];
            snprintf(what, sizeof what, "%s/legacy_reflect_padding", inputs[i]);
            run_variant(what, xw, nw, sr, legacy, true, gd_num(legacy, "tuning"));
            n_variants++;
        }
        free(xw);
        cJSON_Delete(root);
    }
    printf("\nworst over %zu variants:\n", n_variants);
    for (int f = 0; f < F_COUNT; f++)
        printf("  %-20s worst |d| %-10.3g worst |d|/tol %-8.3g bad %zu/%zu\n", fnames[f], worst[f].worst_abs,
               worst[f].worst_ratio, worst[f].n_bad, worst[f].n);
    assert_int_equal(n_variants, 17);
    assert_int_equal(n_failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_features),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
