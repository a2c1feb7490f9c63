/* ser/trend.h - frustration trend detector: a smoothed score that raises
 * one alert per episode when it is high AND rising for a sustained time,
 * and reports when the speaker has calmed down.
 *
 * Score.  The frustration score of one analysis window is a weighted sum
 * of class probabilities, sum_k weight[label_k] * p_k, in [0, 1] when the
 * weights are (ser_trend_score).  Default weights by canonical label:
 * angry 1.0, disgust 0.5, fearful 0.25, every other class 0 (configurable).
 *
 * Detector (ser_trend_update, fed once per voiced window with the time of
 * its end, seconds):
 *   smoothed s:  s += (1 - exp(-dt / tau_s)) * (score - s), s starts at 0
 *                (a neutral prior, so a call angry from its first second
 *                still "rises").
 *   base:        the lowest s since the detector was last calm (starts 0).
 *   armed:       s >= on_threshold and s - base >= min_rise.
 *   ALERT        when armed has held continuously for sustain_s seconds,
 *                no alert is active, and at least cooldown_s seconds have
 *                passed since the previous alert.  One alert per episode.
 *   CALM         after an alert, when s <= off_threshold (< on_threshold:
 *                hysteresis) has held for calm_s seconds; base restarts
 *                from s.  A new episode can alert only after the calm and
 *                the cool-down.
 * No allocation; a ser_trend is a plain value (copy it to reset). */
#ifndef SER_TREND_H
#define SER_TREND_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/labels.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_trend_config {
    double weights[SER_LABEL_COUNT]; /* frustration weight per canonical label (ser_label index) */
    double tau_s;                    /* smoothing time constant, s (2.0) */
    double on_threshold;             /* s must reach this to alert (0.5) */
    double off_threshold;            /* s must fall to this to be calm (0.3) */
    double min_rise;                 /* s - base needed to count as rising (0.2) */
    double sustain_s;                /* armed this long before the alert, s (1.5) */
    double calm_s;                   /* below off_threshold this long before "calm", s (3.0) */
    double cooldown_s;               /* least time between two alerts, s (30) */
} ser_trend_config;

ser_trend_config ser_trend_config_default(void);
/* SER_ERR_ARG naming the field: negative weights or times, thresholds
 * outside [0, 1], off_threshold >= on_threshold. */
ser_status ser_trend_config_check(const ser_trend_config *cfg, ser_error *err);

typedef enum ser_trend_signal {
    SER_TREND_NONE = 0,
    SER_TREND_ALERT = 1, /* frustration high and rising for sustain_s */
    SER_TREND_CALM = 2   /* fell back below off_threshold for calm_s after an alert */
} ser_trend_signal;

typedef struct ser_trend {
    ser_trend_config cfg;
    double s, base, last_t;
    double armed_since, calm_since, last_alert;
    bool started, alerted, has_alerted;
} ser_trend;

/* Start a detector (cfg checked by the caller or ser_trend_config_check). */
void ser_trend_init(ser_trend *tr, const ser_trend_config *cfg);
/* The frustration score of one window: labels[k] is the canonical label
 * of class k (SER_LABEL_NONE: weight 0), probs[k] its probability. */
double ser_trend_score(const ser_trend_config *cfg, const ser_label *labels, const double *probs, size_t n);
/* Feed the score of the window ending at t seconds (non-decreasing);
 * returns the signal raised by this update, if any. */
ser_trend_signal ser_trend_update(ser_trend *tr, double t, double score);
/* The smoothed score s. */
double ser_trend_value(const ser_trend *tr);

#ifdef __cplusplus
}
#endif
#endif
