/* Atomic writes (src/core/atomic_open.h): the hidden temporary name, no
 * file left but the destination, a FIFO written in place (not replaced),
 * a directory gives SER_ERR_IO naming the path. */
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
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

typedef struct reader {
    const char *path;
    char got[16];
    ssize_t n;
} reader;

static void *read_fifo(void *arg)
{
    reader *r = arg;
    int fd = open(r->path, O_RDONLY);
    r->n = fd < 0 ? -1 : read(fd, r->got, sizeof r->got);
    if (fd >= 0)
        close(fd);
    return NULL;
}

/* A FIFO stands for any non-regular destination (/dev/null, /dev/full are
 * checked in tests/faults/test_write_errors.sh, bind-mounted, so that a
 * regression cannot replace the real devices). */
static void test_fifo_and_directory(void **state)
{
    (void)state;
    ser_error err;
    char fifo[512];
    tu_tmp_path(fifo, sizeof fifo, "fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    reader r = {fifo, {0}, 0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, read_fifo, &r), 0);
    assert_int_equal(ser_write_file_atomic(fifo, "hello", 5, &err), SER_OK);
    pthread_join(t, NULL);
    assert_true(r.n == 5 && memcmp(r.got, "hello", 5) == 0);
    struct stat st;
    assert_int_equal(stat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    unlink(fifo);

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
        cmocka_unit_test(test_fifo_and_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
