/* Mel filterbank (see include/ser/mel.h). */
#include "ser/mel.h"

#include <math.h>
#include <stdlib.h>

#include "dsp/bank_kernels_table.h"
#include "ser/stft.h"
#include "ser/util.h"

struct ser_mel {
    ser_mel_config cfg;
    size_t n_bins;
    double *edges;  /* n_mels + 2, Hz */
    size_t *first;  /* per band: first nonzero bin */
    size_t *count;  /* per band: number of stored weights */
    size_t *offset; /* per band: offset into weights */
    float *weights; /* concatenated nonzero runs */
    const ser__bank_kernels *kern;
};

ser_mel_config ser_mel_config_default(void)
{
    ser_mel_config c;
    c.sample_rate = 16000.0;
    c.n_fft = 2048;
    c.n_mels = 128;
    c.fmin = 0.0;
    c.fmax = 0.0;
    c.htk = false;
    c.norm = SER_MEL_NORM_SLANEY;
    c.kernel = SER_KERNEL_AUTO;
    return c;
}

void ser_mel_destroy(ser_mel *mel)
{
    if (!mel)
        return;
    free(mel->edges);
    free(mel->first);
    free(mel->count);
    free(mel->offset);
    free(mel->weights);
    free(mel);
}

/* Triangle weight of band i at frequency f, rounded to float32 and then
 * scaled by the Slaney factor, as librosa computes it. */
static float band_weight(const ser_mel *m, size_t i, double f)
{
    const double *e = m->edges;
    double lower = (f - e[i]) / (e[i + 1] - e[i]);
    double upper = (e[i + 2] - f) / (e[i + 2] - e[i + 1]);
    double w = fmax(0.0, fmin(lower, upper));
    float wf = (float)w;
    if (m->cfg.norm == SER_MEL_NORM_SLANEY)
        wf = (float)((double)wf * (2.0 / (e[i + 2] - e[i])));
    return wf;
}

ser_mel *ser_mel_create(const ser_mel_config *cfg, ser_status *err)
{
    ser_status st = SER_ERR_ARG;
    ser_mel *m = NULL;
    if (!cfg || !(cfg->sample_rate > 0) || cfg->n_fft < 2 || cfg->n_mels == 0 || cfg->fmin < 0
        || (unsigned)cfg->norm > SER_MEL_NORM_NONE)
        goto fail;
    double fmax = cfg->fmax > 0 ? cfg->fmax : cfg->sample_rate / 2.0;
    if (!(fmax > cfg->fmin))
        goto fail;
    const ser__bank_kernels *kern = ser__bank_kernels_get(cfg->kernel);
    if (!kern) {
        st = (unsigned)cfg->kernel > SER_KERNEL_AVX2 ? SER_ERR_ARG : SER_ERR_UNSUPPORTED;
        goto fail;
    }
    st = SER_ERR_NOMEM;
    m = calloc(1, sizeof *m);
    if (!m)
        goto fail;
    m->cfg = *cfg;
    m->cfg.fmax = fmax;
    m->kern = kern;
    m->n_bins = cfg->n_fft / 2 + 1;
    size_t nm = cfg->n_mels;
    m->edges = ser_alloc_array(nm + 2, sizeof *m->edges);
    m->first = ser_calloc_array(nm, sizeof *m->first);
    m->count = ser_calloc_array(nm, sizeof *m->count);
    m->offset = ser_calloc_array(nm, sizeof *m->offset);
    if (!m->edges || !m->first || !m->count || !m->offset)
        goto fail;
    /* numpy.linspace(min_mel, max_mel, n_mels + 2) then mel_to_hz */
    double lo = ser_hz_to_mel(cfg->fmin, cfg->htk), hi = ser_hz_to_mel(fmax, cfg->htk);
    double step = (hi - lo) / (double)(nm + 1);
    for (size_t i = 0; i < nm + 2; i++) {
        double mel = i == nm + 1 ? hi : (double)i * step + lo;
        m->edges[i] = ser_mel_to_hz(mel, cfg->htk);
    }
    /* The round trip Hz -> mel -> Hz lands within an ulp of fmin / fmax, on
     * either side depending on the libm; pin the ends so that the bin at
     * fmax (Nyquist by default) gets weight 0 in the top band, as librosa's
     * (numpy's) rounding gives. */
    m->edges[0] = cfg->fmin;
    m->edges[nm + 1] = fmax;
    /* Nonzero run of each band. */
    size_t total = 0;
    for (size_t i = 0; i < nm; i++) {
        size_t first = m->n_bins, last = 0;
        /* nonzero only strictly between edges i and i+2: start a bin early */
        double bin_hz = cfg->sample_rate / (double)cfg->n_fft;
        double b0 = floor(m->edges[i] / bin_hz) - 1.0;
        size_t k0 = b0 > 0 ? (size_t)b0 : 0;
        for (size_t k = k0; k < m->n_bins; k++) {
            double f = ser_fft_frequency(k, cfg->sample_rate, cfg->n_fft);
            if (f > m->edges[i + 2])
                break;
            if (band_weight(m, i, f) != 0.0f) {
                if (first == m->n_bins)
                    first = k;
                last = k;
            }
        }
        m->first[i] = first == m->n_bins ? 0 : first;
        m->count[i] = first == m->n_bins ? 0 : last - first + 1;
        m->offset[i] = total;
        total += m->count[i];
    }
    m->weights = ser_alloc_array(total ? total : 1, sizeof *m->weights);
    if (!m->weights)
        goto fail;
    for (size_t i = 0; i < nm; i++)
        for (size_t j = 0; j < m->count[i]; j++) {
            double f = ser_fft_frequency(m->first[i] + j, cfg->sample_rate, cfg->n_fft);
            m->weights[m->offset[i] + j] = band_weight(m, i, f);
        }
    if (err)
        *err = SER_OK;
    return m;
fail:
    ser_mel_destroy(m);
    if (err)
        *err = st;
    return NULL;
}

size_t ser_mel_n_mels(const ser_mel *mel) { return mel->cfg.n_mels; }
size_t ser_mel_n_bins(const ser_mel *mel) { return mel->n_bins; }
const double *ser_mel_band_edges(const ser_mel *mel) { return mel->edges; }

const float *ser_mel_band(const ser_mel *mel, size_t band, size_t *first_bin, size_t *count)
{
    *first_bin = mel->first[band];
    *count = mel->count[band];
    return mel->weights + mel->offset[band];
}

void ser_mel_process(const ser_mel *mel, const float *power, float *out)
{
    mel->kern->sparse_bands(mel->weights, mel->first, mel->count, mel->offset, mel->cfg.n_mels, power, out);
}
