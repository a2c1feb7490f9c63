/* Mask smoothing: noisereduce convolves the mask with
 * outer(tri(n_grad_freq), tri(n_grad_time)) / sum, scipy fftconvolve
 * mode='same' (zeros outside the mask).  The kernel is separable, so we
 * convolve each frame's row across frequency, then across time, and divide
 * by the kernel sum: the same result to rounding, at a fraction of the work. */
#include <string.h>

#include "audio/denoise_internal.h"

void ser__dn_triangle(size_t n, double *out)
{
    /* numpy: concatenate([linspace(0, 1, n + 1, endpoint=False),
     *                     linspace(1, 0, n + 2)])[1:-1]
     * linspace values are k*step + start */
    const double up = 1.0 / (double)(n + 1), down = -1.0 / (double)(n + 1);
    for (size_t k = 1; k <= n; k++)
        out[k - 1] = (double)k * up;
    for (size_t k = 0; k <= n; k++)
        out[n + k] = (double)k * down + 1.0;
}

/* Frequency pass: dst[f] = sum_i kernel_freq[i] * src[f + i - nf].  The
 * triangle (k+1)/(n+1) is two boxes of n+1 ones convolved, over n+1, so two
 * running sums give it in O(1) per bin whatever the width. */
static void smooth_row(ser_denoise *dn, const double *src, double *dst)
{
    const size_t n_bins = dn->n_bins, nf = dn->n_grad_freq;
    double *padded = dn->row;                /* nf zeros, the row, nf zeros */
    double *box = dn->row + n_bins + 2 * nf; /* box[g] = sum padded[g .. g+nf] */
    memcpy(padded + nf, src, n_bins * sizeof *padded);
    double acc = 0.0;
    for (size_t x = 0; x <= nf; x++)
        acc += padded[x];
    box[0] = acc;
    for (size_t g = 1; g < n_bins + nf; g++) {
        acc += padded[g + nf] - padded[g - 1];
        box[g] = acc;
    }
    const double inv = 1.0 / (double)(nf + 1);
    acc = 0.0;
    for (size_t g = 0; g <= nf; g++)
        acc += box[g];
    dst[0] = acc * inv;
    for (size_t f = 1; f < n_bins; f++) {
        acc += box[f + nf] - box[f - 1];
        dst[f] = acc * inv;
    }
}

/* Time pass for output row o from the frequency-smoothed rows held in the
 * ring (row r in slot r % width), rows outside [r_lo, r_hi] being zero. */
static void smooth_column(ser_denoise *dn, size_t o, size_t r_lo, size_t r_hi)
{
    const size_t n_bins = dn->n_bins, nt = dn->n_grad_time, width = 2 * nt + 1;
    double *dst = dn->mask + o * n_bins;
    const double inv_sum = 1.0 / dn->kernel_sum;
    for (size_t f = 0; f < n_bins; f++)
        dst[f] = 0.0;
    for (size_t j = 0; j < width; j++) {
        if (o + j < nt + r_lo || o + j > nt + r_hi)
            continue;
        size_t r = o + j - nt;
        const double *src = dn->ring + (r % width) * n_bins;
        const double w = dn->kernel_time[j];
        for (size_t f = 0; f < n_bins; f++)
            dst[f] += w * src[f];
    }
    for (size_t f = 0; f < n_bins; f++)
        dst[f] *= inv_sum;
}

void ser__dn_smooth_mask(ser_denoise *dn, size_t r_lo, size_t r_hi, size_t k_lo, size_t k_hi)
{
    const size_t n_bins = dn->n_bins, nt = dn->n_grad_time, width = 2 * nt + 1;
    size_t next = k_lo; /* next output row */
    for (size_t r = r_lo; r <= r_hi; r++) {
        smooth_row(dn, dn->mask + r * n_bins, dn->ring + (r % width) * n_bins);
        /* output row o needs rows up to o + nt; the ring still holds o - nt */
        while (next <= k_hi && next + nt <= r) {
            smooth_column(dn, next, r_lo, r_hi);
            next++;
        }
    }
    while (next <= k_hi) {
        smooth_column(dn, next, r_lo, r_hi);
        next++;
    }
}
