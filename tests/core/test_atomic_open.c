/* Atomic writes (src/core/atomic_open.h): the hidden temporary name, no
 * file left but the destination, a device written in place (not replaced),
 * a full device and a directory give SER_ERR_IO naming the path. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic_open.h"
#include "ser/atomic_file.h"

static void check(const char *path, const char *want)
{
    char *t = ser__temp_name(path);
    assert_non_null(t);
    assert_string_equal(t, want);
    free(t);
}

static void test_names(void **state)
{
    (void)state;
    check("m.model", ".m.model.tmp.XXXXXX");
    check("out/m.model", "out/.m.model.tmp.XXXXXX");
    check("/a/b/c.wav", "/a/b/.c.wav.tmp.XXXXXX");
    check("/x", "/.x.tmp.XXXXXX");
    check("dir/", "dir/..tmp.XXXXXX");
}

static void test_atomic_leaves_one_file(void **state)
{
    (void)state;
    char dir[512], path[600];
    tu_tmp_path(dir, sizeof dir, "temp_name");
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/f.bin", dir);
    ser_error err;
    assert_int_equal(ser_write_file_atomic(path, "old", 3, &err), SER_OK);
    assert_int_equal(ser_write_file_atomic(path, "new!", 4, &err), SER_OK);
    size_t len;
    char *got = tu_read_file(path, &len);
    assert_true(got && len == 4 && memcmp(got, "new!", 4) == 0);
    free(got);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++, assert_string_equal(e->d_name, "f.bin");
    closedir(d);
    assert_int_equal(n, 1);
    unlink(path);
    rmdir(dir);
}

static void test_devices(void **state)
{
    (void)state;
    ser_error err;
    struct stat before, after;
    assert_int_equal(stat("/dev/null", &before), 0);
    assert_int_equal(ser_write_file_atomic("/dev/null", "x", 1, &err), SER_OK);
    assert_int_equal(stat("/dev/null", &after), 0);
    assert_true(S_ISCHR(after.st_mode) && after.st_rdev == before.st_rdev && after.st_ino == before.st_ino);
    if (stat("/dev/full", &before) == 0 && S_ISCHR(before.st_mode)) {
        assert_int_equal(ser_write_file_atomic("/dev/full", "x", 1, &err), SER_ERR_IO);
        assert_non_null(strstr(err.message, "/dev/full"));
        assert_non_null(strstr(err.message, "disk full"));
        assert_int_equal(stat("/dev/full", &after), 0);
        assert_true(S_ISCHR(after.st_mode) && after.st_ino == before.st_ino);
    }
    char dir[512];
    tu_tmp_path(dir, sizeof dir, "a_dir");
    assert_int_equal(mkdir(dir, 0777), 0);
    assert_int_equal(ser_write_file_atomic(dir, "x", 1, &err), SER_ERR_IO);
    assert_non_null(strstr(err.message, "directory"));
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_atomic_leaves_one_file),
        cmocka_unit_test(test_devices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
