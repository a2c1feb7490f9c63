/* ser__format_g9: "%.9g" without printf's multi-precision path.
 *
 * For |x| with decimal exponent E (10^E <= |x| < 10^(E+1)), the nine
 * significant digits are N = round(|x| 10^(8-E)).  With |8 - E| <= 27,
 * 10^|8-E| is exact in long double (x87: 64-bit mantissa, 5^27 < 2^64), so
 * the scaled value carries one rounding, relative error <= 2^-64: below
 * 6e-11 in absolute terms for a value under 1e9.  When its fraction is
 * 1e-6 or more away from one half, rounding it to the nearest integer
 * gives printf's N (printf rounds the exact binary value to nearest);
 * otherwise, and wherever long double is not wider than double, snprintf
 * decides.  %g then picks fixed notation for -4 <= X < 9 (X the exponent
 * after rounding), else d.ddde+XX, and drops trailing zeros. */
#include "core/format_g9.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static size_t fallback(double x, char *buf)
{
    int n = snprintf(buf, SER__G9_MAX, "%.9g", x);
    return n > 0 ? (size_t)n : 0;
}

/* 10^k, k in 0..27, exact in long double */
static long double pow10_exact(int k)
{
    long double p = 1.0L;
    for (int i = 0; i < k; i++)
        p *= 10.0L;
    return p;
}

/* |x| scaled to [1e8, 1e9) for the decimal exponent e; false if out of range */
static int scale(double ax, int e, long double *s)
{
    int k = 8 - e;
    if (k > 27 || k < -27)
        return 0;
    *s = k >= 0 ? (long double)ax * pow10_exact(k) : (long double)ax / pow10_exact(-k);
    return 1;
}

size_t ser__format_g9(double x, char buf[SER__G9_MAX])
{
#if LDBL_MANT_DIG < 64
    return fallback(x, buf);
#else
    if (!isfinite(x) || x == 0.0)
        return fallback(x, buf);
    double ax = fabs(x);
    int e = (int)floor(log10(ax));
    long double s;
    if (!scale(ax, e, &s))
        return fallback(x, buf);
    if (s < 1e8L) { /* log10 rounded up across a power of ten */
        e--;
        if (!scale(ax, e, &s))
            return fallback(x, buf);
    } else if (s >= 1e9L) {
        e++;
        if (!scale(ax, e, &s))
            return fallback(x, buf);
    }
    if (s < 1e8L || s >= 1e9L)
        return fallback(x, buf);
    long double fl = floorl(s), frac = s - fl;
    if (fabsl(frac - 0.5L) < 1e-6L)
        return fallback(x, buf);
    unsigned long n = (unsigned long)fl + (frac > 0.5L);
    if (n == 1000000000UL) {
        n = 100000000UL;
        e++;
    }
    char d[9];
    for (int i = 8; i >= 0; i--) {
        d[i] = (char)('0' + n % 10);
        n /= 10;
    }
    int nd = 9;
    while (nd > 1 && d[nd - 1] == '0')
        nd--;
    char *p = buf;
    if (x < 0)
        *p++ = '-';
    if (e >= -4 && e < 9) {
        if (e >= 0) {
            for (int i = 0; i <= e; i++)
                *p++ = i < nd ? d[i] : '0';
            if (nd > e + 1) {
                *p++ = '.';
                for (int i = e + 1; i < nd; i++)
                    *p++ = d[i];
            }
        } else {
            *p++ = '0';
            *p++ = '.';
            for (int i = 0; i < -e - 1; i++)
                *p++ = '0';
            for (int i = 0; i < nd; i++)
                *p++ = d[i];
        }
    } else {
        *p++ = d[0];
        if (nd > 1) {
            *p++ = '.';
            for (int i = 1; i < nd; i++)
                *p++ = d[i];
        }
        *p++ = 'e';
        *p++ = e < 0 ? '-' : '+';
        int ae = e < 0 ? -e : e;
        if (ae >= 100)
            *p++ = (char)('0' + ae / 100);
        *p++ = (char)('0' + ae / 10 % 10);
        *p++ = (char)('0' + ae % 10);
    }
    *p = '\0';
    return (size_t)(p - buf);
#endif
}
