/* The telephone channel (ser/telephone.h).
 * - µ-law encoder: every code survives decode -> encode (0x7F, negative
 *   zero, encodes as 0xFF); for every 16-bit value up to the clip level
 *   the round trip is monotonic and its error is at most half a step,
 *   bounded by (|v| + 132) / 32 (G.711: step 2^(seg+3), w = |v| + 132 >=
 *   128 << seg).
 * - Band-pass, measured on 1 s sines at 16 kHz (µ-law off): the gain at
 *   100 Hz, 1 kHz and 3.8 kHz (amplitude of the sine's own frequency,
 *   least-squares fit of sin and cos away from the edges) against the
 *   analytic response of the bilinear-transformed 4th-order Butterworth
 *   high-pass (300 Hz) and low-pass (3400 Hz) at 8 kHz:
 *   |H| = 1/sqrt(1 + (tan(pi fc/fs)/tan(pi f/fs))^8) (high-pass), with
 *   the ratio inverted for the low-pass.  Within 0.5 dB at 100 Hz and
 *   1 kHz (the resampler is flat there); at 3.8 kHz no louder than the
 *   analytic value + 0.5 dB (libsoxr's anti-alias filter only attenuates
 *   more).  Also the G.712-style mask: 100 Hz <= -30 dB, 1 kHz within
 *   0.5 dB of 0 dB, 3.8 kHz <= -30 dB.
 * - µ-law SNR: a 1 kHz sine at -6 dBFS through the whole channel against
 *   the same channel without µ-law: SNR >= 35 dB (G.711's sine SQNR is
 *   about 38 dB at this level).
 * - Packet loss: deterministic for a seed, different for another seed;
 *   about loss_rate of the 20 ms packets of a 20 s tone come back silent
 *   (0.2 +- 0.06; binomial std over 1000 packets is 0.013).
 * - Length kept; bad configs rejected. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "ser/pcm.h"
#include "ser/telephone.h"

static const double PI = 3.14159265358979323846;

static void ulaw_codes_round_trip(void **state)
{
    (void)state;
    for (int c = 0; c < 256; c++) {
        uint8_t back = ser_g711_s16_to_ulaw(ser_g711_ulaw_to_s16((uint8_t)c));
        if (c == 0x7F)
            assert_int_equal(back, 0xFF);
        else if (back != c)
            fail_msg("code 0x%02X -> %d -> 0x%02X", c, ser_g711_ulaw_to_s16((uint8_t)c), back);
    }
}

static void ulaw_error_bound(void **state)
{
    (void)state;
    int prev = -40000;
    for (int v = -32635; v <= 32635; v++) {
        int q = ser_g711_ulaw_to_s16(ser_g711_s16_to_ulaw((int16_t)v));
        double bound = (abs(v) + 132) / 32.0;
        if (fabs((double)(q - v)) > bound)
            fail_msg("%d -> %d: error %d > %.2f", v, q, q - v, bound);
        if (q < prev)
            fail_msg("not monotonic at %d", v);
        prev = q;
    }
    assert_int_equal(ser_g711_s16_to_ulaw(0), 0xFF);
}

/* Amplitude of the `freq` component of y[a, b) (least squares on sin, cos). */
static double tone_amplitude(const float *y, size_t a, size_t b, double freq, double rate)
{
    double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
    for (size_t i = a; i < b; i++) {
        double s = sin(2 * PI * freq * (double)i / rate), c = cos(2 * PI * freq * (double)i / rate);
        ss += s * s;
        cc += c * c;
        sc += s * c;
        ys += y[i] * s;
        yc += y[i] * c;
    }
    double det = ss * cc - sc * sc, bs = (ys * cc - yc * sc) / det, bc = (yc * ss - ys * sc) / det;
    return sqrt(bs * bs + bc * bc);
}

static double butter_db(double f, double fc, double fs, bool highpass)
{
    double r = tan(PI * fc / fs) / tan(PI * f / fs);
    if (!highpass)
        r = 1.0 / r;
    return -10.0 * log10(1.0 + pow(r, 8));
}

static double gain_db(double freq, bool mulaw)
{
    const size_t n = 16000;
    float *x = malloc(n * sizeof *x);
    fx_sine(x, n, freq, 16000, 0.5);
    ser_telephone_config cfg = ser_telephone_config_default();
    cfg.mulaw = mulaw;
    ser_error err;
    assert_int_equal(ser_telephone_apply(&cfg, x, n, 16000, &err), SER_OK);
    double g = 20 * log10(tone_amplitude(x, n / 5, n - n / 5, freq, 16000) / 0.5);
    free(x);
    return g;
}

