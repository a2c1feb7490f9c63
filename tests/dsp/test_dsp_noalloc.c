/* The per-frame DSP functions never allocate, and neither does
 * ser_seed_compute once its buffers fit the signal: counted by interposing
 * malloc & co. while they run.  Skipped under AddressSanitizer, which owns
 * malloc. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#include "ser/dsp.h"
#include "ser/rng.h"


#define N 24000
#define SR 16000.0

static void test_dsp_does_not_allocate(void **state)
{
    (void)state;
#if !TU_ALLOC_COUNTING_SUPPORTED
    skip();
#else
    float *x = malloc(N * sizeof *x);
    ser_rng rng;
    ser_rng_seed(&rng, 4);
    for (size_t i = 0; i < N; i++)
        x[i] = (float)(0.3 * sin(2 * M_PI * 220 * (double)i / SR) + 0.05 * ser_rng_normal(&rng));
    ser_stft_config sc = ser_stft_config_default();
    ser_stft *st = ser_stft_create(&sc, NULL);
    size_t nb = ser_stft_n_bins(st), T = ser_stft_n_frames(st, N);
    float *P = malloc(T * nb * sizeof *P), *M = malloc(nb * sizeof *M), frame[2048], out[128], db[128 * 4];
    double spec[2 * 1025], pk[7], vl[7], pks[7 * 4], vls[7 * 4], tuning;
    ser_mel_config mc = ser_mel_config_default();
    ser_mel *mel = ser_mel_create(&mc, NULL);
    ser_mfcc_config fc = ser_mfcc_config_default();
    ser_mfcc *mfcc = ser_mfcc_create(&fc, NULL);
    ser_chroma_config cc = ser_chroma_config_default();
    ser_chroma *chroma = ser_chroma_create(&cc, NULL);
    ser_contrast_config kc = ser_contrast_config_default();
    ser_contrast *con = ser_contrast_create(&kc, NULL);
    ser_spectral_config pc = ser_spectral_config_default();
    ser_spectral *sp = ser_spectral_create(&pc, NULL);
    ser_tuning_config tc = ser_tuning_config_default();
    ser_tuning *tun = ser_tuning_create(&tc, NULL);
    ser_rms_config rc = ser_rms_config_default();
    ser_zcr_config zc = ser_zcr_config_default();
    ser_db_config dc = ser_db_config_default();
    ser_seed_config seedc = ser_seed_config_default();
    ser_seed *seed = ser_seed_create(&seedc, NULL);
    double v[SER_SEED_DIM];
    assert_true(st && mel && mfcc && chroma && con && sp && tun && seed);
    /* warm-up: the tuning peak store and the seed's frame buffers grow here */
    assert_int_equal(ser_tuning_estimate_spectrogram(tun, P, 0, &tuning, NULL), SER_OK);
    assert_int_equal(ser_stft_power(st, x, N, P, T), SER_OK);
    assert_int_equal(ser_tuning_estimate_spectrogram(tun, P, T, &tuning, NULL), SER_OK);
    assert_int_equal(ser_seed_compute(seed, x, N, v, NULL), SER_OK);

    tu_alloc_count = 0;
    tu_alloc_counting = 1;
    assert_int_equal(ser_stft_power(st, x, N, P, T), SER_OK);
    for (size_t i = 0; i < 2048; i++)
        frame[i] = x[i];
    ser_stft_frame_power(st, frame, M);
    ser_stft_frame_complex(st, frame, spec);
    ser_power_to_magnitude(P, M, nb);
    ser_mel_process(mel, P, out);
    ser_power_to_db(&dc, out, db, 128);
    ser_mfcc_process(mfcc, db, out);
    ser_chroma_process(chroma, P, out);
    ser_chroma_set_tuning(chroma, 0.25);
    ser_contrast_frame(con, M, pk, vl);
    ser_contrast_frame_power(con, P, pks, vls);
    ser_contrast_finish(con, &dc, pks, vls, 1, out);
    ser_spectral_frame sf;
    ser_spectral_process(sp, M, &sf);
    assert_int_equal(ser_rms(&rc, x, N, frame, out, T), SER_OK);
    assert_int_equal(ser_zcr(&zc, x, N, frame, out, T), SER_OK);
    assert_int_equal(ser_tuning_estimate_spectrogram(tun, P, T, &tuning, NULL), SER_OK);
    assert_int_equal(ser_seed_compute(seed, x, N, v, NULL), SER_OK);
    assert_int_equal(ser_seed_compute(seed, x, N / 2, v, NULL), SER_OK); /* shorter: fits */
    tu_alloc_counting = 0;
    assert_int_equal(tu_alloc_count, 0);
    /* the counter works: a constructor allocates */
    tu_alloc_counting = 1;
    ser_mel *again = ser_mel_create(&mc, NULL);
    tu_alloc_counting = 0;
    assert_true(tu_alloc_count > 0);
    ser_mel_destroy(again);

    ser_seed_destroy(seed);
    ser_tuning_destroy(tun);
    ser_spectral_destroy(sp);
    ser_contrast_destroy(con);
    ser_chroma_destroy(chroma);
    ser_mfcc_destroy(mfcc);
    ser_mel_destroy(mel);
    ser_stft_destroy(st);
    free(P);
    free(M);
    free(x);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dsp_does_not_allocate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
