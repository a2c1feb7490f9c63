/* bank_kernels.h - inner loops of the mel and chroma filterbanks, private
 * to src/dsp/bank_kernels.c, which includes this file once per
 * instruction set (KERNEL(name) adds a suffix, KERNEL_ATTR a target
 * attribute).  Same C, same arithmetic order: identical bits. */

/* Sparse bands: out[i] = sum_j w[off[i] + j] p[first[i] + j], j < count[i],
 * accumulated in double in four interleaved partial sums. */
static KERNEL_ATTR void KERNEL(sparse_bands)(const float *restrict w, const size_t *first, const size_t *count,
                                             const size_t *off, size_t n_bands, const float *restrict p,
                                             float *restrict out)
{
    for (size_t i = 0; i < n_bands; i++) {
        const float *wi = w + off[i], *pi = p + first[i];
        size_t n = count[i], j = 0;
        double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
        for (; j + 4 <= n; j += 4) {
            a0 += (double)wi[j] * (double)pi[j];
            a1 += (double)wi[j + 1] * (double)pi[j + 1];
            a2 += (double)wi[j + 2] * (double)pi[j + 2];
            a3 += (double)wi[j + 3] * (double)pi[j + 3];
        }
        for (; j < n; j++)
            a0 += (double)wi[j] * (double)pi[j];
        out[i] = (float)((a0 + a1) + (a2 + a3));
    }
}

/* Dense bank, weights transposed (n_bins, nc), float values held as double
 * (no conversion in the loop): acc[r] = sum_k wt[k nc + r] p[k]. */
static KERNEL_ATTR void KERNEL(dense_t)(const double *restrict wt, size_t nb, size_t nc, const float *restrict p,
                                        double *restrict acc)
{
    if (nc == 12) { /* the usual chroma: 12 sums held in registers */
        double a[12] = {0};
        for (size_t k = 0; k < nb; k++) {
            const double *w = wt + k * 12;
            double pk = p[k];
            for (size_t r = 0; r < 12; r++)
                a[r] += (double)w[r] * pk;
        }
        for (size_t r = 0; r < 12; r++)
            acc[r] = a[r];
        return;
    }
    for (size_t r = 0; r < nc; r++)
        acc[r] = 0.0;
    for (size_t k = 0; k < nb; k++) {
        const double *w = wt + k * nc;
        double pk = p[k];
        for (size_t r = 0; r < nc; r++)
            acc[r] += (double)w[r] * pk;
    }
}

/* dense_t for two frames: two independent chains of additions per row
 * interleave (one frame alone waits on its add latency); each frame's
 * sums keep dense_t's order, so the bits are dense_t's. */
static KERNEL_ATTR void KERNEL(dense_t2)(const double *restrict wt, size_t nb, size_t nc, const float *restrict p,
                                         const float *restrict q, double *restrict acc, double *restrict bcc)
{
    if (nc == 12) { /* GCC vectors: 4 rows per lane group, held in registers */
        typedef double v4d __attribute__((vector_size(32)));
        v4d a0 = {0}, a1 = {0}, a2 = {0}, b0 = {0}, b1 = {0}, b2 = {0};
        for (size_t k = 0; k < nb; k++) {
            v4d w0, w1, w2;
            memcpy(&w0, wt + k * 12, sizeof w0);
            memcpy(&w1, wt + k * 12 + 4, sizeof w1);
            memcpy(&w2, wt + k * 12 + 8, sizeof w2);
            double pk = p[k], qk = q[k];
            v4d pv = {pk, pk, pk, pk}, qv = {qk, qk, qk, qk};
            a0 += w0 * pv;
            a1 += w1 * pv;
            a2 += w2 * pv;
            b0 += w0 * qv;
            b1 += w1 * qv;
            b2 += w2 * qv;
        }
        memcpy(acc, &a0, sizeof a0);
        memcpy(acc + 4, &a1, sizeof a1);
        memcpy(acc + 8, &a2, sizeof a2);
        memcpy(bcc, &b0, sizeof b0);
        memcpy(bcc + 4, &b1, sizeof b1);
        memcpy(bcc + 8, &b2, sizeof b2);
        return;
    }
    KERNEL(dense_t)(wt, nb, nc, p, acc);
    KERNEL(dense_t)(wt, nb, nc, q, bcc);
}
