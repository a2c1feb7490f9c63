/* Feature sets: names and layout, seed identical to ser_seed_compute,
 * composed sets, full set, parse errors and round trips, streaming, 8 kHz,
 * delta against scipy (make_delta_reference.py), dataset extraction
 * independent of the thread count, bad files flagged, CSV round trip. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "ser/audio.h"
#include "ser/delta.h"
#include "ser/feature_io.h"
#include "ser/features.h"
#include "ser/seed.h"

static ser_audio load(const char *rel, int sr)
{
    char path[1024];
    ser_load_config lc = ser_load_config_default();
    lc.sample_rate = sr;
    ser_audio a;
    ser_error err;
    assert_int_equal(ser_audio_load(tu_shared_path(path, sizeof path, rel), &lc, &a, &err), SER_OK);
    return a;
}

static ser_feature_set_config *parse_ok(const char *spec)
{
    ser_status st;
    ser_error err;
    ser_feature_set_config *c = ser_feature_set_parse(spec, &st, &err);
    if (!c)
        fail_msg("parse '%s': %s", spec, err.message);
    return c;
}

static double *compute(const ser_feature_set_config *c, const ser_audio *a)
{
    ser_status st;
    ser_error err;
    ser_extractor *ex = ser_extractor_create(c, a->sample_rate, &st, &err);
    assert_non_null(ex);
    assert_int_equal(ser_extractor_dim(ex), ser_feature_set_dim(c));
    double *v = malloc(ser_extractor_dim(ex) * sizeof *v);
    assert_non_null(v);
    if (ser_extractor_compute(ex, a->samples, a->n_samples, v, &err) != SER_OK)
        fail_msg("compute: %s", err.message);
    ser_extractor_destroy(ex);
    return v;
}

static void test_seed_names_and_values(void **state)
{
    (void)state;
    ser_feature_set_config *c = parse_ok("seed");
    assert_int_equal(ser_feature_set_dim(c), SER_SEED_DIM);
    assert_string_equal(ser_feature_set_name(c, 0), "mfcc1_mean");
    assert_string_equal(ser_feature_set_name(c, 13), "mfcc1_var");
    assert_string_equal(ser_feature_set_name(c, 26), "chroma1_mean");
    assert_string_equal(ser_feature_set_name(c, 50), "mel1_mean");
    assert_string_equal(ser_feature_set_name(c, 178), "mel1_var");
    assert_string_equal(ser_feature_set_name(c, 312), "contrast7_mean");
    assert_string_equal(ser_feature_set_name(c, 319), "contrast7_var");
    assert_string_equal(ser_feature_set_spec(c), "seed");
    ser_audio a = load("vectors/inputs/speech_16000.wav", 0);
    double *v = compute(c, &a);
    /* exactly ser_seed_compute's numbers (golden-tested in test_golden_seed) */
    ser_seed_config sc = ser_seed_config_default();
    sc.sample_rate = a.sample_rate;
    ser_status st;
    ser_seed *seed = ser_seed_create(&sc, &st);
    double ref[SER_SEED_DIM];
    assert_int_equal(ser_seed_compute(seed, a.samples, a.n_samples, ref, NULL), SER_OK);
    assert_memory_equal(v, ref, sizeof ref);
    /* the same layout composed from families gives the same numbers */
    ser_feature_set_config *c2 = parse_ok("mfcc13:mean,var+chroma+mel128+contrast:mean,var");
    for (size_t i = 0; i < SER_SEED_DIM; i++)
        assert_string_equal(ser_feature_set_name(c, i), ser_feature_set_name(c2, i));
    double *v2 = compute(c2, &a);
    for (size_t i = 0; i < SER_SEED_DIM; i++)
        assert_true(tu_close(v2[i], ref[i], 0.0, 1e-12));
    /* streaming: fixed tuning 0 and no file-wide floor = the seed with those options */
    ser_feature_set_set_streaming(c, true);
    double *vs = compute(c, &a);
    sc.estimate_tuning = false;
    sc.tuning = 0.0;
    sc.db.clip = SER_DB_CLIP_NONE;
    ser_seed *seed2 = ser_seed_create(&sc, &st);
    assert_int_equal(ser_seed_compute(seed2, a.samples, a.n_samples, ref, NULL), SER_OK);
    assert_memory_equal(vs, ref, sizeof ref);
    ser_seed_destroy(seed);
    ser_seed_destroy(seed2);
    free(v);
    free(v2);
    free(vs);
    ser_audio_free(&a);
    ser_feature_set_config_destroy(c);
    ser_feature_set_config_destroy(c2);
}

