/* Chroma filterbank and chromagram frames (see include/ser/chroma.h). */
#include "ser/chroma.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "dsp/bank_kernels_table.h"
#include "ser/util.h"

struct ser_chroma {
    ser_chroma_config cfg;
    size_t n_bins;
    float *w;       /* (n_chroma, n_bins) */
    double *wt;     /* the same transposed, (n_bins, n_chroma), as double for the frame loop */
    double *frq;    /* n_bins + 1 */
    double *col;    /* n_chroma: one column before normalising */
    bool built;     /* w/wt hold the filters of cfg.tuning */
    const ser__bank_kernels *kern;
};

ser_chroma_config ser_chroma_config_default(void)
{
    ser_chroma_config c;
    c.sample_rate = 16000.0;
    c.n_fft = 2048;
    c.n_chroma = 12;
    c.tuning = 0.0;
    c.ctroct = 5.0;
    c.octwidth = 2.0;
    c.filter_norm = SER_NORM_L2;
    c.base_c = true;
    c.frame_norm = SER_NORM_INF;
    c.kernel = SER_KERNEL_AUTO;
    return c;
}

static double norm_of(const double *v, size_t n, ser_norm norm)
{
    double acc = 0.0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(v[i]);
        switch (norm) {
        case SER_NORM_INF: acc = a > acc ? a : acc; break;
        case SER_NORM_L1: acc += a; break;
        case SER_NORM_L2: acc += a * a; break;
        case SER_NORM_NONE:
        default: break;
        }
    }
    return norm == SER_NORM_L2 ? sqrt(acc) : acc;
}

/* numpy.remainder(x, m) for m > 0 without fmod (slow): x - m floor(x/m)
 * is exact here by Sterbenz's lemma, corrected when x/m rounds across an
 * integer. */
static double remainder_pos(double x, double m)
{
    double r = x - m * floor(x / m);
    if (r < 0)
        r += m;
    else if (r >= m)
        r -= m;
    return r;
}

ser_status ser_chroma_set_tuning(ser_chroma *chroma, double tuning)
{
    if (!chroma || !isfinite(tuning))
        return SER_ERR_ARG;
    ser_chroma *ch = chroma;
    const ser_chroma_config *c = &ch->cfg;
    if (ch->built && ch->cfg.tuning == tuning)
        return SER_OK; /* same filters: clips of a corpus often share a tuning estimate */
    ch->cfg.tuning = tuning;
    size_t nc = c->n_chroma, nb = ch->n_bins;
    double ncd = (double)nc;
    /* frequencies = linspace(0, sr, n_fft, endpoint=False)[1:] */
    double step = c->sample_rate / (double)c->n_fft;
    double a440 = 440.0 * pow(2.0, tuning / ncd);
    for (size_t k = 1; k <= nb; k++)
        ch->frq[k] = ncd * log2(((double)k * step) / (a440 / 16.0));
    ch->frq[0] = ch->frq[1] - 1.5 * ncd;
    double half = round(ncd / 2.0);
    size_t roll = c->base_c ? 3 * (nc / 12) : 0;
    for (size_t k = 0; k < nb; k++) {
        double width = fmax(ch->frq[k + 1] - ch->frq[k], 1.0);
        /* Row r has D_r = ((frq - r + half + 10 nc) mod nc) - half.  Over the
         * rows these are d_j = f + j - half, j = 0..nc-1 (f the fractional
         * part), row r = (i - j) mod nc with i the integer part; the
         * Gaussians exp(-a d_j^2), a = 2 / width^2, follow from
         * g_(j+1) = g_j R_j, R_j = exp(-a (2 d_j + 1)), R_(j+1) = R_j exp(-2a):
         * three exp per bin instead of n_chroma (error ~1e-15, far below
         * the float32 weights). */
        double fu = remainder_pos(ch->frq[k] + half + 10.0 * ncd, ncd);
        double fi = floor(fu);
        size_t i = fi >= ncd ? nc - 1 : (size_t)fi;
        double d0 = (fu - fi) - half, a = 2.0 / (width * width);
        double g = exp(-a * d0 * d0), R = exp(-a * (2.0 * d0 + 1.0)), C = exp(-2.0 * a);
        for (size_t j = 0, r = i; j < nc; j++) { /* r = (i - j) mod nc, no division */
            ch->col[r] = g;
            g *= R;
            R *= C;
            r = r ? r - 1 : nc - 1;
        }
        double len = c->filter_norm == SER_NORM_NONE ? 1.0 : norm_of(ch->col, nc, c->filter_norm);
        if (len < DBL_MIN)
            len = 1.0;
        double oct = 1.0;
        if (c->octwidth > 0) {
            double z = (ch->frq[k] / ncd - c->ctroct) / c->octwidth;
            oct = exp(-0.5 * z * z);
        }
        for (size_t r = 0, src = roll % nc; r < nc; r++) { /* src = (r + roll) mod nc */
            float v = (float)(ch->col[src] / len * oct);          /* numpy.roll(w, -roll, axis=0) */
            ch->w[r * nb + k] = v;
            ch->wt[k * nc + r] = (double)v;
            src = src + 1 == nc ? 0 : src + 1;
        }
    }
    ch->built = true;
    return SER_OK;
}

