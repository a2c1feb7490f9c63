/* fuzz_common.h - shared by the libFuzzer targets in fuzz/: the entry
 * point's prototype, a byte reader that splits an input into a few
 * parameters and a payload, and a scratch folder for the parsers that read
 * files (one per process, removed at exit). */
#ifndef SER_FUZZ_COMMON_H
#define SER_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Take one byte from the front of the input (0 when it is empty). */
static inline uint8_t fz_byte(const uint8_t **data, size_t *size)
{
    if (*size == 0)
        return 0;
    uint8_t b = **data;
    (*data)++;
    (*size)--;
    return b;
}

static char fz_dir[64];

static void fz_cleanup(void)
{
    char cmd[96];
    if (fz_dir[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "fuzz: could not remove %s\n", fz_dir);
    }
}

/* The scratch folder ("/tmp/serfuzz.XXXXXX"), created on first use. */
static inline const char *fz_scratch(void)
{
    if (!fz_dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(fz_dir, sizeof fz_dir, "%s/serfuzz.XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
        if (!mkdtemp(fz_dir))
            abort();
        atexit(fz_cleanup);
    }
    return fz_dir;
}

/* Write data to <scratch>/<name> (path gets the full path); aborts when the
 * file cannot be written (an environment problem, not a finding). */
static inline void fz_write(const char *name, const void *data, size_t size, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", fz_scratch(), name);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        abort();
}

#endif
