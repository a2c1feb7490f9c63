/* libsndfile virtual I/O over memory (src/audio/memfile_vio.c): seeks that
 * would overflow a signed 64-bit position, or go before the start, fail
 * with -1 and leave the position alone (offsets come from a file's chunk
 * sizes, so a crafted file chooses them). */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>

#include "audio/source.h"

static void test_seeks(void **state)
{
    (void)state;
    static const unsigned char bytes[16] = {1, 2, 3};
    ser__memfile m = {bytes, 16, 0};
    SF_VIRTUAL_IO v = ser__memfile_vio();
    assert_int_equal(v.get_filelen(&m), 16);
    assert_int_equal(v.seek(10, SEEK_SET, &m), 10);
    assert_int_equal(v.seek(INT64_MAX, SEEK_CUR, &m), -1);
    assert_int_equal(v.tell(&m), 10);
    assert_int_equal(v.seek(INT64_MAX - 5, SEEK_END, &m), -1);
    assert_int_equal(v.seek(-11, SEEK_CUR, &m), -1);
    assert_int_equal(v.seek(INT64_MIN, SEEK_END, &m), -1);
    assert_int_equal(v.seek(0, 7, &m), -1);
    assert_int_equal(v.tell(&m), 10);
    assert_int_equal(v.seek(100, SEEK_SET, &m), 100); /* past the end: allowed, reads give 0 bytes */
    unsigned char buf[4];
    assert_int_equal(v.read(buf, 4, &m), 0);
    assert_int_equal(v.seek(-2, SEEK_END, &m), 14);
    assert_int_equal(v.read(buf, 4, &m), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_seeks)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
