/* Frustration trend detector (include/ser/trend.h). */
#include <math.h>

#include "ser/trend.h"

ser_trend_config ser_trend_config_default(void)
{
    ser_trend_config c = {{0}, 2.0, 0.5, 0.3, 0.2, 1.5, 3.0, 30.0};
    c.weights[SER_LABEL_ANGRY] = 1.0;
    c.weights[SER_LABEL_DISGUST] = 0.5;
    c.weights[SER_LABEL_FEARFUL] = 0.25;
    return c;
}

ser_status ser_trend_config_check(const ser_trend_config *c, ser_error *err)
{
    if (!c)
        return ser_error_set(err, SER_ERR_ARG, "trend: no configuration");
    for (int k = 0; k < SER_LABEL_COUNT; k++)
        if (!(c->weights[k] >= 0.0) || !isfinite(c->weights[k]))
            return ser_error_set(err, SER_ERR_ARG, "trend: weight of '%s' must be a finite value >= 0",
                                 ser_label_name((ser_label)k));
    if (!(c->tau_s >= 0.0) || !(c->sustain_s >= 0.0) || !(c->calm_s >= 0.0) || !(c->cooldown_s >= 0.0) ||
        !isfinite(c->tau_s + c->sustain_s + c->calm_s + c->cooldown_s))
        return ser_error_set(err, SER_ERR_ARG, "trend: tau_s, sustain_s, calm_s, cooldown_s must be finite and >= 0");
    if (!(c->on_threshold >= 0.0 && c->on_threshold <= 1.0) || !(c->off_threshold >= 0.0) ||
        !(c->off_threshold < c->on_threshold))
        return ser_error_set(err, SER_ERR_ARG, "trend: need 0 <= off_threshold (%g) < on_threshold (%g) <= 1",
                             c->off_threshold, c->on_threshold);
    if (!(c->min_rise >= 0.0 && c->min_rise <= 1.0))
        return ser_error_set(err, SER_ERR_ARG, "trend: min_rise %g outside [0, 1]", c->min_rise);
    return SER_OK;
}

void ser_trend_init(ser_trend *tr, const ser_trend_config *cfg)
{
    ser_trend z = {0};
    z.cfg = *cfg;
    z.armed_since = z.calm_since = -1.0;
    *tr = z;
}

double ser_trend_score(const ser_trend_config *cfg, const ser_label *labels, const double *probs, size_t n)
{
    double s = 0.0;
    for (size_t k = 0; k < n; k++)
        if (labels[k] >= 0 && labels[k] < SER_LABEL_COUNT)
            s += cfg->weights[labels[k]] * probs[k];
    return s;
}

double ser_trend_value(const ser_trend *tr) { return tr->s; }

ser_trend_signal ser_trend_update(ser_trend *tr, double t, double score)
{
    const ser_trend_config *c = &tr->cfg;
    double dt = tr->started ? t - tr->last_t : t;
    if (dt < 0.0)
        dt = 0.0;
    double a = c->tau_s > 0.0 ? 1.0 - exp(-dt / c->tau_s) : 1.0;
    tr->s += a * (score - tr->s);
    tr->last_t = t;
    tr->started = true;
    if (!tr->alerted) {
        if (tr->s < tr->base)
            tr->base = tr->s;
        bool armed = tr->s >= c->on_threshold && tr->s - tr->base >= c->min_rise;
        if (!armed) {
            tr->armed_since = -1.0;
            return SER_TREND_NONE;
        }
        if (tr->armed_since < 0.0)
            tr->armed_since = t;
        bool cooled = !tr->has_alerted || t - tr->last_alert >= c->cooldown_s;
        if (t - tr->armed_since >= c->sustain_s && cooled) {
            tr->alerted = tr->has_alerted = true;
            tr->last_alert = t;
            tr->calm_since = -1.0;
            return SER_TREND_ALERT;
        }
        return SER_TREND_NONE;
    }
    if (tr->s > c->off_threshold) {
        tr->calm_since = -1.0;
        return SER_TREND_NONE;
    }
    if (tr->calm_since < 0.0)
        tr->calm_since = t;
    if (t - tr->calm_since >= c->calm_s) {
        tr->alerted = false;
        tr->base = tr->s;
        tr->armed_since = -1.0;
        return SER_TREND_CALM;
    }
    return SER_TREND_NONE;
}
