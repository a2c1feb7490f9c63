/* bank_kernels_table.h - private: the filterbank inner loops per
 * instruction set (src/dsp/bank_kernels.h), as a table of functions. */
#ifndef SER_DSP_BANK_KERNELS_TABLE_H
#define SER_DSP_BANK_KERNELS_TABLE_H

#include <stddef.h>

#include "ser/kernel.h"

typedef struct ser__bank_kernels {
    void (*sparse_bands)(const float *w, const size_t *first, const size_t *count, const size_t *off,
                         size_t n_bands, const float *p, float *out);
    void (*dense_t)(const double *wt, size_t nb, size_t nc, const float *p, double *acc);
    /* dense_t for two frames p and q (acc, bcc), each summed as dense_t does */
    void (*dense_t2)(const double *wt, size_t nb, size_t nc, const float *p, const float *q, double *acc,
                     double *bcc);
} ser__bank_kernels;

/* The table for a kernel the CPU runs (AUTO resolved); NULL otherwise. */
const ser__bank_kernels *ser__bank_kernels_get(ser_kernel kernel);

#endif
