/* audio_inputs.c - see audio_inputs.h. */
#include "audio_inputs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"

static bool is_plain_audio_file(const char *path)
{
    struct stat sb;
    size_t len = strlen(path);
    if (len >= 4 && strcasecmp(path + len - 4, ".csv") == 0)
        return false;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

void audio_inputs_free(audio_inputs *in)
{
    ser_dataset_destroy(in->ds);
    free(in->items);
    memset(in, 0, sizeof *in);
}

int audio_inputs_collect(const char *cmd, char *const *inputs, int n_inputs, const ser_protocol *protocol,
                         const char *data_root, const ser_label_map *map, audio_inputs *out, batch_errors *errs)
{
    memset(out, 0, sizeof *out);
    ser_error err = {0};
    ser_status st;
    size_t *first = calloc((size_t)n_inputs + 1, sizeof *first);
    bool *plain = calloc((size_t)n_inputs + 1, sizeof *plain);
    int rc = -1;
    if (!first || !plain) {
        rc = cli_runtime_error(cmd, "out of memory");
        goto done;
    }
    if (n_inputs == 0) {
        if (!protocol) {
            rc = cli_usage_error(cmd, "no input: give audio files, folders or manifests (or --features CSV)");
            goto done;
        }
        if (ser_protocol_load(protocol, data_root, &out->ds, &err)) {
            rc = cli_runtime_error(cmd, "%s", err.message);
            goto done;
        }
        /* the corpus's unusable files are not this run's inputs: not listed */
    } else {
        if (!(out->ds = ser_dataset_create(&st))) {
            rc = cli_runtime_error(cmd, "out of memory");
            goto done;
        }
        for (int i = 0; i < n_inputs; i++) {
            first[i] = ser_dataset_count(out->ds);
            size_t issues = ser_dataset_issue_count(out->ds);
            st = ser_dataset_add(out->ds, inputs[i], &err);
            if (st == SER_ERR_NOMEM) {
                rc = cli_runtime_error(cmd, "%s", err.message);
                goto done;
            }
            /* A plain file the naming rules do not cover: analysed, no label. */
            plain[i] = ser_dataset_count(out->ds) == first[i] && is_plain_audio_file(inputs[i]) &&
                       ser_dataset_issue_count(out->ds) == issues + 1;
        }
        for (size_t k = 0; k < ser_dataset_issue_count(out->ds); k++) {
            const ser_dataset_issue *is = ser_dataset_issue_at(out->ds, k);
            bool taken = false;
            for (int i = 0; i < n_inputs && !taken; i++)
                taken = plain[i] && strcmp(inputs[i], is->path) == 0;
            if (!taken)
                batch_errors_add(errs, cmd, is->path, is->reason);
        }
    }
    size_t total = ser_dataset_count(out->ds);
    if (!(out->items = calloc(total + (size_t)n_inputs + 1, sizeof *out->items))) {
        rc = cli_runtime_error(cmd, "out of memory");
        goto done;
    }
    first[n_inputs] = total;
    for (int i = 0; i < n_inputs || (i == 0 && n_inputs == 0); i++) {
        if (n_inputs && plain[i]) {
            out->items[out->n].path = inputs[i];
            out->items[out->n].label = SER_LABEL_NONE;
            out->n++;
        }
        size_t from = n_inputs ? first[i] : 0, to = n_inputs ? first[i + 1] : total;
        for (size_t k = from; k < to; k++) {
            ser_dataset_item it = *ser_dataset_item_at(out->ds, k);
            if (map && it.label != SER_LABEL_NONE && (it.label = ser_label_map_apply(map, it.label)) == SER_LABEL_NONE)
                continue; /* not asked for */
            out->items[out->n++] = it;
        }
    }
done:
    free(first);
    free(plain);
    if (rc >= 0)
        audio_inputs_free(out);
    return rc;
}
