/* Fold files (`--folds`, ser_folds_read) against a dataset of three items
 * (DIR/a.wav, DIR/b.wav, DIR/c,d.wav in the scratch folder DIR): the input
 * is the fold file, with each "@/" replaced by "DIR/" so that its paths
 * can name the items. */
#include "fuzz_common.h"

#include "ser/dataset.h"
#include "ser/split.h"

static ser_dataset *ds;

static void release(void)
{
    ser_dataset_destroy(ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[256];
    if (!ds) {
        static const char manifest[] = "path,label,speaker\na.wav,angry,s1\nb.wav,sad,s2\n\"c,d.wav\",happy,s1\n";
        fz_write("a.wav", "", 0, path, sizeof path);
        fz_write("b.wav", "", 0, path, sizeof path);
        fz_write("c,d.wav", "", 0, path, sizeof path);
        fz_write("calls.csv", manifest, sizeof manifest - 1, path, sizeof path);
        ser_status st;
        ser_error err;
        ds = ser_dataset_create(&st);
        if (!ds || ser_dataset_add(ds, path, &err) != SER_OK || ser_dataset_count(ds) != 3)
            abort();
        atexit(release);
    }
    const char *dir = fz_scratch();
    size_t dlen = strlen(dir), n = 0;
    char *text = malloc(size * (dlen + 1) + 1);
    if (!text)
        return 0;
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '@' && i + 1 < size && data[i + 1] == '/') {
            memcpy(text + n, dir, dlen);
            n += dlen;
        } else {
            text[n++] = (char)data[i];
        }
    }
    fz_write("folds.csv", text, n, path, sizeof path);
    free(text);
    int fold[3];
    size_t n_splits = 0;
    ser_error err;
    if (ser_folds_read(path, ds, fold, &n_splits, &err) == SER_OK) {
        for (int i = 0; i < 3; i++)
            if (fold[i] < -1 || (fold[i] >= 0 && (size_t)fold[i] >= n_splits))
                abort();
    }
    return 0;
}
