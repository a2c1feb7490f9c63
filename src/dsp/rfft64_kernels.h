/* rfft64_kernels.h - the inner loops of the double-precision real FFT.
 * Private to src/dsp/rfft64.c, which includes this file once per
 * instruction set with KERNEL(name) (a name suffix) and KERNEL_ATTR (a
 * target attribute, or nothing for the plain C build) defined.  The same
 * C source gives every variant, and because ISO C mode does not contract
 * a*b+c into fused multiply-adds, every variant returns the same bits. */

/* In-place complex FFT of bit-reversed data (m points, split format):
 * decimation in time, radix-4 stages from quarter-size h0 (after one
 * radix-2 stage when h0 == 2).  A radix-4 stage of quarter-size h merges
 * four transforms of size h at offsets 0, h, 2h, 3h: a0..a3, the DFTs of
 * x[4j], x[4j+2], x[4j+1], x[4j+3] (bit-reversed order), into X[k + q h]:
 *   A1 = a1 W^2k, A2 = a2 W^k, A3 = a3 W^3k,  W = exp(-2 pi i / 4h)
 *   y0 = (a0 + A1) + (A2 + A3),   y2 = (a0 + A1) - (A2 + A3)
 *   y1 = (a0 - A1) - i (A2 - A3), y3 = (a0 - A1) + i (A2 - A3)
 * tw holds, per stage, re/im of W^k, W^2k, W^3k for k < h (6h values). */