static void test_full_and_composed(void **state)
{
    (void)state;
    ser_feature_set_config *c = parse_ok("full");
    /* seed 320 + delta 26 + mfcc std/min/max 39 + rms 3 + zcr 2 + 4 x 2 spectral + prosody 18 */
    size_t dim = ser_feature_set_dim(c);
    assert_int_equal(dim, 320 + 26 + 39 + 3 + 2 + 8 + 18);
    assert_string_equal(ser_feature_set_name(c, 320), "mfcc1_delta_mean");
    assert_string_equal(ser_feature_set_name(c, dim - 18), "f0_mean");
    ser_audio a = load("vectors/inputs/speech_16000.wav", 8000);
    double *v = compute(c, &a);
    for (size_t i = 0; i < dim; i++)
        if (!isfinite(v[i]))
            fail_msg("%s is not finite at 8 kHz", ser_feature_set_name(c, i));
    assert_true(v[312] == 0.0 && v[319] == 0.0); /* contrast7: no band above Nyquist at 8 kHz */
    assert_true(v[311] != 0.0);
    free(v);
    ser_audio_free(&a);
    ser_feature_set_config_destroy(c);

    c = parse_ok("mfcc40:mean,std,p50+mel64:max+rms:slope+prosody_yin");
    assert_int_equal(ser_feature_set_dim(c), 120 + 64 + 1 + 18);
    assert_string_equal(ser_feature_set_name(c, 40), "mfcc1_std");
    assert_string_equal(ser_feature_set_name(c, 119), "mfcc40_p50");
    assert_string_equal(ser_feature_set_name(c, 120), "mel1_max");
    assert_string_equal(ser_feature_set_name(c, 184), "rms_slope");
    /* round trip through the canonical spec */
    ser_feature_set_config *c2 = parse_ok(ser_feature_set_spec(c));
    assert_string_equal(ser_feature_set_spec(c), ser_feature_set_spec(c2));
    assert_int_equal(ser_feature_set_dim(c2), ser_feature_set_dim(c));
    a = load("vectors/inputs/speech_16000.wav", 16000);
    v = compute(c, &a);
    /* std^2 of mfccN equals the var a seed computes for the first 13 */
    ser_feature_set_config *cs = parse_ok("seed");
    double *s = compute(cs, &a);
    ser_feature_set_config_destroy(cs);
    ser_audio_free(&a);
    for (size_t i = 0; i < 13; i++)
        assert_true(tu_close(v[i], s[i], 1e-9, 1e-6));
    free(v);
    free(s);
    ser_feature_set_config_destroy(c);
    ser_feature_set_config_destroy(c2);
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const char *const bad[] = {"",        "bogus",  "mfcc0",     "mfcc129",  "mfcc:foo", "seed:mean",
                                      "seed+seed", "mfcc+", "+mfcc",    "mfcc:",    "chroma13", "full+mfcc",
                                      "prosody+prosody_yin", "mel:p101"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ser_status st = SER_OK;
        ser_error err;
        ser_feature_set_config *c = ser_feature_set_parse(bad[i], &st, &err);
        if (c)
            fail_msg("'%s' parsed", bad[i]);
        assert_int_equal(st, SER_ERR_PARSE);
        assert_true(strlen(err.message) > 0);
    }
}

static void test_delta_vs_scipy(void **state)
{
    (void)state;
    enum { T = 20, R = 3 };
    float x[T * R], d[T * R];
    for (size_t t = 0; t < T; t++)
        for (size_t r = 0; r < R; r++)
            x[t * R + r] = (float)(sin(0.3 * (double)t * (double)(r + 1)) + 0.01 * (double)(t * t));
    assert_int_equal(ser_delta_frames(x, T, R, 9, d), SER_OK);
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/features/delta_reference.txt", SER_SOURCE_DIR);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    for (size_t r = 0; r < R; r++)
        for (size_t t = 0; t < T; t++) {
            double ref;
            assert_int_equal(fscanf(f, "%lf", &ref), 1);
            if (!tu_close(d[t * R + r], ref, 1e-6, 1e-5)) /* float32 frames */
                fail_msg("delta row %zu frame %zu: %g vs %g", r, t, (double)d[t * R + r], ref);
        }
    fclose(f);
    assert_int_equal(ser_delta_frames(x, T, R, 8, d), SER_ERR_ARG);
    /* short input: slope over all frames */
    float y[3] = {1, 3, 5}, dy[3];
    assert_int_equal(ser_delta_frames(y, 3, 1, 9, dy), SER_OK);
    assert_true(dy[0] == 2.0f && dy[2] == 2.0f);
}