ser_chroma *ser_chroma_create(const ser_chroma_config *cfg, ser_status *err)
{
    ser_status st = SER_ERR_ARG;
    ser_chroma *ch = NULL;
    if (!cfg || !(cfg->sample_rate > 0) || cfg->n_fft < 2 || cfg->n_chroma == 0 || cfg->n_chroma > SER_CHROMA_MAX
        || !isfinite(cfg->tuning)
        || (unsigned)cfg->filter_norm > SER_NORM_L2 || (unsigned)cfg->frame_norm > SER_NORM_L2)
        goto fail;
    const ser__bank_kernels *kern = ser__bank_kernels_get(cfg->kernel);
    if (!kern) {
        st = (unsigned)cfg->kernel > SER_KERNEL_AVX2 ? SER_ERR_ARG : SER_ERR_UNSUPPORTED;
        goto fail;
    }
    st = SER_ERR_NOMEM;
    ch = calloc(1, sizeof *ch);
    if (!ch)
        goto fail;
    ch->cfg = *cfg;
    ch->kern = kern;
    ch->n_bins = cfg->n_fft / 2 + 1;
    size_t cells;
    if (!ser_size_mul(cfg->n_chroma, ch->n_bins, &cells))
        goto fail;
    ch->w = ser_alloc_array(cells, sizeof *ch->w);
    ch->wt = ser_alloc_array(cells, sizeof *ch->wt);
    ch->frq = ser_alloc_array(ch->n_bins + 1, sizeof *ch->frq);
    ch->col = ser_alloc_array(cfg->n_chroma, sizeof *ch->col);
    if (!ch->w || !ch->wt || !ch->frq || !ch->col)
        goto fail;
    ser_chroma_set_tuning(ch, cfg->tuning);
    if (err)
        *err = SER_OK;
    return ch;
fail:
    ser_chroma_destroy(ch);
    if (err)
        *err = st;
    return NULL;
}

void ser_chroma_destroy(ser_chroma *chroma)
{
    if (!chroma)
        return;
    free(chroma->w);
    free(chroma->wt);
    free(chroma->frq);
    free(chroma->col);
    free(chroma);
}

size_t ser_chroma_n_chroma(const ser_chroma *chroma) { return chroma->cfg.n_chroma; }
size_t ser_chroma_n_bins(const ser_chroma *chroma) { return chroma->n_bins; }
double ser_chroma_tuning(const ser_chroma *chroma) { return chroma->cfg.tuning; }
const float *ser_chroma_filters(const ser_chroma *chroma) { return chroma->w; }

/* out = acc as float, then the frame normalisation. */
static void finish_frame(const ser_chroma *chroma, const double *acc, float *out)
{
    size_t nc = chroma->cfg.n_chroma;
    for (size_t r = 0; r < nc; r++)
        out[r] = (float)acc[r];
    ser_norm norm = chroma->cfg.frame_norm;
    if (norm == SER_NORM_NONE)
        return;
    double len = 0.0;
    for (size_t r = 0; r < nc; r++) {
        double a = fabs((double)out[r]);
        if (norm == SER_NORM_INF)
            len = a > len ? a : len;
        else
            len += norm == SER_NORM_L1 ? a : a * a;
    }
    if (norm == SER_NORM_L2)
        len = sqrt(len);
    if (len < FLT_MIN) /* librosa.util.normalize: below tiny(float32), left as is */
        return;
    for (size_t r = 0; r < nc; r++)
        out[r] = (float)((double)out[r] / len);
}

void ser_chroma_process(const ser_chroma *chroma, const float *power, float *out)
{
    double acc[SER_CHROMA_MAX];
    chroma->kern->dense_t(chroma->wt, chroma->n_bins, chroma->cfg.n_chroma, power, acc);
    finish_frame(chroma, acc, out);
}

void ser_chroma_process_frames(const ser_chroma *chroma, const float *power, size_t n_frames, float *out)
{
    size_t nc = chroma->cfg.n_chroma, nb = chroma->n_bins, t = 0;
    double acc[SER_CHROMA_MAX], bcc[SER_CHROMA_MAX];
    for (; t + 2 <= n_frames; t += 2) {
        chroma->kern->dense_t2(chroma->wt, nb, nc, power + t * nb, power + (t + 1) * nb, acc, bcc);
        finish_frame(chroma, acc, out + t * nc);
        finish_frame(chroma, bcc, out + (t + 1) * nc);
    }
    if (t < n_frames)
        ser_chroma_process(chroma, power + t * nb, out + t * nc);
}
