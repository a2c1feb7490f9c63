/* Feature CSVs (ser_feature_csv_read), as `ser train` and `ser evaluate`
 * read them. */
#include "fuzz_common.h"

#include "ser/feature_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[256];
    fz_write("features.csv", data, size, path, sizeof path);
    ser_feature_matrix m;
    ser_error err;
    if (ser_feature_csv_read(path, &m, &err) == SER_OK)
        ser_feature_matrix_free(&m);
    return 0;
}