static void test_dataset_threads_and_csv(void **state)
{
    (void)state;
    char p[4][1024], bad[1024];
    tu_shared_path(p[0], sizeof p[0], "vectors/inputs/speech_16000.wav");
    tu_shared_path(p[1], sizeof p[1], "vectors/inputs/speech_22050.wav");
    tu_shared_path(p[2], sizeof p[2], "vectors/inputs/whitenoise_16000.wav");
    tu_shared_path(p[3], sizeof p[3], "vectors/inputs/sine440_22050.wav");
    tu_tmp_path(bad, sizeof bad, "feature_sets_bad, \"quoted\".wav");
    assert_true(tu_write_file(bad, "not audio", 9));
    ser_dataset_item items[5];
    memset(items, 0, sizeof items);
    for (size_t i = 0; i < 5; i++) {
        items[i].path = i == 2 ? bad : p[i < 2 ? i : i - 1];
        items[i].label = i == 0 ? SER_LABEL_ANGRY : SER_LABEL_NONE;
        items[i].speaker = i == 0 ? "x:1" : NULL;
        items[i].corpus = i == 0 ? "x" : NULL;
    }
    ser_feature_set_config *c = parse_ok("seed+rms:mean,p90");
    ser_load_config lc = ser_load_config_default();
    lc.sample_rate = 0;
    ser_feature_matrix m1, m3;
    ser_error err;
    ser_extract_options o1 = {&lc, 1, NULL, NULL}, o3 = {&lc, 3, NULL, NULL};
    assert_int_equal(ser_features_extract_items(items, 5, c, &o1, &m1, &err), SER_OK);
    assert_int_equal(ser_features_extract_items(items, 5, c, &o3, &m3, &err), SER_OK);
    assert_int_equal(m1.n_rows, 5);
    assert_int_equal(ser_feature_matrix_ok_count(&m1), 4);
    assert_false(m1.ok[2]);
    assert_non_null(m1.errors[2]);
    assert_memory_equal(m1.values, m3.values, 5 * m1.dim * sizeof(double));
    assert_string_equal(m1.labels[0], "angry");
    assert_string_equal(m1.labels[1], "");
    assert_string_equal(m1.names[321], "rms_p90");

    /* CSV round trip, with a path that needs quoting */
    m1.ok[2] = true;
    char csv[1024];
    tu_tmp_path(csv, sizeof csv, "feature_sets_roundtrip.csv");
    assert_int_equal(ser_feature_write_file(&m1, SER_FEATURE_CSV, csv, &err), SER_OK);
    ser_feature_matrix r;
    if (ser_feature_csv_read(csv, &r, &err) != SER_OK)
        fail_msg("%s", err.message);
    assert_int_equal(r.n_rows, 5);
    assert_int_equal(r.dim, m1.dim);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(r.paths[i], m1.paths[i]);
        assert_string_equal(r.labels[i], m1.labels[i]);
        assert_string_equal(r.speakers[i], m1.speakers[i]);
        assert_string_equal(r.corpora[i], m1.corpora[i]);
        for (size_t k = 0; k < r.dim; k++)
            assert_true(tu_close(r.values[i * r.dim + k], m1.values[i * m1.dim + k], 1e-300, 1e-8)); /* %.9g */
    }
    for (size_t k = 0; k < r.dim; k++)
        assert_string_equal(r.names[k], m1.names[k]);
    ser_feature_matrix_free(&r);

    /* reader errors name the file and line */
    assert_true(tu_write_file(csv, "path,label,speaker,corpus,a\nx,,,,1\ny,,,,zz\n", 42));
    assert_int_equal(ser_feature_csv_read(csv, &r, &err), SER_ERR_PARSE);
    assert_non_null(strstr(err.message, "line 3"));
    assert_true(tu_write_file(csv, "file,label,speaker,corpus,a\nx,,,,1\n", 35));
    assert_int_equal(ser_feature_csv_read(csv, &r, &err), SER_ERR_FORMAT);
    assert_true(tu_write_file(csv, "path,label,speaker,corpus,a\nx,,,,1,2\n", 37));
    assert_int_equal(ser_feature_csv_read(csv, &r, &err), SER_ERR_FORMAT);
    ser_feature_matrix_free(&m1);
    ser_feature_matrix_free(&m3);
    ser_feature_set_config_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_names_and_values), cmocka_unit_test(test_full_and_composed),
        cmocka_unit_test(test_parse_errors),          cmocka_unit_test(test_delta_vs_scipy),
        cmocka_unit_test(test_dataset_threads_and_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
