/* A 1 kB model file whose CNN architecture asks for a 10 GB network (found
 * by fuzz_model_load, fuzz/regressions/fuzz_model_load/): refused as
 * SER_ERR_FORMAT ("architecture out of range": a class count that sizes
 * 2.6e9 output-layer parameters) before
 * anything is sized, and the
 * seed-sized network still loads (the CNN seed of the fuzz corpus). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/model.h"

static void load(const char *rel, ser_status want, const char *msg)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", SER_SOURCE_DIR, rel);
    size_t len;
    char *bytes = tu_read_file(path, &len);
    assert_non_null(bytes);
    ser_model *m = NULL;
    ser_error err;
    assert_int_equal(ser_model_load_memory(bytes, len, &m, &err), want);
    if (msg)
        assert_non_null(strstr(err.message, msg));
    ser_model_destroy(m);
    free(bytes);
}

static void test_huge_architecture(void **state)
{
    (void)state;
    /* its class count would size 2.6e9 output-layer parameters (10 GB) */
    load("fuzz/regressions/fuzz_model_load/cnn-huge-architecture", SER_ERR_FORMAT, "architecture out of range");
    load("fuzz/corpus/fuzz_model_load/cnn.sermodel", SER_OK, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_huge_architecture)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
