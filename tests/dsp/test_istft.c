/* Inverse STFT (ser/istft.h).
 *  - scipy convention against scipy.signal.istft on seeded random
 *    spectrograms (tests/dsp/istft_reference.json, made by
 *    make_istft_reference.py): window as long as the FFT, shorter, odd, and
 *    hop == window (NOLA fails: unnormalised samples stay as they are).
 *    Tolerance |ours - ref| <= 2e-6 + 2e-6*|ref| (float FFT and float
 *    overlap-add against scipy's float64).
 *  - librosa convention: istft(stft(x)) == x for a centred, zero-padded STFT
 *    computed here, to 1e-5.
 *  - any output range equals the same slice of the whole output, bit for bit;
 *    past the natural length comes the overlap-add tail, then zeros;
 *    invalid configs are refused. */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/istft.h"
#include "ser/rng.h"

static float *json_floats(const cJSON *arr, size_t *n)
{
    *n = (size_t)cJSON_GetArraySize(arr);
    float *v = malloc((*n ? *n : 1) * sizeof *v);
    assert_non_null(v);
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) v[i++] = (float)it->valuedouble;
    return v;
}

static void test_scipy_reference(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/dsp/istft_reference.json", SER_SOURCE_DIR);
    char *text = tu_read_file(path, NULL);
    assert_non_null(text);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    const cJSON *cases = cJSON_GetObjectItem(root, "cases"), *c;
    int n_cases = 0;
    cJSON_ArrayForEach(c, cases)
    {
        size_t nperseg = (size_t)cJSON_GetObjectItem(c, "nperseg")->valueint;
        size_t noverlap = (size_t)cJSON_GetObjectItem(c, "noverlap")->valueint;
        size_t nfft = (size_t)cJSON_GetObjectItem(c, "nfft")->valueint;
        size_t n_frames = (size_t)cJSON_GetObjectItem(c, "n_frames")->valueint;
        size_t n_spec, n_ref;
        float *spec = json_floats(cJSON_GetObjectItem(c, "spec_frames_bins_reim"), &n_spec);
        float *ref = json_floats(cJSON_GetObjectItem(c, "output"), &n_ref);
        assert_int_equal(n_spec, n_frames * (nfft / 2 + 1) * 2);

        ser_istft_config cfg = ser_istft_config_scipy(nperseg, noverlap, nfft);
        ser_status st;
        ser_istft *is = ser_istft_create(&cfg, &st);
        assert_non_null(is);
        assert_int_equal(ser_istft_length(is, n_frames), n_ref);
        float *out = malloc(n_ref * sizeof *out);
        assert_int_equal(ser_istft_process(is, spec, n_frames, out, n_ref), SER_OK);
        double max_err = 0.0;
        for (size_t i = 0; i < n_ref; i++) {
            max_err = fmax(max_err, fabs((double)out[i] - ref[i]));
            if (!tu_close(out[i], ref[i], 2e-6, 2e-6))
                fail_msg("nperseg %zu sample %zu: %.9g vs scipy %.9g", nperseg, i, out[i], ref[i]);
        }
        print_message("istft nperseg %zu noverlap %zu nfft %zu: max |err| %.3g\n", nperseg, noverlap, nfft, max_err);
        ser_istft_destroy(is);
        free(out);
        free(spec);
        free(ref);
        n_cases++;
    }
    assert_int_equal(n_cases, 4);
    cJSON_Delete(root);
    free(text);
}

/* librosa-style STFT: signal zero-padded by n_fft/2 at both ends, frames
 * every hop, window centred in the frame. */
static float *centred_stft(const float *x, size_t n, const ser_istft_config *c, size_t *n_frames)
{
    size_t nb = c->n_fft / 2 + 1, off = (c->n_fft - c->win_length) / 2;
    *n_frames = 1 + n / c->hop_length;
    float *spec = calloc(*n_frames * nb * 2, sizeof *spec);
    float *w = malloc(c->win_length * sizeof *w), *frame = malloc(c->n_fft * sizeof *frame);
    ser_window_fill(c->window, w, c->win_length, c->periodic);
    ser_fft *fft = ser_fft_create(c->n_fft, NULL);
    for (size_t k = 0; k < *n_frames; k++) {
        memset(frame, 0, c->n_fft * sizeof *frame);
        for (size_t j = 0; j < c->win_length; j++) {
            long pos = (long)(k * c->hop_length + off + j) - (long)(c->n_fft / 2);
            frame[off + j] = (pos >= 0 && pos < (long)n) ? x[pos] * w[j] : 0.0f;
        }
        ser_fft_forward(fft, frame, spec + k * nb * 2);
    }
    ser_fft_destroy(fft);
    free(w);
    free(frame);
    return spec;
}

