/* Tables against ../shared/vectors/filterbanks.json (librosa 0.10.2):
 * the periodic Hann window (|d| <= 1e-15), the Slaney mel filterbank
 * (float32 weights bit-identical, band edges rtol 1e-12) and the chroma
 * filterbank at tuning 0 (|d| <= 1e-9 + 1e-6 |ref|: computed in double
 * and rounded to float32 like librosa, so at most an ulp apart) for 16000,
 * 22050 and 44100 Hz, and the spectral-contrast band bins for each rate.
 * Also the contrast bands at rates where librosa refuses (sr <= 12800). */
#include "dsp/golden.h"

#include "ser/chroma.h"
#include "ser/contrast.h"
#include "ser/mel.h"
#include "ser/stft.h"

static cJSON *fb;
static const double rates[] = {16000, 22050, 44100};

static int setup(void **state)
{
    (void)state;
    fb = gd_load_json("filterbanks.json");
    return fb ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cJSON_Delete(fb);
    return 0;
}

static const cJSON *per_sr(double sr, const char *key)
{
    char path[128];
    snprintf(path, sizeof path, "per_sr.%.0f.%s", sr, key);
    return gd_get(fb, path);
}

static void test_window(void **state)
{
    (void)state;
    ser_stft_config c = ser_stft_config_default();
    ser_stft *st = ser_stft_create(&c, NULL);
    assert_non_null(st);
    size_t R = 0, C = 0;
    double *ref = gd_matrix(gd_get(fb, "hann_periodic_2048"), &R, &C);
    assert_int_equal(R * C, 2048);
    const double *w = ser_stft_window(st);
    double worst = 0;
    for (size_t i = 0; i < 2048; i++)
        worst = fmax(worst, fabs(w[i] - ref[i]));
    printf("hann window: worst |d| %.3g\n", worst);
    assert_true(worst <= 1e-15);
    free(ref);
    ser_stft_destroy(st);
}

static void test_mel_filterbank(void **state)
{
    (void)state;
    for (size_t r = 0; r < 3; r++) {
        ser_mel_config mc = ser_mel_config_default();
        mc.sample_rate = rates[r];
        ser_status st;
        ser_mel *mel = ser_mel_create(&mc, &st);
        assert_non_null(mel);
        size_t R = 0, C = 0;
        double *edges = gd_matrix(per_sr(rates[r], "mel_band_edges_hz_130"), &R, &C);
        assert_int_equal(R * C, 130);
        const double *e = ser_mel_band_edges(mel);
        for (size_t i = 0; i < 130; i++)
            assert_true(tu_close(e[i], edges[i], 0, 1e-12));
        free(edges);
        const cJSON *rows = gd_get(per_sr(rates[r], "mel_filterbank_128x1025_sparse"), "rows");
        assert_int_equal(cJSON_GetArraySize(rows), 128);
        size_t mismatched = 0;
        for (int i = 0; i < 128; i++) {
            const cJSON *row = cJSON_GetArrayItem(rows, i);
            size_t first, count;
            const float *w = ser_mel_band(mel, (size_t)i, &first, &count);
            const cJSON *ws = gd_get(row, "weights");
            assert_int_equal(first, (size_t)gd_num(row, "first_bin"));
            assert_int_equal(count, (size_t)cJSON_GetArraySize(ws));
            for (size_t j = 0; j < count; j++)
                mismatched += w[j] != (float)cJSON_GetArrayItem(ws, (int)j)->valuedouble;
        }
        printf("mel filterbank %g Hz: %zu weights differ from librosa's float32\n", rates[r], mismatched);
        assert_int_equal(mismatched, 0);
        ser_mel_destroy(mel);
    }
}

static void test_chroma_filterbank(void **state)
{
    (void)state;
    for (size_t r = 0; r < 3; r++) {
        ser_chroma_config cc = ser_chroma_config_default();
        cc.sample_rate = rates[r];
        cc.tuning = 0.37; /* then set back to 0: set_tuning rebuilds in place */
        ser_chroma *ch = ser_chroma_create(&cc, NULL);
        assert_non_null(ch);
        assert_int_equal(ser_chroma_set_tuning(ch, 0.0), SER_OK);
        size_t R = 0, C = 0;
        double *ref = gd_matrix(per_sr(rates[r], "chroma_filterbank_tuning0_12x1025"), &R, &C);
        assert_true(R == 12 && C == 1025);
        const float *w = ser_chroma_filters(ch);
        double worst = 0;
        for (size_t i = 0; i < R * C; i++) {
            assert_true(tu_close(w[i], ref[i], 1e-9, 1e-6));
            worst = fmax(worst, fabs(w[i] - ref[i]) / fmax(fabs(ref[i]), 1e-30));
        }
        printf("chroma filterbank %g Hz: worst relative difference %.3g\n", rates[r], worst);
        free(ref);
        ser_chroma_destroy(ch);
    }
}

static void test_contrast_bands(void **state)
{
    (void)state;
    for (size_t r = 0; r < 3; r++) {
        ser_contrast_config kc = ser_contrast_config_default();
        kc.sample_rate = rates[r];
        ser_contrast *c = ser_contrast_create(&kc, NULL);
        assert_non_null(c);
        assert_int_equal(ser_contrast_n_rows(c), 7);
        assert_int_equal(ser_contrast_n_rows_used(c), 7);
        const cJSON *bands = per_sr(rates[r], "spectral_contrast_bands");
        assert_int_equal(cJSON_GetArraySize(bands), 7);
        for (size_t k = 0; k < 7; k++) {
            const cJSON *b = cJSON_GetArrayItem(bands, (int)k);
            size_t first, used, q;
            ser_contrast_band(c, k, &first, &used, &q);
            assert_int_equal(first, (size_t)gd_num(b, "bins_used_first"));
            assert_int_equal(used, (size_t)gd_num(b, "n_bins_used"));
            assert_int_equal(q, (size_t)gd_num(b, "n_quantile"));
        }
        ser_contrast_destroy(c);
    }
    /* Below 12800 Hz librosa raises; we keep the bands whose lower edge is
     * below Nyquist (the last one up to Nyquist) and never fail. */
    const struct {
        double sr;
        size_t used;
    } low[] = {{12800, 6}, {11025, 6}, {8000, 6}, {6000, 5}, {4000, 5}, {1000, 3}, {300, 1}};
    for (size_t i = 0; i < sizeof low / sizeof low[0]; i++) {
        ser_contrast_config kc = ser_contrast_config_default();
        kc.sample_rate = low[i].sr;
        ser_status st;
        ser_contrast *c = ser_contrast_create(&kc, &st);
        assert_non_null(c);
        assert_int_equal(ser_contrast_n_rows(c), 7);
        assert_int_equal(ser_contrast_n_rows_used(c), low[i].used);
        size_t first, used, q;
        ser_contrast_band(c, low[i].used - 1, &first, &used, &q);
        assert_int_equal(first + used, 1025); /* the last used band reaches Nyquist */
        ser_contrast_destroy(c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_mel_filterbank),
        cmocka_unit_test(test_chroma_filterbank),
        cmocka_unit_test(test_contrast_bands),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
