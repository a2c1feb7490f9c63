/* eda.h - the exploratory data analysis report of `ser eda`: class
 * distribution, duration histogram, feature correlation heatmap, PCA
 * scatter and prosody box plots, written as a report folder
 * (report/report.h) with a summary JSON (also returned for --json). */
#ifndef SER_REPORT_EDA_H
#define SER_REPORT_EDA_H

#include <stddef.h>

#include <cJSON.h>

typedef struct eda_data {
    size_t n;                    /* clips used */
    const char *const *paths;    /* n */
    const int *cls;              /* n class indices */
    const char *const *classes;  /* n_classes names, canonical label order */
    size_t n_classes;
    const int *corpus;           /* n corpus indices */
    const char *const *corpora;  /* n_corpora names, sorted */
    size_t n_corpora;
    const double *duration;      /* n, seconds (native file length) */
    const double *x;             /* n x dim: the feature set */
    size_t dim;
    const char *const *names;    /* dim */
    const double *prosody;       /* n x prosody_dim */
    size_t prosody_dim;
    const char *const *prosody_names;
    const char *set_spec, *prosody_spec;
    int sample_rate;             /* Hz of the analysis (0 native) */
    size_t n_skipped;            /* inputs that could not be used */
    const char *const *speakers; /* n speaker ids ("corpus:id"; "" unknown), or NULL */
} eda_data;

/* Write the report to dir.  Returns the summary (caller frees) or NULL
 * with err filled. */
cJSON *eda_report_write(const eda_data *d, const char *dir, char *err, size_t err_cap);

#endif