static void test_librosa_round_trip(void **state)
{
    (void)state;
    ser_rng rng;
    ser_rng_seed(&rng, 7);
    const size_t n = 5000;
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)ser_rng_normal(&rng) * 0.3f;
    ser_istft_config cfgs[2] = {ser_istft_config_default(), ser_istft_config_default()};
    cfgs[1].n_fft = 512;
    cfgs[1].win_length = 400;
    cfgs[1].hop_length = 160;
    cfgs[1].trim = 256;
    for (int ci = 0; ci < 2; ci++) {
        size_t n_frames;
        float *spec = centred_stft(x, n, &cfgs[ci], &n_frames);
        ser_istft *is = ser_istft_create(&cfgs[ci], NULL);
        assert_non_null(is);
        float *y = malloc(n * sizeof *y);
        assert_int_equal(ser_istft_process(is, spec, n_frames, y, n), SER_OK);
        double max_err = 0.0;
        for (size_t i = 0; i < n; i++)
            max_err = fmax(max_err, fabs((double)y[i] - x[i]));
        print_message("librosa round trip n_fft %zu win %zu hop %zu: max |err| %.3g\n", cfgs[ci].n_fft,
                      cfgs[ci].win_length, cfgs[ci].hop_length, max_err);
        assert_true(max_err < 1e-5);
        ser_istft_destroy(is);
        free(spec);
        free(y);
    }
    free(x);
}

static void test_range_matches_whole(void **state)
{
    (void)state;
    ser_istft_config cfg = ser_istft_config_scipy(64, 48, 64);
    ser_istft *is = ser_istft_create(&cfg, NULL);
    assert_non_null(is);
    const size_t n_frames = 20, nb = 33;
    float *spec = malloc(n_frames * nb * 2 * sizeof *spec);
    ser_rng rng;
    ser_rng_seed(&rng, 3);
    for (size_t i = 0; i < n_frames * nb * 2; i++)
        spec[i] = (float)ser_rng_normal(&rng);
    size_t len = ser_istft_length(is, n_frames);
    assert_int_equal(len, 19 * 16);
    float whole[400], part[400];
    assert_int_equal(ser_istft_process(is, spec, n_frames, whole, 400), SER_OK);
    /* past the natural length: the overlap-add tail up to total - trim =
     * 19*16 + 64 - 32 samples (librosa's length=), then zeros */
    for (size_t i = len + 32; i < 400; i++)
        assert_true(whole[i] == 0.0f);
    assert_true(whole[len + 31] != 0.0f);
    const size_t ranges[][2] = {{0, 1}, {5, 37}, {100, 150}, {len - 3, 10}, {len + 5, 4}, {len + 20, 50}};
    for (size_t r = 0; r < 6; r++) {
        assert_int_equal(ser_istft_process_range(is, spec, n_frames, ranges[r][0], part, ranges[r][1]), SER_OK);
        assert_memory_equal(part, whole + ranges[r][0], ranges[r][1] * sizeof *part);
    }
    assert_int_equal(ser_istft_length(is, 0), 0);
    assert_int_equal(ser_istft_process(is, NULL, 0, part, 10), SER_OK);
    assert_true(part[0] == 0.0f && part[9] == 0.0f);
    ser_istft_destroy(is);
    free(spec);
}

static void test_invalid_config(void **state)
{
    (void)state;
    ser_status st = SER_OK;
    ser_istft_config c = ser_istft_config_default();
    c.n_fft = 1023;
    assert_null(ser_istft_create(&c, &st));
    assert_int_equal(st, SER_ERR_ARG);
    c = ser_istft_config_default();
    c.win_length = 4096;
    assert_null(ser_istft_create(&c, &st));
    c = ser_istft_config_default();
    c.hop_length = 4000;
    assert_null(ser_istft_create(&c, &st));
    c = ser_istft_config_default();
    c.frame_scale = 0.0;
    assert_null(ser_istft_create(&c, &st));
    assert_null(ser_istft_create(NULL, &st));
    assert_int_equal(st, SER_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scipy_reference),
        cmocka_unit_test(test_librosa_round_trip),
        cmocka_unit_test(test_range_matches_whole),
        cmocka_unit_test(test_invalid_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
