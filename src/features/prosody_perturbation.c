/* Jitter and shimmer from glottal cycle marks, Praat's definitions:
 *   period P_i = t_{i+1} - t_i between consecutive marks of one segment,
 *     used when min_period <= P_i <= max_period;
 *   cycle amplitude A_i = max - min of x over the period centred on mark
 *     i, [t_i - P_i/2, t_i + P_i/2) (peak-to-peak, insensitive to a DC
 *     offset; the marks sit near the positive peaks, so the window's
 *     edges fall between peaks; both extrema refined by a parabola);
 *   jitter (local)   = mean |P_{i+1} - P_i| / mean P, over consecutive
 *     pairs with max/min period ratio <= period_factor (1.3);
 *   shimmer (local)  = mean |A_{i+1} - A_i| / mean A, over pairs that also
 *     have amplitude ratio <= amplitude_factor (1.6);
 *   shimmer (local, dB) = mean |20 log10(A_{i+1} / A_i)| over those pairs.
 * The means of P and A run over every usable cycle. */
#include <math.h>

#include "features/prosody_internal.h"

static bool cycle_ok(const ser__pulses *m, size_t i, double pmin, double pmax)
{
    if (i + 1 >= m->count || m->segment[i] != m->segment[i + 1])
        return false;
    double p = m->time[i + 1] - m->time[i];
    return p >= pmin && p <= pmax;
}

/* Height of the parabola through x[i-1], x[i], x[i+1] (x[i] at the ends). */
static double vertex(const float *x, size_t n, size_t i)
{
    if (i == 0 || i + 1 >= n)
        return x[i];
    double a = x[i - 1], b = x[i], c = x[i + 1], denom = a - 2.0 * b + c;
    if (denom == 0.0)
        return b;
    double off = 0.5 * (a - c) / denom;
    return fabs(off) <= 1.0 ? b - 0.25 * (a - c) * off : b;
}

static double cycle_amplitude(const float *x, size_t n, const ser__pulses *m, size_t i)
{
    double half = (m->time[i + 1] - m->time[i]) / 2.0;
    double a_d = nearbyint(m->time[i] - half), b_d = nearbyint(m->time[i] + half);
    size_t a = a_d < 0.0 ? 0 : (size_t)a_d;
    size_t b = b_d > (double)n ? n : (size_t)b_d; /* exclusive */
    if (b <= a)
        return 0.0;
    size_t lo = a, hi = a;
    for (size_t s = a + 1; s < b; s++) {
        if (x[s] < x[lo])
            lo = s;
        if (x[s] > x[hi])
            hi = s;
    }
    /* sub-sample extrema: parabolic interpolation around each */
    return vertex(x, n, hi) - vertex(x, n, lo);
}

void ser__prosody_perturbation(const float *x, size_t n, const ser__pulses *marks,
                               double min_period, double max_period, double period_factor,
                               double amplitude_factor, ser__perturbation *out)
{
    out->jitter = out->shimmer = out->shimmer_db = 0.0;
    out->n_periods = out->n_jitter_pairs = out->n_shimmer_pairs = 0;
    double sum_p = 0.0, sum_a = 0.0, sum_dp = 0.0, sum_da = 0.0, sum_db = 0.0;
    double prev_p = 0.0, prev_a = 0.0;
    bool prev_ok = false;
    for (size_t i = 0; i < marks->count; i++) {
        if (!cycle_ok(marks, i, min_period, max_period)) {
            prev_ok = false;
            continue;
        }
        double p = marks->time[i + 1] - marks->time[i];
        double a = cycle_amplitude(x, n, marks, i);
        sum_p += p;
        sum_a += a;
        out->n_periods++;
        if (prev_ok && fmax(p, prev_p) <= period_factor * fmin(p, prev_p)) {
            sum_dp += fabs(p - prev_p);
            out->n_jitter_pairs++;
            if (a > 0.0 && prev_a > 0.0 && fmax(a, prev_a) <= amplitude_factor * fmin(a, prev_a)) {
                sum_da += fabs(a - prev_a);
                sum_db += fabs(20.0 * log10(a / prev_a));
                out->n_shimmer_pairs++;
            }
        }
        prev_p = p;
        prev_a = a;
        prev_ok = true;
    }
    if (out->n_jitter_pairs && sum_p > 0.0)
        out->jitter = (sum_dp / (double)out->n_jitter_pairs) / (sum_p / (double)out->n_periods);
    if (out->n_shimmer_pairs && sum_a > 0.0) {
        out->shimmer =
            (sum_da / (double)out->n_shimmer_pairs) / (sum_a / (double)out->n_periods);
        out->shimmer_db = sum_db / (double)out->n_shimmer_pairs;
    }
}
