/* CSV manifests (BOM, CRLF, RFC 4180 quoting, headers, relative paths,
 * duplicates, bad rows) and the CSV reader underneath. */
#include "testutil.h"

#include <stdlib.h>

#include "data/csv.h"
#include "data_fixture.h"
#include "ser/dataset.h"

/* Read every record of text; returns the count, fields joined by '|' and
 * records by '\n' into out. */
static int csv_records(const char *text, char *out, size_t cap, size_t *lines)
{
    size_t len = strlen(text);
    char *buf = malloc(len + 1);
    memcpy(buf, text, len + 1);
    ser__csv r;
    ser__csv_init(&r, buf, len);
    char **f;
    size_t n, line, used = 0;
    int got, count = 0;
    out[0] = '\0';
    while ((got = ser__csv_next(&r, &f, &n, &line)) > 0) {
        if (lines)
            lines[count] = line;
        for (size_t i = 0; i < n; i++)
            used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? "|" : "", f[i]);
        used += (size_t)snprintf(out + used, cap - used, "\n");
        count++;
    }
    ser__csv_free(&r);
    free(buf);
    return got < 0 ? got : count;
}

static void test_csv_reader(void **state)
{
    (void)state;
    char out[512];
    size_t lines[16];
    assert_int_equal(csv_records("a,b,c\nd,e,f\n", out, sizeof out, NULL), 2);
    assert_string_equal(out, "a|b|c\nd|e|f\n");
    /* BOM, CRLF, no final newline, empty fields, blank lines */
    assert_int_equal(csv_records("\xEF\xBB\xBFpath,label\r\n\r\nx.wav,,\r\ny.wav,sad", out, sizeof out, lines), 3);
    assert_string_equal(out, "path|label\nx.wav||\ny.wav|sad\n");
    assert_int_equal(lines[0], 1);
    assert_int_equal(lines[1], 3);
    assert_int_equal(lines[2], 4);
    /* quoting: commas, doubled quotes, line breaks inside quotes (line numbers follow) */
    assert_int_equal(csv_records("\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\nlast,\"\"\n", out, sizeof out, lines),
                     3);
    assert_string_equal(out, "a,b|say \"hi\"\ntwo\nlines|x\nlast|\n");
    assert_int_equal(lines[1], 2);
    assert_int_equal(lines[2], 4);
    /* bare CR line ends; text after a closing quote is kept */
    assert_int_equal(csv_records("a,b\rc,\"d\"e\r", out, sizeof out, NULL), 2);
    assert_string_equal(out, "a|b\nc|de\n");
    /* unterminated quote: a parse error at the line it opens */
    char buf[64] = "ok,1\n\"never closed,2\nmore\n";
    ser__csv r;
    ser__csv_init(&r, buf, strlen(buf));
    char **f;
    size_t n, line;
    assert_int_equal(ser__csv_next(&r, &f, &n, &line), 1);
    assert_int_equal(ser__csv_next(&r, &f, &n, &line), SER_ERR_PARSE);
    assert_int_equal(line, 2);
    ser__csv_free(&r);
    assert_int_equal(csv_records("", out, sizeof out, NULL), 0);
    assert_int_equal(csv_records("\xEF\xBB\xBF\n\n", out, sizeof out, NULL), 0);
}

static ser_dataset *load(const char *manifest, ser_status want)
{
    ser_status st;
    ser_dataset *ds = ser_dataset_create(&st);
    assert_non_null(ds);
    ser_error err;
    ser_error_clear(&err);
    st = ser_dataset_add(ds, manifest, &err);
    if (st != want)
        fail_msg("%s: status %d (%s), want %d", manifest, st, err.message, want);
    return ds;
}

