/* Trend detector (include/ser/trend.h) on synthetic score sequences: one
 * alert per episode, calm after, cool-down respected, short spikes and
 * flicker around the threshold do not flood. */
#include "testutil.h"

#include <string.h>

#include "ser/trend.h"

typedef struct counts {
    int alerts, calms;
    double first_alert, first_calm, alert_t[8];
} counts;

/* Feed score(t) every 0.5 s over [0, dur). */
static counts run(const ser_trend_config *c, double dur, double (*score)(double))
{
    ser_trend tr;
    ser_trend_init(&tr, c);
    counts n = {0, 0, -1, -1, {0}};
    for (double t = 0.5; t < dur; t += 0.5) {
        ser_trend_signal s = ser_trend_update(&tr, t, score(t));
        if (s == SER_TREND_ALERT) {
            if (n.alerts < 8)
                n.alert_t[n.alerts] = t;
            if (n.first_alert < 0)
                n.first_alert = t;
            n.alerts++;
        } else if (s == SER_TREND_CALM) {
            if (n.first_calm < 0)
                n.first_calm = t;
            n.calms++;
        }
    }
    return n;
}

static double low(double t) { (void)t; return 0.1; }
static double step(double t) { return t < 10 ? 0.05 : 0.95; }
static double episode(double t) { return t >= 10 && t < 30 ? 0.95 : 0.05; }
static double spike(double t) { return t >= 10 && t < 11 ? 1.0 : 0.05; }
static double flicker(double t) { return t < 10 ? 0.05 : ((int)(t * 2) % 2 ? 0.9 : 0.35); }
static double two_close(double t) { return (t >= 10 && t < 20) || (t >= 30 && t < 40) ? 0.95 : 0.0; }
static double two_far(double t) { return (t >= 10 && t < 20) || (t >= 60 && t < 70) ? 0.95 : 0.0; }
static double always_high(double t) { (void)t; return 0.95; }

static void test_defaults_valid(void **state)
{
    (void)state;
    ser_trend_config c = ser_trend_config_default();
    ser_error err;
    assert_int_equal(ser_trend_config_check(&c, &err), SER_OK);
    c.off_threshold = c.on_threshold;
    assert_int_equal(ser_trend_config_check(&c, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, "off_threshold"));
    c = ser_trend_config_default();
    c.weights[SER_LABEL_ANGRY] = -1;
    assert_int_equal(ser_trend_config_check(&c, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, "angry"));
}

static void test_score_weights(void **state)
{
    (void)state;
    ser_trend_config c = ser_trend_config_default();
    ser_label labels[4] = {SER_LABEL_NEUTRAL, SER_LABEL_ANGRY, SER_LABEL_DISGUST, SER_LABEL_NONE};
    double p[4] = {0.1, 0.5, 0.2, 0.2};
    /* 1.0 * 0.5 + 0.5 * 0.2: the defaults documented in trend.h */
    assert_true(tu_close(ser_trend_score(&c, labels, p, 4), 0.6, 1e-15, 0));
}

static void test_low_never_alerts(void **state)
{
    (void)state;
    ser_trend_config c = ser_trend_config_default();
    counts n = run(&c, 120, low);
    assert_int_equal(n.alerts, 0);
    assert_int_equal(n.calms, 0);
}

static void test_step_one_alert_after_sustain(void **state)
{
    (void)state;
    ser_trend_config c = ser_trend_config_default();
    counts n = run(&c, 120, step);
    assert_int_equal(n.alerts, 1); /* stays high for 110 s: still one alert */
    assert_int_equal(n.calms, 0);
    assert_true(n.first_alert >= 10 + c.sustain_s);
    assert_true(n.first_alert <= 10 + c.sustain_s + 3 * c.tau_s); /* not lagging far behind */
}

static void test_angry_from_the_start(void **state)
{
    (void)state;
    ser_trend_config c = ser_trend_config_default();
    counts n = run(&c, 30, always_high);
    assert_int_equal(n.alerts, 1);
}

static void test_episode_then_calm(void **state)
{
    (void)state;
    ser_trend_config c = ser_trend_config_default();
    counts n = run(&c, 60, episode);
    assert_int_equal(n.alerts, 1);
    assert_int_equal(n.calms, 1);
    assert_true(n.first_calm >= 30 + c.calm_s);
    assert_true(n.first_calm > n.first_alert);
}

static void test_short_spike_ignored(void **state)
{
    (void)state;
    ser_trend_config c = ser_trend_config_default();
    counts n = run(&c, 40, spike);
    assert_int_equal(n.alerts, 0);
}

static void test_flicker_does_not_flood(void **state)
{
    (void)state;
    ser_trend_config c = ser_trend_config_default();
    counts n = run(&c, 200, flicker);
    assert_int_equal(n.alerts, 1); /* smoothed s hovers ~0.6 > off: never calm, never re-alerts */
    assert_int_equal(n.calms, 0);
}

static void test_cooldown(void **state)
{
    (void)state;
    ser_trend_config c = ser_trend_config_default();
    c.cooldown_s = 10; /* second episode at 30 s, long after the first alert: alerts again */
    counts n = run(&c, 100, two_close);
    assert_int_equal(n.alerts, 2);
    assert_int_equal(n.calms, 2);
    assert_true(n.alert_t[1] >= 30 + c.sustain_s);
    c.cooldown_s = 35; /* the second episode (30..40 s) lies inside the cool-down of the first alert */
    n = run(&c, 100, two_close);
    assert_int_equal(n.alerts, 1);
    assert_int_equal(n.calms, 1);
    c.cooldown_s = 25; /* cool-down ends inside the second episode: the alert waits for it */
    n = run(&c, 100, two_close);
    assert_int_equal(n.alerts, 2);
    assert_true(n.alert_t[1] - n.alert_t[0] >= c.cooldown_s);
    assert_true(n.alert_t[1] - n.alert_t[0] < c.cooldown_s + 1.0);
    c = ser_trend_config_default();
    n = run(&c, 120, two_far);
    assert_int_equal(n.alerts, 2);
    assert_int_equal(n.calms, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_valid),     cmocka_unit_test(test_score_weights),
        cmocka_unit_test(test_low_never_alerts),   cmocka_unit_test(test_step_one_alert_after_sustain),
        cmocka_unit_test(test_angry_from_the_start), cmocka_unit_test(test_episode_then_calm),
        cmocka_unit_test(test_short_spike_ignored), cmocka_unit_test(test_flicker_does_not_flood),
        cmocka_unit_test(test_cooldown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
