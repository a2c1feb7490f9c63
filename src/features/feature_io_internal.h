/* feature_io_internal.h (private) - one writer per format. */
#ifndef SER_FEATURES_FEATURE_IO_INTERNAL_H
#define SER_FEATURES_FEATURE_IO_INTERNAL_H

#include <stdio.h>

#include "ser/feature_io.h"

ser_status ser__feature_csv_write(const ser_feature_matrix *m, FILE *f);
ser_status ser__feature_json_write(const ser_feature_matrix *m, FILE *f);
ser_status ser__feature_npy_write(const ser_feature_matrix *m, FILE *f);

#endif