static KERNEL_ATTR void KERNEL(complex_fft)(size_t m, size_t h0, const double *tw, double *restrict re,
                                            double *restrict im)
{
    size_t h = h0;
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
            re[s + 1] = d01r + d23i; /* - i d23 = (d23i, -d23r) */
            im[s + 1] = d01i - d23r;
            re[s + 3] = d01r - d23i;
            im[s + 3] = d01i + d23r;
        }
        tw += 6; /* the h = 1 stage's (unit) twiddles */
        h = 4;
    }
    for (; 4 * h <= m; tw += 6 * h, h *= 4) {
        const double *w1r = tw, *w1i = tw + h, *w2r = tw + 2 * h, *w2i = tw + 3 * h, *w3r = tw + 4 * h,
                     *w3i = tw + 5 * h;
        for (size_t s = 0; s < m; s += 4 * h) {
            double *restrict r0 = re + s, *restrict i0 = im + s;
            double *restrict r1 = re + s + h, *restrict i1 = im + s + h;
            double *restrict r2 = re + s + 2 * h, *restrict i2 = im + s + 2 * h;
            double *restrict r3 = re + s + 3 * h, *restrict i3 = im + s + 3 * h;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC ivdep
#endif
            for (size_t k = 0; k < h; k++) {
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

/* The split step: with Z = FFT(x_even + i x_odd) (m points),
 *   E[k] = (Z[k] + conj Z[m-k]) / 2,  O[k] = (Z[k] - conj Z[m-k]) / 2i,
 *   X[k] = E[k] + W^k O[k],  W = exp(-2 pi i / n),  k = 1..m-1;
 * X[0] = re Z[0] + im Z[0], X[m] = re Z[0] - im Z[0].  The pair (k, m-k)
 * shares its work: E[m-k] = conj E[k], O[m-k] = conj O[k] and
 * W^(m-k) = -conj W^k, so with P = W^k O[k], X[k] = E + P and
 * X[m-k] = conj(E - P).  split_tw holds m cosines then m sines. */
#define RFFT64_SPLIT_LOOP(STORE)                                                                   \
    for (size_t k = 1; k <= m / 2; k++) {                                                          \
        double zr = re[k], zi = im[k];                                                             \
        double cr = re[m - k], ci = -im[m - k];                                                    \
        double er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);                                         \
        double orr = 0.5 * (zi - ci), oi = -0.5 * (zr - cr);                                       \
        double wr = wc[k], wi = ws[k];                                                             \
        double pr = orr * wr - oi * wi, pi = orr * wi + oi * wr;                                   \
        double xr = er + pr, xi = ei + pi;     /* X[k] */                                          \
        double yr = er - pr, yi = -(ei - pi);  /* X[m-k] */                                        \
        STORE;                                                                                     \
    }

static KERNEL_ATTR void KERNEL(forward)(const rfft64_tables *t, const double *in, double *out)
{
    const size_t m = t->m;
    double *restrict re = t->re, *restrict im = t->im;
    for (size_t r = 0; r < m; r++) {
        size_t j = t->rev[r];
        re[r] = in[2 * j];
        im[r] = in[2 * j + 1];
    }
    KERNEL(complex_fft)(m, t->h0, t->tw, re, im);
    const double *wc = t->split_tw, *ws = t->split_tw + m;
    out[0] = re[0] + im[0];
    out[1] = 0.0;
    out[2 * m] = re[0] - im[0];
    out[2 * m + 1] = 0.0;
    RFFT64_SPLIT_LOOP((out[2 * k] = xr, out[2 * k + 1] = xi, out[2 * (m - k)] = yr, out[2 * (m - k) + 1] = yi))
}

/* Windowing, the bit-reversed load and complex_fft's first radix-4 stage
 * (h = 1) in one pass, for m = 4^L >= 64.  With r = 4q + t, rev(r) =
 * rev2(t) m/4 + R where R = rev(4q); taking four consecutive R at once,
 * the four inputs of each butterfly (t = 0..3: j = R, R + m/2, R + m/4,
 * R + 3m/4) are contiguous loads, the butterflies run across lanes with
 * the first stage's arithmetic (the same bits), and each lane's four
 * outputs go to re/im[4q .. 4q+3], q = rev(4R). */
static KERNEL_ATTR void KERNEL(first_stage_windowed)(const rfft64_tables *t, const float *x, const double *window)
{
    typedef double v4d __attribute__((vector_size(32)));
    const size_t m = t->m, quarter = m / 4;
    double *restrict re = t->re, *restrict im = t->im;
    for (size_t u = 0; u < quarter; u += 4) {
        v4d ar[4], ai[4];
        for (size_t c = 0; c < 4; c++) { /* c: t = 0, 1, 2, 3 -> offsets 0, m/2, m/4, 3m/4 */
            static const unsigned char off[4] = {0, 2, 1, 3};
            size_t j = u + off[c] * quarter;
            const float *xs = x + 2 * j;
            const double *ws = window + 2 * j;
            for (size_t i = 0; i < 4; i++) {
                ar[c][i] = (double)xs[2 * i] * ws[2 * i];
                ai[c][i] = (double)xs[2 * i + 1] * ws[2 * i + 1];
            }
        }
        v4d s01r = ar[0] + ar[1], s01i = ai[0] + ai[1], d01r = ar[0] - ar[1], d01i = ai[0] - ai[1];
        v4d s23r = ar[2] + ar[3], s23i = ai[2] + ai[3], d23r = ar[2] - ar[3], d23i = ai[2] - ai[3];
        v4d y0r = s01r + s23r, y0i = s01i + s23i, y2r = s01r - s23r, y2i = s01i - s23i;
        v4d y1r = d01r + d23i, y1i = d01i - d23r, y3r = d01r - d23i, y3i = d01i + d23r;
        for (size_t i = 0; i < 4; i++) {
            size_t s = 4 * (size_t)t->rev[4 * (u + i)];
            re[s] = y0r[i];
            im[s] = y0i[i];
            re[s + 1] = y1r[i];
            im[s + 1] = y1i[i];
            re[s + 2] = y2r[i];
            im[s + 2] = y2i[i];
            re[s + 3] = y3r[i];
            im[s + 3] = y3i[i];
        }
    }
}

static KERNEL_ATTR void KERNEL(power_windowed)(const rfft64_tables *t, const float *x, const double *window,
                                               float *power)
{
    const size_t m = t->m, n = t->n, half = m / 2;
    double *restrict re = t->re, *restrict im = t->im, *restrict wx = t->wx;
    if (t->h0 == 1 && m >= 64) {
        KERNEL(first_stage_windowed)(t, x, window);
        KERNEL(complex_fft)(m, 4, t->tw + 6, re, im); /* the h = 1 stage is done */
    } else {
        for (size_t i = 0; i < n; i++) /* windowing first, in order (vectorises) */
            wx[i] = (double)x[i] * window[i];
        for (size_t r = 0; r < m; r++) { /* then the bit-reversed gather: moves only */
            size_t j = t->rev[r];
            re[r] = wx[2 * j];
            im[r] = wx[2 * j + 1];
        }
        KERNEL(complex_fft)(m, t->h0, t->tw, re, im);
    }
    const double *wc = t->split_tw, *ws = t->split_tw + m;
    double x0 = re[0] + im[0], xm = re[0] - im[0];
    power[0] = (float)(x0 * x0);
    power[m] = (float)(xm * xm);
    /* The split loop of RFFT64_SPLIT_LOOP with its mirrored accesses moved
     * into separate in-order passes (the same arithmetic, so the same
     * bits), so that every pass vectorises: cr/ci[k] = Z[m-k], and the
     * powers of X[m-k] go through py. */
    double *restrict cr = wx, *restrict ci = wx + half + 1;
    float *restrict py = t->py;
    for (size_t k = 1; k <= half; k++) {
        cr[k] = re[m - k];
        ci[k] = -im[m - k];
    }
    for (size_t k = 1; k <= half; k++) {
        double zr = re[k], zi = im[k];
        double er = 0.5 * (zr + cr[k]), ei = 0.5 * (zi + ci[k]);
        double orr = 0.5 * (zi - ci[k]), oi = -0.5 * (zr - cr[k]);
        double wr = wc[k], wi = ws[k];
        double pr = orr * wr - oi * wi, pi = orr * wi + oi * wr;
        double xr = er + pr, xi = ei + pi;    /* X[k] */
        double yr = er - pr, yi = -(ei - pi); /* X[m-k] */
        power[k] = (float)(xr * xr + xi * xi);
        py[k] = (float)(yr * yr + yi * yi);
    }
    for (size_t k = 1; k <= half; k++) /* X[m/2] is its own mirror: py wins, as before */
        power[m - k] = py[k];
}

#undef RFFT64_SPLIT_LOOP
