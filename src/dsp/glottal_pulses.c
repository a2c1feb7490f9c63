/* Glottal cycle marks by waveform cross-correlation along the f0 track
 * (see glottal_pulses.h). */
#include "dsp/glottal_pulses.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"

#define MIN_CORRELATION 0.5

void ser__pulses_free(ser__pulses *p)
{
    if (!p)
        return;
    free(p->time);
    free(p->segment);
    memset(p, 0, sizeof *p);
}

/* Period in samples at sample s, from the voiced frames a..b of the run
 * (frame t centred on t*hop + centre). */
static double period_at(double s, double sr, const double *f0, size_t hop, size_t centre,
                        size_t a, size_t b)
{
    double f = floor((s - (double)centre + (double)hop / 2.0) / (double)hop);
    size_t t = f < (double)a ? a : f > (double)b ? b : (size_t)f;
    return sr / f0[t];
}

static void add_mark(ser__pulses *p, double t, size_t segment)
{
    p->time[p->count] = t;
    p->segment[p->count] = segment;
    p->count++;
}

/* Normalised cross-correlation of x[i-h, i+h) with x[i+lag-h, i+lag+h). */
static double correlation(const float *x, size_t i, size_t h, size_t lag)
{
    double xy = 0.0, xx = 0.0, yy = 0.0;
    for (size_t j = i - h; j < i + h; j++) {
        double a = x[j], b = x[j + lag];
        xy += a * b;
        xx += a * a;
        yy += b * b;
    }
    return xx > 0.0 && yy > 0.0 ? xy / sqrt(xx * yy) : 0.0;
}

/* Marks in the samples [lo, end) of the voiced run of frames a..b (the
 * correlation windows may reach outside the run, not outside x[0..n)). */
static void follow_run(const float *x, size_t n, size_t lo, size_t end, double sr, const double *f0,
                       size_t hop, size_t centre, size_t a, size_t b, double factor,
                       ser__pulses *out, size_t *segment)
{
    double T = period_at((double)lo, sr, f0, hop, centre, a, b);
    size_t hi = lo + (size_t)ceil(T);
    if (hi >= end)
        return;
    size_t first = lo;
    for (size_t i = lo + 1; i <= hi; i++)
        if (x[i] > x[first])
            first = i;
    double mark = (double)first;
    add_mark(out, mark, *segment);
    for (;;) {
        size_t i = (size_t)nearbyint(mark);
        T = period_at(mark, sr, f0, hop, centre, a, b);
        size_t h = (size_t)nearbyint(T / 2.0);
        size_t lag_lo = (size_t)ceil(T / factor), lag_hi = (size_t)floor(T * factor);
        if (h < 2 || lag_lo < 2 || i < h || i + lag_lo >= end || i + h + lag_lo + 2 >= n)
            break;
        if (i + h + lag_hi >= n)
            lag_hi = n - 1 - h - i;
        if (lag_hi <= lag_lo + 1)
            break;
        size_t best = lag_lo;
        double cb = -2.0;
        for (size_t lag = lag_lo; lag <= lag_hi; lag++) {
            double c = correlation(x, i, h, lag);
            if (c > cb) {
                cb = c;
                best = lag;
            }
        }
        double period = (double)best;
        if (best == lag_lo || best == lag_hi || cb < MIN_CORRELATION) {
            (*segment)++; /* no periodic match: cut the chain */
        } else {
            double c0 = correlation(x, i, h, best - 1), c2 = correlation(x, i, h, best + 1);
            double denom = c0 - 2.0 * cb + c2;
            if (denom < 0.0)
                period += 0.5 * (c0 - c2) / denom;
        }
        mark += period;
        if (mark >= (double)end)
            break;
        add_mark(out, mark, *segment);
    }
}

ser_status ser__glottal_pulses(const float *x, size_t n, double sr, const double *f0,
                               const bool *voiced, size_t n_frames, size_t hop, size_t centre,
                               double max_period_factor, ser__pulses *out)
{
    if (!out)
        return SER_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!x || !f0 || !voiced || hop == 0 || !(sr > 0.0) || !(max_period_factor > 1.0))
        return SER_ERR_ARG;
    /* Marks are at least 2 samples apart (lags >= 2). */
    size_t cap = n / 2 + 2;
    out->time = ser_alloc_array(cap, sizeof(double));
    out->segment = ser_alloc_array(cap, sizeof(size_t));
    if (!out->time || !out->segment) {
        ser__pulses_free(out);
        return SER_ERR_NOMEM;
    }
    size_t segment = 0;
    for (size_t a = 0; a < n_frames;) {
        if (!(voiced[a] && isfinite(f0[a]) && f0[a] > 0.0)) {
            a++;
            continue;
        }
        size_t b = a;
        while (b + 1 < n_frames && voiced[b + 1] && isfinite(f0[b + 1]) && f0[b + 1] > 0.0)
            b++;
        /* From half a hop before frame a's centre to half a hop after b's. */
        double s0 = (double)a * (double)hop + (double)centre - (double)hop / 2.0;
        double s1 = (double)b * (double)hop + (double)centre + (double)hop / 2.0;
        size_t lo = s0 < 0.0 ? 0 : (size_t)s0;
        size_t end = s1 > (double)n ? n : (size_t)s1; /* exclusive */
        if (end > lo + 2)
            follow_run(x, n, lo, end, sr, f0, hop, centre, a, b, max_period_factor, out, &segment);
        segment++;
        a = b + 1;
    }
    return SER_OK;
}
