/* optim.c - Adam and SGD with momentum over a flat parameter array, with
 * PyTorch 1.13's semantics (weight decay added to the gradient). */
#include "ml/cnn/cnn_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"

void ser_cnn_optim_config_default(ser_cnn_optim_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->kind = SER_CNN_ADAM;
    cfg->lr = 1e-3;
    cfg->beta1 = 0.9;
    cfg->beta2 = 0.999;
    cfg->eps = 1e-8;
    cfg->momentum = 0.9;
    cfg->weight_decay = 0.0;
    cfg->schedule = SER_CNN_LR_CONSTANT;
    cfg->step_epochs = 10;
    cfg->gamma = 0.5;
    cfg->lr_min = 0.0;
}

ser_status ser__cnn_optim_init(ser__cnn_optim *opt, const ser_cnn_optim_config *cfg, size_t n)
{
    memset(opt, 0, sizeof *opt);
    opt->cfg = *cfg;
    opt->n = n;
    opt->m = ser_calloc_array(n ? n : 1, sizeof *opt->m);
    opt->v = ser_calloc_array(n ? n : 1, sizeof *opt->v);
    if (!opt->m || !opt->v) {
        ser__cnn_optim_free(opt);
        return SER_ERR_NOMEM;
    }
    return SER_OK;
}

void ser__cnn_optim_free(ser__cnn_optim *opt)
{
    free(opt->m);
    free(opt->v);
    opt->m = opt->v = NULL;
}

void ser__cnn_optim_step(ser__cnn_optim *opt, float *params, const float *grads, double lr)
{
    const ser_cnn_optim_config *c = &opt->cfg;
    const double wd = c->weight_decay;
    opt->t++;
    if (c->kind == SER_CNN_ADAM) {
        const double b1 = c->beta1, b2 = c->beta2;
        const double bc1 = 1.0 - pow(b1, (double)opt->t), bc2 = 1.0 - pow(b2, (double)opt->t);
        const double step = lr / bc1, sbc2 = sqrt(bc2);
        for (size_t i = 0; i < opt->n; i++) {
            const double g = (double)grads[i] + wd * (double)params[i];
            const double m = b1 * opt->m[i] + (1.0 - b1) * g;
            const double v = b2 * opt->v[i] + (1.0 - b2) * g * g;
            opt->m[i] = (float)m;
            opt->v[i] = (float)v;
            params[i] = (float)((double)params[i] - step * m / (sqrt(v) / sbc2 + c->eps));
        }
    } else {
        const double mu = c->momentum;
        for (size_t i = 0; i < opt->n; i++) {
            const double g = (double)grads[i] + wd * (double)params[i];
            /* PyTorch: buf = g on the first step, then mu * buf + g */
            const double buf = opt->t == 1 ? g : mu * opt->m[i] + g;
            opt->m[i] = (float)buf;
            params[i] = (float)((double)params[i] - lr * buf);
        }
    }
}

double ser_cnn_learning_rate(const ser_cnn_optim_config *cfg, size_t epoch, size_t epochs)
{
    switch (cfg->schedule) {
    case SER_CNN_LR_STEP: {
        const size_t k = cfg->step_epochs ? epoch / cfg->step_epochs : 0;
        return cfg->lr * pow(cfg->gamma, (double)k);
    }
    case SER_CNN_LR_COSINE: {
        const double f = epochs ? (double)epoch / (double)epochs : 0.0;
        return cfg->lr_min + (cfg->lr - cfg->lr_min) * 0.5 * (1.0 + cos(M_PI * f));
    }
    case SER_CNN_LR_CONSTANT:
    default:
        return cfg->lr;
    }
}
