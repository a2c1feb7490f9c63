/* CSV manifests (ser_dataset_add on a ".csv"): the input is the manifest;
 * the folder beside it holds a few audio files the rows may name, so that
 * rows are accepted as well as refused. */
#include "fuzz_common.h"

#include "ser/dataset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    char path[256];
    if (!ready) {
        fz_write("a.wav", "", 0, path, sizeof path);
        fz_write("03-01-05-01-01-01-03.wav", "", 0, path, sizeof path);
        fz_write("DC_a01.flac", "", 0, path, sizeof path);
        ready = 1;
    }
    fz_write("calls.csv", data, size, path, sizeof path);
    ser_status st;
    ser_dataset *ds = ser_dataset_create(&st);
    if (!ds)
        return 0;
    ser_error err;
    ser_dataset_add(ds, path, &err);
    size_t n = ser_dataset_count(ds);
    for (size_t i = 0; i < n; i++) {
        const ser_dataset_item *it = ser_dataset_item_at(ds, i);
        if (!it->path || !it->corpus || it->label < 0 || it->label >= SER_LABEL_COUNT)
            abort();
    }
    int *ids = malloc((n ? n : 1) * sizeof *ids);
    size_t n_speakers;
    if (ids)
        ser_dataset_speaker_ids(ds, ids, NULL, &n_speakers, &err);
    free(ids);
    ser_dataset_destroy(ds);
    return 0;
}
