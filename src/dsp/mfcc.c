/* MFCC from a dB mel spectrum frame (see include/ser/mfcc.h). */
#include "ser/mfcc.h"

#include <math.h>
#include <stdlib.h>

#include "ser/dct.h"
#include "ser/util.h"

struct ser_mfcc {
    ser_mfcc_config cfg;
    ser_dct *dct;
    double *lift; /* n_mfcc scale factors */
};

ser_mfcc_config ser_mfcc_config_default(void)
{
    ser_mfcc_config c;
    c.n_mels = 128;
    c.n_mfcc = 13;
    c.lifter = 0.0;
    return c;
}

ser_mfcc *ser_mfcc_create(const ser_mfcc_config *cfg, ser_status *err)
{
    ser_status st = SER_ERR_ARG;
    ser_mfcc *m = NULL;
    if (!cfg || cfg->n_mfcc == 0 || cfg->n_mfcc > cfg->n_mels || cfg->lifter < 0)
        goto fail;
    st = SER_ERR_NOMEM;
    m = calloc(1, sizeof *m);
    if (!m)
        goto fail;
    m->cfg = *cfg;
    m->dct = ser_dct_create(cfg->n_mels, cfg->n_mfcc, &st);
    if (!m->dct)
        goto fail;
    st = SER_ERR_NOMEM;
    m->lift = ser_alloc_array(cfg->n_mfcc, sizeof *m->lift);
    if (!m->lift)
        goto fail;
    for (size_t c = 0; c < cfg->n_mfcc; c++)
        m->lift[c] = cfg->lifter > 0 ? 1.0 + (cfg->lifter / 2.0) * sin(M_PI * (double)(c + 1) / cfg->lifter) : 1.0;
    if (err)
        *err = SER_OK;
    return m;
fail:
    ser_mfcc_destroy(m);
    if (err)
        *err = st;
    return NULL;
}

void ser_mfcc_destroy(ser_mfcc *mfcc)
{
    if (!mfcc)
        return;
    ser_dct_destroy(mfcc->dct);
    free(mfcc->lift);
    free(mfcc);
}

size_t ser_mfcc_n_mfcc(const ser_mfcc *mfcc) { return mfcc->cfg.n_mfcc; }

void ser_mfcc_process(const ser_mfcc *mfcc, const float *mel_db, float *out)
{
    ser_dct_process(mfcc->dct, mel_db, out);
    if (mfcc->cfg.lifter > 0)
        for (size_t c = 0; c < mfcc->cfg.n_mfcc; c++)
            out[c] = (float)((double)out[c] * mfcc->lift[c]);
}