static void test_manifest_rows(void **state)
{
    (void)state;
    char root[512], manifest[700];
    fx_mkroot(root, sizeof root, "manifest");
    fx_touch(root, "calls/a.wav", NULL);
    fx_touch(root, "calls/b.flac", NULL);
    fx_touch(root, "calls/c,d.mp3", NULL);
    fx_touch(root, "calls/e.ogg", NULL);
    fx_touch(root, "calls/f.wav", NULL);
    fx_touch(root, "audio/Actor_07/03-01-05-01-01-01-07.wav", NULL);
    fx_touch(root, "audio/g.WAV", NULL);
    fx_touch(root, "notes.txt", NULL);
    fx_touch(root, "calls/dir.wav/inner.txt", NULL); /* a folder named like audio */
    char absolute[700];
    snprintf(absolute, sizeof absolute, "%s/audio/g.WAV", root);
    char text[2048];
    snprintf(text, sizeof text,
             "\xEF\xBB\xBF"
             "calls/a.wav,angry,07\r\n"
             "./calls/b.flac, Sadness ,ravdess:03\r\n"
             "\"calls/c,d.mp3\",\"happy\",\"agent \"\"x\"\"\"\r\n"
             "calls/e.ogg,ps\r\n"
             "audio/Actor_07/03-01-05-01-01-01-07.wav,calm\r\n"
             "%s,neutral,\r\n"
             "calls/f.wav,joyful,07\r\n"
             "calls/missing.wav,angry,07\r\n"
             "notes.txt,angry,07\r\n"
             "calls/a.wav,angry,07\r\n"
             "calls/a.wav,sad,07\r\n"
             "calls/dir.wav,angry\r\n"
             "\r\n"
             ",,\r\n"
             "only-a-path.wav\r\n",
             absolute);
    snprintf(manifest, sizeof manifest, "%s/calls.csv", root);
    fx_touch(root, "calls.csv", text);
    ser_dataset *ds = load(manifest, SER_OK);
    assert_int_equal(ser_dataset_count(ds), 6);
    fx_expect(ds, "calls/a.wav", SER_LABEL_ANGRY, "calls:07", "calls");
    fx_expect(ds, "calls/b.flac", SER_LABEL_SAD, "ravdess:03", "ravdess");
    fx_expect(ds, "calls/c,d.mp3", SER_LABEL_HAPPY, "calls:agent \"x\"", "calls");
    fx_expect(ds, "calls/e.ogg", SER_LABEL_SURPRISED, NULL, "calls");
    /* no speaker column: the corpus name gives one; the manifest's label wins */
    fx_expect(ds, "03-01-05-01-01-01-07.wav", SER_LABEL_CALM, "ravdess:07", "ravdess");
    fx_expect(ds, "audio/g.WAV", SER_LABEL_NEUTRAL, NULL, "calls");
    /* paths are relative to the manifest's folder ("./" dropped); absolute kept */
    char want[800];
    snprintf(want, sizeof want, "%s/calls/b.flac", root);
    assert_string_equal(fx_item(ds, "calls/b.flac")->path, want);
    assert_string_equal(fx_item(ds, "audio/g.WAV")->path, absolute);

    fx_expect_issue(ds, "calls/f.wav", "calls.csv line 7: unknown label 'joyful'");
    fx_expect_issue(ds, "calls/missing.wav", "calls.csv line 8: No such file or directory");
    fx_expect_issue(ds, "notes.txt", "line 9: unsupported extension");
    assert_non_null(strstr(ser_dataset_issue_at(ds, 3)->reason, "calls.csv line 12: not a regular file"));
    assert_non_null(strstr(ser_dataset_issue_at(ds, 4)->reason, "line 15: no label"));
    /* duplicates: counted once, each repeat reported with both line numbers */
    assert_int_equal(ser_dataset_issue_count(ds), 7);
    const ser_dataset_issue *dup1 = ser_dataset_issue_at(ds, 5), *dup2 = ser_dataset_issue_at(ds, 6);
    assert_non_null(strstr(dup1->reason, "calls.csv line 10: duplicate of calls.csv line 1"));
    assert_non_null(strstr(dup2->reason, "line 11: duplicate with a different label ('sad' here, 'angry' in "
                                         "calls.csv line 1)"));
    ser_dataset_destroy(ds);
}

