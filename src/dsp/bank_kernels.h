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

/* Dense bank, weights transposed (n_bins, nc): acc[r] = sum_k wt[k nc + r] p[k]. */
static KERNEL_ATTR void KERNEL(dense_t)(const float *restrict wt, size_t nb, size_t nc, const float *restrict p,
                                        double *restrict acc)
{
    if (nc == 12) { /* the usual chroma: 12 sums held in registers */
        double a[12] = {0};
        for (size_t k = 0; k < nb; k++) {
            const float *w = wt + k * 12;
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
        const float *w = wt + k * nc;
        double pk = p[k];
        for (size_t r = 0; r < nc; r++)
            acc[r] += (double)w[r] * pk;
    }
}
