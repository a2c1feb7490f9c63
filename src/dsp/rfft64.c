/* Double-precision real FFT: an n-point real transform as an n/2-point
 * complex radix-4 transform (decimation in time, bit-reversed load) plus
 * the usual split step.  Twiddles are computed directly with cos/sin (no
 * recurrences), so the error stays near machine epsilon times log2(n).
 *
 * The inner loops (rfft64_kernels.h) are compiled twice on x86-64: plain
 * C, and the same C for AVX2 (4 doubles per instruction), chosen at
 * create time when the CPU has AVX2.  Both give the same bits (tested). */
#include "ser/rfft64.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "ser/util.h"

typedef struct rfft64_tables {
    size_t n;         /* real size */
    size_t m;         /* complex size n/2 */
    size_t h0;        /* first radix-4 quarter-size: 1, or 2 after a radix-2 stage */
    uint32_t *rev;    /* bit-reversal permutation of 0..m-1 */
    double *tw;       /* per radix-4 stage h: re/im of W^k, W^2k, W^3k, k < h */
    double *split_tw; /* cos then sin of -2 pi k / n, k < m */
    double *re, *im;  /* work: m values each (split format vectorises well) */
    double *wx;       /* work: n values (windowed input; mirrored spectrum) */
    float *py;        /* work: m/2 + 1 powers of the mirrored half */
} rfft64_tables;

#define KERNEL(name) name##_plain
#define KERNEL_ATTR
#include "rfft64_kernels.h"
#undef KERNEL
#undef KERNEL_ATTR

#if defined(__x86_64__) && defined(__GNUC__)
#define SER_RFFT64_HAVE_AVX2 1
#define KERNEL(name) name##_avx2
#define KERNEL_ATTR __attribute__((target("avx2")))
#include "rfft64_kernels.h"
#undef KERNEL
#undef KERNEL_ATTR
#endif

struct ser_rfft64 {
    rfft64_tables t;
    const ser_rfft64 *base; /* NULL: owns rev, tw, split_tw; else borrows base's */
    ser_kernel kernel;
    void (*forward)(const rfft64_tables *t, const double *in, double *out);
    void (*power_windowed)(const rfft64_tables *t, const float *x, const double *window, float *power);
};

static bool alloc_work(rfft64_tables *t)
{
    t->re = ser_alloc_array(t->m, sizeof *t->re);
    t->im = ser_alloc_array(t->m, sizeof *t->im);
    t->wx = ser_alloc_array(t->n + 2, sizeof *t->wx);
    t->py = ser_alloc_array(t->m / 2 + 1, sizeof *t->py);
    return t->re && t->im && t->wx && t->py;
}

int ser_rfft64_size_ok(size_t n)
{
    return n >= 2 && n <= ((size_t)1 << 30) && (n & (n - 1)) == 0;
}

ser_rfft64 *ser_rfft64_create_kernel(size_t n, ser_kernel kernel, ser_status *err)
{
    if (!ser_rfft64_size_ok(n) || (unsigned)kernel > SER_KERNEL_AVX2) {
        if (err)
            *err = SER_ERR_ARG;
        return NULL;
    }
    if (!ser_kernel_available(kernel)) {
        if (err)
            *err = SER_ERR_UNSUPPORTED;
        return NULL;
    }
    kernel = ser_kernel_resolve(kernel);
    ser_rfft64 *p = calloc(1, sizeof *p);
    if (!p)
        goto nomem;
    rfft64_tables *t = &p->t;
    t->n = n;
    t->m = n / 2;
    size_t m = t->m;
    unsigned bits = 0;
    while (((size_t)1 << bits) < m)
        bits++;
    t->h0 = bits % 2 ? 2 : 1;
    size_t tw_len = 1;
    for (size_t h = t->h0; 4 * h <= m; h *= 4)
        tw_len += 6 * h;
    t->rev = ser_alloc_array(m, sizeof *t->rev);
    t->tw = ser_alloc_array(tw_len, sizeof *t->tw);
    t->split_tw = ser_alloc_array(2 * m, sizeof *t->split_tw);
    if (!t->rev || !t->tw || !t->split_tw || !alloc_work(t))
        goto nomem;
    for (size_t j = 0; j < m; j++) {
        size_t r = 0;
        for (unsigned b = 0; b < bits; b++)
            if (j & ((size_t)1 << b))
                r |= (size_t)1 << (bits - 1 - b);
        t->rev[j] = (uint32_t)r;
    }
    double *tw = t->tw;
    for (size_t h = t->h0; 4 * h <= m; tw += 6 * h, h *= 4)
        for (size_t k = 0; k < h; k++)
            for (size_t j = 1; j <= 3; j++) {
                double a = -2.0 * M_PI * (double)(j * k) / (double)(4 * h);
                tw[(2 * (j - 1)) * h + k] = cos(a);
                tw[(2 * (j - 1) + 1) * h + k] = sin(a);
            }
    for (size_t k = 0; k < m; k++) {
        double a = -2.0 * M_PI * (double)k / (double)n;
        t->split_tw[k] = cos(a);
        t->split_tw[m + k] = sin(a);
    }
    p->kernel = SER_KERNEL_PLAIN;
    p->forward = forward_plain;
    p->power_windowed = power_windowed_plain;
#ifdef SER_RFFT64_HAVE_AVX2
    if (kernel == SER_KERNEL_AVX2) {
        p->kernel = SER_KERNEL_AVX2;
        p->forward = forward_avx2;
        p->power_windowed = power_windowed_avx2;
    }
#endif
    if (err)
        *err = SER_OK;
    return p;
nomem:
    ser_rfft64_destroy(p);
    if (err)
        *err = SER_ERR_NOMEM;
    return NULL;
}

ser_rfft64 *ser_rfft64_create(size_t n, ser_status *err) { return ser_rfft64_create_kernel(n, SER_KERNEL_AUTO, err); }

ser_rfft64 *ser_rfft64_create_shared(const ser_rfft64 *base, ser_status *err)
{
    ser_rfft64 *p = base ? calloc(1, sizeof *p) : NULL;
    if (p) {
        *p = *base; /* tables, kernel and functions */
        p->base = base->base ? base->base : base;
        p->t.re = p->t.im = p->t.wx = NULL;
        p->t.py = NULL;
        if (!alloc_work(&p->t)) {
            ser_rfft64_destroy(p);
            p = NULL;
        }
    }
    if (err)
        *err = p ? SER_OK : base ? SER_ERR_NOMEM : SER_ERR_ARG;
    return p;
}

void ser_rfft64_destroy(ser_rfft64 *plan)
{
    if (!plan)
        return;
    if (!plan->base) {
        free(plan->t.rev);
        free(plan->t.tw);
        free(plan->t.split_tw);
    }
    free(plan->t.re);
    free(plan->t.im);
    free(plan->t.wx);
    free(plan->t.py);
    free(plan);
}

size_t ser_rfft64_size(const ser_rfft64 *plan) { return plan->t.n; }
ser_kernel ser_rfft64_kernel_of(const ser_rfft64 *plan) { return plan->kernel; }

void ser_rfft64_forward(ser_rfft64 *plan, const double *in, double *out) { plan->forward(&plan->t, in, out); }

void ser_rfft64_power_windowed(ser_rfft64 *plan, const float *x, const double *window, float *power)
{
    plan->power_windowed(&plan->t, x, window, power);
}
