/* Double-precision real FFT: an n-point real transform as an n/2-point
 * complex radix-2 transform (decimation in time, bit-reversed load) plus
 * the usual split step.  Twiddles are computed directly with cos/sin (no
 * recurrences), so the error stays near machine epsilon times log2(n). */
#include "ser/rfft64.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "ser/util.h"

struct ser_rfft64 {
    size_t n;         /* real size */
    size_t m;         /* complex size n/2 */
    uint32_t *rev;    /* bit-reversal permutation of 0..m-1 */
    double *stage_tw; /* per stage of half-size h: h twiddles exp(-2 pi i k / 2h), at offset 2*(h-1) */
    double *split_tw; /* exp(-2 pi i k / n), k = 0..m-1, interleaved */
    double *work;     /* m complex values */
};

int ser_rfft64_size_ok(size_t n)
{
    return n >= 2 && n <= ((size_t)1 << 30) && (n & (n - 1)) == 0;
}

ser_rfft64 *ser_rfft64_create(size_t n, ser_status *err)
{
    if (!ser_rfft64_size_ok(n)) {
        if (err)
            *err = SER_ERR_ARG;
        return NULL;
    }
    ser_rfft64 *p = calloc(1, sizeof *p);
    if (!p)
        goto nomem;
    p->n = n;
    p->m = n / 2;
    size_t m = p->m;
    p->rev = ser_alloc_array(m, sizeof *p->rev);
    p->stage_tw = ser_alloc_array(2 * m, sizeof *p->stage_tw);
    p->split_tw = ser_alloc_array(2 * m, sizeof *p->split_tw);
    p->work = ser_alloc_array(2 * m, sizeof *p->work);
    if (!p->rev || !p->stage_tw || !p->split_tw || !p->work)
        goto nomem;
    unsigned bits = 0;
    while (((size_t)1 << bits) < m)
        bits++;
    for (size_t j = 0; j < m; j++) {
        size_t r = 0;
        for (unsigned b = 0; b < bits; b++)
            if (j & ((size_t)1 << b))
                r |= (size_t)1 << (bits - 1 - b);
        p->rev[j] = (uint32_t)r;
    }
    for (size_t h = 1; h < m; h *= 2)
        for (size_t k = 0; k < h; k++) {
            double a = -M_PI * (double)k / (double)h;
            p->stage_tw[2 * (h - 1 + k)] = cos(a);
            p->stage_tw[2 * (h - 1 + k) + 1] = sin(a);
        }
    for (size_t k = 0; k < m; k++) {
        double a = -2.0 * M_PI * (double)k / (double)n;
        p->split_tw[2 * k] = cos(a);
        p->split_tw[2 * k + 1] = sin(a);
    }
    if (err)
        *err = SER_OK;
    return p;
nomem:
    ser_rfft64_destroy(p);
    if (err)
        *err = SER_ERR_NOMEM;
    return NULL;
}

void ser_rfft64_destroy(ser_rfft64 *plan)
{
    if (!plan)
        return;
    free(plan->rev);
    free(plan->stage_tw);
    free(plan->split_tw);
    free(plan->work);
    free(plan);
}

size_t ser_rfft64_size(const ser_rfft64 *plan) { return plan->n; }

/* In-place complex FFT of the bit-reversed data in w (m points). */
static void complex_fft(double *restrict w, size_t m, const double *restrict stage_tw)
{
    /* h = 1: twiddle 1 */
    for (size_t s = 0; s + 1 < m; s += 2) {
        double ar = w[2 * s], ai = w[2 * s + 1], br = w[2 * s + 2], bi = w[2 * s + 3];
        w[2 * s] = ar + br;
        w[2 * s + 1] = ai + bi;
        w[2 * s + 2] = ar - br;
        w[2 * s + 3] = ai - bi;
    }
    for (size_t h = 2; h < m; h *= 2) {
        const double *tw = stage_tw + 2 * (h - 1);
        for (size_t s = 0; s < m; s += 2 * h) {
            double *a = w + 2 * s, *b = w + 2 * (s + h);
            for (size_t k = 0; k < h; k++) {
                double wr = tw[2 * k], wi = tw[2 * k + 1];
                double br = b[2 * k] * wr - b[2 * k + 1] * wi;
                double bi = b[2 * k] * wi + b[2 * k + 1] * wr;
                double ar = a[2 * k], ai = a[2 * k + 1];
                a[2 * k] = ar + br;
                a[2 * k + 1] = ai + bi;
                b[2 * k] = ar - br;
                b[2 * k + 1] = ai - bi;
            }
        }
    }
}

void ser_rfft64_forward(ser_rfft64 *plan, const double *in, double *out)
{
    const size_t m = plan->m;
    double *restrict w = plan->work;
    for (size_t j = 0; j < m; j++) {
        size_t r = plan->rev[j];
        w[2 * r] = in[2 * j];
        w[2 * r + 1] = in[2 * j + 1];
    }
    complex_fft(w, m, plan->stage_tw);
    /* Split: with Z = FFT(x_even + i x_odd), E[k] = (Z[k] + conj Z[m-k]) / 2,
     * O[k] = (Z[k] - conj Z[m-k]) / 2i and X[k] = E[k] + exp(-2 pi i k/n) O[k]. */
    out[0] = w[0] + w[1];
    out[1] = 0.0;
    out[2 * m] = w[0] - w[1];
    out[2 * m + 1] = 0.0;
    const double *tw = plan->split_tw;
    for (size_t k = 1; k < m; k++) {
        double zr = w[2 * k], zi = w[2 * k + 1];
        double cr = w[2 * (m - k)], ci = -w[2 * (m - k) + 1];
        double er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
        /* (Z - C) / 2i = ((zi - ci) - i (zr - cr)) / 2 */
        double orr = 0.5 * (zi - ci), oi = -0.5 * (zr - cr);
        double wr = tw[2 * k], wi = tw[2 * k + 1];
        out[2 * k] = er + (orr * wr - oi * wi);
        out[2 * k + 1] = ei + (orr * wi + oi * wr);
    }
}
