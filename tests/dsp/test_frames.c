/* Framing and padding (ser/frames.h) against numpy.pad, and the STFT frame
 * API fed chunk by chunk from a ring of samples (how a stream will use it)
 * against the whole-buffer STFT: identical bits for random chunk sizes,
 * 1 sample included. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "ser/frames.h"
#include "ser/rng.h"
#include "ser/stft.h"

static void test_frame_count(void **state)
{
    (void)state;
    assert_int_equal(ser_frame_count(42706, 2048, 512, true), 84); /* speech_16000: T = 1 + n // 512 */
    assert_int_equal(ser_frame_count(1102, 2048, 512, true), 3);
    assert_int_equal(ser_frame_count(0, 2048, 512, true), 1);
    assert_int_equal(ser_frame_count(2047, 2048, 512, false), 0);
    assert_int_equal(ser_frame_count(2048 + 1023, 2048, 512, false), 2);
    assert_int_equal(ser_frame_count(100, 2048, 0, true), 0);
}

static void test_padding_modes(void **state)
{
    (void)state;
    const float x3[3] = {1, 2, 3}, x4[4] = {1, 2, 3, 4};
    /* numpy.pad([1,2,3], 7, 'reflect') and numpy.pad([1,2,3,4], 9, 'reflect') (numpy 1.24) */
    const float r3[17] = {2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2};
    const float r4[22] = {4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1};
    for (size_t i = 0; i < 17; i++)
        assert_true(ser_padded_sample(x3, 3, 7, SER_PAD_REFLECT, i) == r3[i]);
    for (size_t i = 0; i < 22; i++)
        assert_true(ser_padded_sample(x4, 4, 9, SER_PAD_REFLECT, i) == r4[i]);
    /* edge and constant */
    for (size_t i = 0; i < 17; i++) {
        float e = i < 7 ? 1.0f : (i >= 10 ? 3.0f : x3[i - 7]);
        float c = i < 7 || i >= 10 ? 0.0f : x3[i - 7];
        assert_true(ser_padded_sample(x3, 3, 7, SER_PAD_EDGE, i) == e);
        assert_true(ser_padded_sample(x3, 3, 7, SER_PAD_CONSTANT, i) == c);
    }
    const float one[1] = {5};
    assert_true(ser_padded_sample(one, 1, 3, SER_PAD_REFLECT, 0) == 5.0f);
    assert_true(ser_padded_sample(NULL, 0, 3, SER_PAD_EDGE, 1) == 0.0f);
}

static void test_frame_get(void **state)
{
    (void)state;
    float x[3000], buf[2048];
    for (int i = 0; i < 3000; i++)
        x[i] = (float)i;
    /* interior frame: a pointer into x, no copy */
    const float *f = ser_frame_get(x, 3000, 2, 2048, 512, true, SER_PAD_CONSTANT, buf);
    assert_ptr_equal(f, x + 0);
    f = ser_frame_get(x, 3000, 0, 2048, 512, true, SER_PAD_CONSTANT, buf);
    assert_ptr_equal(f, buf);
    assert_true(buf[1023] == 0.0f && buf[1024] == 0.0f && buf[1025] == 1.0f);
    f = ser_frame_get(x, 3000, 5, 2048, 512, true, SER_PAD_EDGE, buf);
    assert_true(f[2047] == 2999.0f && f[0] == 2560.0f - 1024.0f);
}

/* A stream pushes samples in chunks; a ring keeps the last n_fft samples
 * (with n_fft/2 zeros before the first); a frame is computed whenever its
 * last sample has arrived, and the tail frames after the end of input. */
static void test_stft_streaming_frames(void **state)
{
    (void)state;
    const size_t n = 20000;
    ser_rng rng;
    ser_rng_seed(&rng, 11);
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.3 * ser_rng_normal(&rng));
    ser_stft_config c = ser_stft_config_default();
    ser_stft *st = ser_stft_create(&c, NULL);
    assert_non_null(st);
    size_t nb = ser_stft_n_bins(st), T = ser_stft_n_frames(st, n);
    float *whole = malloc(T * nb * sizeof *whole), *streamed = malloc(T * nb * sizeof *streamed);
    assert_int_equal(ser_stft_power(st, x, n, whole, T), SER_OK);

    for (int trial = 0; trial < 3; trial++) {
        const size_t N = c.n_fft, H = c.hop_length, pad = N / 2;
        float ring[2 * 2048], frame[2048];
        /* padded stream position p holds padded sample p; ring[p % (2N)] */
        size_t pushed = 0, next = 0; /* padded samples pushed, next frame */
        for (size_t i = 0; i < pad; i++)
            ring[pushed++ % (2 * N)] = 0.0f;
        size_t pos = 0;
        while (pos < n) {
            size_t chunk = trial == 0 ? 1 : 1 + (size_t)ser_rng_below(&rng, trial == 1 ? 7 : 3000);
            if (chunk > n - pos)
                chunk = n - pos;
            for (size_t i = 0; i < chunk; i++) {
                ring[pushed++ % (2 * N)] = x[pos + i];
                while (next < T && next * H + N <= pushed) {
                    for (size_t j = 0; j < N; j++)
                        frame[j] = ring[(next * H + j) % (2 * N)];
                    ser_stft_frame_power(st, frame, streamed + next * nb);
                    next++;
                }
            }
            pos += chunk;
        }
        /* end of stream: zeros after the last sample */
        while (next < T) {
            ring[pushed++ % (2 * N)] = 0.0f;
            while (next < T && next * H + N <= pushed) {
                for (size_t j = 0; j < N; j++)
                    frame[j] = ring[(next * H + j) % (2 * N)];
                ser_stft_frame_power(st, frame, streamed + next * nb);
                next++;
            }
        }
        assert_memory_equal(whole, streamed, T * nb * sizeof *whole);
    }
    free(x);
    free(whole);
    free(streamed);
    ser_stft_destroy(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_count),
        cmocka_unit_test(test_padding_modes),
        cmocka_unit_test(test_frame_get),
        cmocka_unit_test(test_stft_streaming_frames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
