/* A short seeded fuzz run of the CSV reader and the manifest parser:
 * random token soup (quotes, separators, CR/LF, BOMs, NULs, labels, paths)
 * must always parse or fail cleanly (the sanitizer build checks memory). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "data/csv.h"
#include "data_fixture.h"
#include "ser/dataset.h"
#include "ser/rng.h"

static const char *const tokens[] = {
    "a.wav", "x/b.flac", ",", ",", "\"", "\"\"", "\r", "\n", "\r\n", "\xEF\xBB\xBF", "angry", "Sadness",
    "path", "label", "speaker", " ", "\t", "s1", "ravdess:01", "../", "./", "03-01-05-01-01-01-03.wav", "zz",
};

/* Random text of up to max bytes; returns its length (may contain NULs). */
static size_t soup(ser_rng *rng, char *buf, size_t max)
{
    size_t len = 0, n_tokens = sizeof tokens / sizeof tokens[0];
    size_t target = (size_t)ser_rng_below(rng, max / 8 + 1) * 8;
    while (len < target) {
        if (ser_rng_below(rng, 40) == 0) {
            buf[len++] = (char)ser_rng_below(rng, 256); /* any byte, NUL included */
            continue;
        }
        const char *t = tokens[ser_rng_below(rng, n_tokens)];
        size_t n = strlen(t);
        if (len + n > max)
            break;
        memcpy(buf + len, t, n);
        len += n;
    }
    return len;
}

static void test_csv_reader_fuzz(void **state)
{
    (void)state;
    ser_rng rng;
    ser_rng_seed(&rng, 2024);
    char buf[513];
    for (int iter = 0; iter < 20000; iter++) {
        size_t len = soup(&rng, buf, 512);
        ser__csv r;
        ser__csv_init(&r, buf, len);
        char **f;
        size_t n, line, records = 0, last_line = 0;
        int got;
        while ((got = ser__csv_next(&r, &f, &n, &line)) > 0) {
            assert_true(n >= 1 && n <= len + 1);
            assert_true(line >= last_line && line <= len + 1);
            for (size_t i = 0; i < n; i++)
                assert_true(f[i] >= buf && f[i] <= buf + len);
            last_line = line;
            assert_true(++records <= len + 1);
        }
        assert_true(got == 0 || got == SER_ERR_PARSE);
        ser__csv_free(&r);
    }
}

static void test_manifest_fuzz(void **state)
{
    (void)state;
    char root[512], path[700];
    fx_mkroot(root, sizeof root, "fuzz");
    fx_touch(root, "a.wav", NULL);
    fx_touch(root, "x/b.flac", NULL);
    fx_touch(root, "03-01-05-01-01-01-03.wav", NULL);
    snprintf(path, sizeof path, "%s/m.csv", root);
    ser_rng rng;
    ser_rng_seed(&rng, 7);
    char buf[513];
    for (int iter = 0; iter < 400; iter++) {
        size_t len = soup(&rng, buf, 512);
        assert_true(tu_write_file(path, buf, len));
        ser_status st;
        ser_dataset *ds = ser_dataset_create(&st);
        ser_error err;
        ser_error_clear(&err);
        st = ser_dataset_add(ds, path, &err);
        if (st != SER_OK && st != SER_ERR_PARSE && st != SER_ERR_EMPTY)
            fail_msg("iteration %d: status %d (%s)", iter, st, err.message);
        assert_true(ser_dataset_count(ds) <= 3);
        for (size_t i = 0; i < ser_dataset_count(ds); i++) {
            const ser_dataset_item *it = ser_dataset_item_at(ds, i);
            assert_non_null(ser_label_name(it->label));
            assert_non_null(it->corpus);
        }
        if (st != SER_OK) {
            assert_int_equal(ser_dataset_count(ds), 0);
            assert_int_equal(ser_dataset_issue_count(ds), 1);
        }
        ser_dataset_destroy(ds);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_reader_fuzz),
        cmocka_unit_test(test_manifest_fuzz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
