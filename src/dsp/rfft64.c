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
    double *tw;       /* radix-4 stages: for stage quarter-size h, 6h values at offset 6(h-1)/3..:
                         re/im of W^k, W^2k, W^3k (W = exp(-2 pi i / 4h)), k < h, see stage_twiddles */
    size_t tw_len;
    double *split_tw; /* exp(-2 pi i k / n), k = 0..m-1, interleaved */
    double *re, *im;  /* work: m values each (split format vectorises well) */
};

int ser_rfft64_size_ok(size_t n)
{
    return n >= 2 && n <= ((size_t)1 << 30) && (n & (n - 1)) == 0;
}

/* First quarter-size of the radix-4 stages: 1 when log2(m) is even, else 2
 * after one radix-2 stage. */
static size_t first_radix4(size_t m)
{
    unsigned bits = 0;
    while (((size_t)1 << bits) < m)
        bits++;
    return bits % 2 ? 2 : 1;
}

/* Offset of stage h's twiddles: stages h0, 4 h0, 16 h0, ... each take 6h. */
static size_t stage_offset(size_t h0, size_t h)
{
    size_t off = 0;
    for (size_t g = h0; g < h; g *= 4)
        off += 6 * g;
    return off;
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
    size_t h0 = first_radix4(m);
    p->tw_len = stage_offset(h0, m) + 1;
    p->rev = ser_alloc_array(m, sizeof *p->rev);
    p->tw = ser_alloc_array(p->tw_len, sizeof *p->tw);
    p->split_tw = ser_alloc_array(2 * m, sizeof *p->split_tw);
    p->re = ser_alloc_array(m, sizeof *p->re);
    p->im = ser_alloc_array(m, sizeof *p->im);
    if (!p->rev || !p->tw || !p->split_tw || !p->re || !p->im)
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
    for (size_t h = h0; 4 * h <= m; h *= 4) {
        double *t = p->tw + stage_offset(h0, h);
        for (size_t k = 0; k < h; k++)
            for (size_t j = 1; j <= 3; j++) {
                double a = -2.0 * M_PI * (double)(j * k) / (double)(4 * h);
                t[(2 * (j - 1)) * h + k] = cos(a);
                t[(2 * (j - 1) + 1) * h + k] = sin(a);
            }
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
    free(plan->tw);
    free(plan->split_tw);
    free(plan->re);
    free(plan->im);
    free(plan);
}

size_t ser_rfft64_size(const ser_rfft64 *plan) { return plan->n; }

/* In-place complex FFT of bit-reversed data (m points, split format):
 * decimation in time, radix-4 stages (one radix-2 stage first when log2 m
 * is odd).  A radix-4 stage of quarter-size h merges four transforms of
 * size h at offsets 0, h, 2h, 3h: a0..a3, the DFTs of x[4j], x[4j+2],
 * x[4j+1], x[4j+3] (bit-reversed order), into X[k + q h], q = 0..3:
 *   A1 = a1 W^2k, A2 = a2 W^k, A3 = a3 W^3k,  W = exp(-2 pi i / 4h)
 *   y0 = (a0 + A1) + (A2 + A3),   y2 = (a0 + A1) - (A2 + A3)
 *   y1 = (a0 - A1) - i (A2 - A3), y3 = (a0 - A1) + i (A2 - A3) */
static void complex_fft(const ser_rfft64 *p, double *restrict re, double *restrict im)
{
    const size_t m = p->m;
    size_t h = first_radix4(m);
    if (m < 2)
        return;
    if (h == 2) {
        for (size_t s = 0; s < m; s += 2) {
            double xr = re[s], xi = im[s];
            re[s] = xr + re[s + 1];
            im[s] = xi + im[s + 1];
            re[s + 1] = xr - re[s + 1];
            im[s + 1] = xi - im[s + 1];
        }
    }
    const size_t h0 = h;
    if (h == 1 && m >= 4) {
        for (size_t s = 0; s < m; s += 4) {
            double a0r = re[s], a0i = im[s], a1r = re[s + 1], a1i = im[s + 1];
            double a2r = re[s + 2], a2i = im[s + 2], a3r = re[s + 3], a3i = im[s + 3];
            double s01r = a0r + a1r, s01i = a0i + a1i, d01r = a0r - a1r, d01i = a0i - a1i;
            double s23r = a2r + a3r, s23i = a2i + a3i, d23r = a2r - a3r, d23i = a2i - a3i;
            re[s] = s01r + s23r;
            im[s] = s01i + s23i;
            re[s + 2] = s01r - s23r;
            im[s + 2] = s01i - s23i;
            re[s + 1] = d01r + d23i; /* - i (d23) = (d23i, -d23r) */
            im[s + 1] = d01i - d23r;
            re[s + 3] = d01r - d23i;
            im[s + 3] = d01i + d23r;
        }
        h = 4;
    }
    for (; 4 * h <= m; h *= 4) {
        const double *t = p->tw + stage_offset(h0, h);
        const double *w1r = t, *w1i = t + h, *w2r = t + 2 * h, *w2i = t + 3 * h, *w3r = t + 4 * h, *w3i = t + 5 * h;
        for (size_t s = 0; s < m; s += 4 * h) {
            double *restrict r0 = re + s, *restrict i0 = im + s;
            double *restrict r1 = re + s + h, *restrict i1 = im + s + h;
            double *restrict r2 = re + s + 2 * h, *restrict i2 = im + s + 2 * h;
            double *restrict r3 = re + s + 3 * h, *restrict i3 = im + s + 3 * h;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC ivdep
#endif
            for (size_t k = 0; k < h; k++) {
                /* bit-reversed order: block h is the DFT of x[4j+2], block 2h of x[4j+1] */
                double b1r = r1[k] * w2r[k] - i1[k] * w2i[k], b1i = r1[k] * w2i[k] + i1[k] * w2r[k];
                double b2r = r2[k] * w1r[k] - i2[k] * w1i[k], b2i = r2[k] * w1i[k] + i2[k] * w1r[k];
                double b3r = r3[k] * w3r[k] - i3[k] * w3i[k], b3i = r3[k] * w3i[k] + i3[k] * w3r[k];
                double a0r = r0[k], a0i = i0[k];
                double s01r = a0r + b1r, s01i = a0i + b1i, d01r = a0r - b1r, d01i = a0i - b1i;
                double s23r = b2r + b3r, s23i = b2i + b3i, d23r = b2r - b3r, d23i = b2i - b3i;
                r0[k] = s01r + s23r;
                i0[k] = s01i + s23i;
                r2[k] = s01r - s23r;
                i2[k] = s01i - s23i;
                r1[k] = d01r + d23i;
                i1[k] = d01i - d23r;
                r3[k] = d01r - d23i;
                i3[k] = d01i + d23r;
            }
        }
    }
}

void ser_rfft64_forward(ser_rfft64 *plan, const double *in, double *out)
{
    const size_t m = plan->m;
    double *restrict re = plan->re, *restrict im = plan->im;
    for (size_t j = 0; j < m; j++) {
        size_t r = plan->rev[j];
        re[r] = in[2 * j];
        im[r] = in[2 * j + 1];
    }
    complex_fft(plan, re, im);
    /* Split: with Z = FFT(x_even + i x_odd), E[k] = (Z[k] + conj Z[m-k]) / 2,
     * O[k] = (Z[k] - conj Z[m-k]) / 2i and X[k] = E[k] + exp(-2 pi i k/n) O[k]. */
    out[0] = re[0] + im[0];
    out[1] = 0.0;
    out[2 * m] = re[0] - im[0];
    out[2 * m + 1] = 0.0;
    const double *tw = plan->split_tw;
    for (size_t k = 1; k < m; k++) {
        double zr = re[k], zi = im[k];
        double cr = re[m - k], ci = -im[m - k];
        double er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
        /* (Z - C) / 2i = ((zi - ci) - i (zr - cr)) / 2 */
        double orr = 0.5 * (zi - ci), oi = -0.5 * (zr - cr);
        double wr = tw[2 * k], wi = tw[2 * k + 1];
        out[2 * k] = er + (orr * wr - oi * wi);
        out[2 * k + 1] = ei + (orr * wi + oi * wr);
    }
}