static void band_pass(void **state)
{
    (void)state;
    const double f[3] = {100, 1000, 3800};
    for (int k = 0; k < 3; k++) {
        double g = gain_db(f[k], false);
        double ref = butter_db(f[k], 300, 8000, true) + butter_db(f[k], 3400, 8000, false);
        printf("# %4.0f Hz: gain %.2f dB, analytic Butterworth %.2f dB\n", f[k], g, ref);
        if (k < 2 && fabs(g - ref) > 0.5)
            fail_msg("%.0f Hz: %.2f dB vs analytic %.2f dB", f[k], g, ref);
        if (k == 2 && g > ref + 0.5)
            fail_msg("3800 Hz: %.2f dB louder than analytic %.2f dB", g, ref);
        if (k != 1 && g > -30)
            fail_msg("%.0f Hz only %.2f dB down", f[k], g);
    }
}

static void mulaw_snr(void **state)
{
    (void)state;
    const size_t n = 16000;
    float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    fx_sine(a, n, 1000, 16000, 0.5);
    memcpy(b, a, n * sizeof *a);
    ser_telephone_config cfg = ser_telephone_config_default();
    ser_error err;
    assert_int_equal(ser_telephone_apply(&cfg, a, n, 16000, &err), SER_OK);
    cfg.mulaw = false;
    assert_int_equal(ser_telephone_apply(&cfg, b, n, 16000, &err), SER_OK);
    double snr = fx_snr_db(a, b, n / 10, n - n / 10);
    printf("# µ-law SNR on a 1 kHz sine at -6 dBFS: %.1f dB\n", snr);
    if (!(snr >= 35))
        fail_msg("µ-law SNR %.1f dB < 35 dB", snr);
    free(a);
    free(b);
}

static float *lossy(size_t n, uint64_t seed)
{
    float *x = malloc(n * sizeof *x);
    fx_sine(x, n, 1000, 16000, 0.5);
    ser_telephone_config cfg = ser_telephone_config_default();
    cfg.loss_rate = 0.2;
    cfg.seed = seed;
    ser_error err;
    assert_int_equal(ser_telephone_apply(&cfg, x, n, 16000, &err), SER_OK);
    return x;
}

static void packet_loss(void **state)
{
    (void)state;
    const size_t n = 20 * 16000, packet = 320;
    float *a = lossy(n, 7), *b = lossy(n, 7), *c = lossy(n, 8);
    assert_memory_equal(a, b, n * sizeof *a);
    assert_true(memcmp(a, c, n * sizeof *a) != 0);
    size_t lost = 0, total = 0;
    for (size_t p = 0; p + packet <= n; p += packet, total++) {
        double e = 0; /* the packet's middle half: resampler ringing stays near the edges */
        for (size_t i = p + packet / 4; i < p + 3 * packet / 4; i++)
            e += (double)a[i] * a[i];
        if (sqrt(e / (packet / 2)) < 0.01)
            lost++;
    }
    double share = (double)lost / (double)total;
    printf("# %zu of %zu packets silent (%.3f)\n", lost, total, share);
    assert_true(fabs(share - 0.2) < 0.06);
    free(a);
    free(b);
    free(c);
}

static void length_and_config(void **state)
{
    (void)state;
    for (size_t n = 1; n < 40; n += 7) {
        float x[40] = {0.25f};
        ser_telephone_config cfg = ser_telephone_config_default();
        ser_error err;
        assert_int_equal(ser_telephone_apply(&cfg, x, n, 16000, &err), SER_OK);
        assert_int_equal(ser_telephone_apply(&cfg, x, n, 44100, &err), SER_OK);
    }
    float x[16] = {0};
    ser_error err;
    ser_telephone_config cfg = ser_telephone_config_default();
    cfg.high_hz = 4000;
    assert_int_equal(ser_telephone_apply(&cfg, x, 16, 16000, &err), SER_ERR_ARG);
    cfg = ser_telephone_config_default();
    cfg.loss_rate = 1.0;
    assert_int_equal(ser_telephone_apply(&cfg, x, 16, 16000, &err), SER_ERR_ARG);
    cfg = ser_telephone_config_default();
    assert_int_equal(ser_telephone_apply(&cfg, x, 16, 0, &err), SER_ERR_ARG);
    cfg.low_hz = 3500;
    assert_int_equal(ser_telephone_apply(&cfg, x, 16, 16000, &err), SER_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ulaw_codes_round_trip), cmocka_unit_test(ulaw_error_bound), cmocka_unit_test(band_pass),
        cmocka_unit_test(mulaw_snr),            cmocka_unit_test(packet_loss),      cmocka_unit_test(length_and_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