static void test_manifest_header(void **state)
{
    (void)state;
    char root[512], manifest[700];
    fx_mkroot(root, sizeof root, "header");
    fx_touch(root, "x.wav", NULL);
    fx_touch(root, "y.wav", NULL);
    /* a header may reorder the columns */
    fx_touch(root, "set.csv", "Emotion,Speaker,File\nanger,s1,x.wav\nfear,s2,y.wav\n");
    snprintf(manifest, sizeof manifest, "%s/set.csv", root);
    ser_dataset *ds = load(manifest, SER_OK);
    assert_int_equal(ser_dataset_count(ds), 2);
    fx_expect(ds, "x.wav", SER_LABEL_ANGRY, "set:s1", "set");
    fx_expect(ds, "y.wav", SER_LABEL_FEARFUL, "set:s2", "set");
    assert_int_equal(ser_dataset_issue_count(ds), 0);
    ser_dataset_destroy(ds);

    /* plain "path,label" header, manifest in the current folder's terms */
    fx_touch(root, "plain.CSV", "path,label\nx.wav,happy\n");
    snprintf(manifest, sizeof manifest, "%s/plain.CSV", root);
    ds = load(manifest, SER_OK);
    assert_int_equal(ser_dataset_count(ds), 1);
    fx_expect(ds, "x.wav", SER_LABEL_HAPPY, NULL, "plain");
    ser_dataset_destroy(ds);

    /* a header without a label column is unusable */
    fx_touch(root, "nolabel.csv", "path,speaker\nx.wav,s1\n");
    snprintf(manifest, sizeof manifest, "%s/nolabel.csv", root);
    ds = load(manifest, SER_ERR_PARSE);
    assert_int_equal(ser_dataset_count(ds), 0);
    fx_expect_issue(ds, "nolabel.csv", "no label column");
    ser_dataset_destroy(ds);
}

static void test_manifest_unusable(void **state)
{
    (void)state;
    char root[512], manifest[700];
    fx_mkroot(root, sizeof root, "broken");
    fx_touch(root, "x.wav", NULL);
    /* an unterminated quote rejects the whole manifest: nothing of it is used */
    fx_touch(root, "broken.csv", "x.wav,angry\n\"x.wav,sad\ny.wav,happy\n");
    snprintf(manifest, sizeof manifest, "%s/broken.csv", root);
    ser_error err;
    ser_status st;
    ser_dataset *ds = ser_dataset_create(&st);
    assert_int_equal(ser_dataset_add(ds, manifest, &err), SER_ERR_PARSE);
    assert_non_null(strstr(err.message, "broken.csv: line 2: unterminated quoted field"));
    assert_int_equal(ser_dataset_count(ds), 0);
    assert_int_equal(ser_dataset_issue_count(ds), 1);
    fx_expect_issue(ds, "broken.csv", "line 2: unterminated quoted field");

    fx_touch(root, "empty.csv", "\xEF\xBB\xBF\r\n");
    snprintf(manifest, sizeof manifest, "%s/empty.csv", root);
    assert_int_equal(ser_dataset_add(ds, manifest, &err), SER_ERR_EMPTY);
    fx_expect_issue(ds, "empty.csv", "manifest has no rows");

    snprintf(manifest, sizeof manifest, "%s/absent.csv", root);
    assert_int_equal(ser_dataset_add(ds, manifest, &err), SER_ERR_NOT_FOUND);
    fx_expect_issue(ds, "absent.csv", "No such file or directory");
    ser_dataset_destroy(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_reader),
        cmocka_unit_test(test_manifest_rows),
        cmocka_unit_test(test_manifest_header),
        cmocka_unit_test(test_manifest_unusable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
