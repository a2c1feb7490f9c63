/* The real corpora in ../shared/data: every count in shared/data/README.md
 * (files per label, speakers), the four evaluation protocols, and the
 * scan time.  Skipped when the shared data is not present. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "ser/dataset.h"
#include "ser/protocol.h"

static const char *data_root(char *buf, size_t len)
{
    struct stat sb;
    tu_shared_path(buf, len, "data");
    return stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode) ? buf : NULL;
}

static ser_dataset *scan_corpus(const char *corpus)
{
    char root[1024], dir[1200];
    if (!data_root(root, sizeof root))
        return NULL;
    snprintf(dir, sizeof dir, "%s/%s", root, corpus);
    ser_status st;
    ser_dataset *ds = ser_dataset_create(&st);
    ser_error err;
    ser_error_clear(&err);
    if (ser_dataset_add(ds, dir, &err) != SER_OK)
        fail_msg("%s: %s", dir, err.message);
    return ds;
}

static size_t speaker_count(const ser_dataset *ds)
{
    size_t n = ser_dataset_count(ds), n_speakers = 0;
    int *ids = malloc(n * sizeof *ids);
    assert_int_equal(ser_dataset_speaker_ids(ds, ids, NULL, &n_speakers, NULL), SER_OK);
    for (size_t i = 0; i < n; i++)
        assert_true(ids[i] >= 0); /* every file has a speaker */
    free(ids);
    return n_speakers;
}

/* README table: files, speakers, and files per label (0 = label absent). */
static void expect_corpus(const char *corpus, size_t total, size_t speakers, const size_t want[SER_LABEL_COUNT])
{
    ser_dataset *ds = scan_corpus(corpus);
    if (!ds)
        skip();
    assert_int_equal(ser_dataset_issue_count(ds), 0);
    assert_int_equal(ser_dataset_count(ds), total);
    assert_int_equal(speaker_count(ds), speakers);
    size_t counts[SER_LABEL_COUNT];
    ser_dataset_label_counts(ds, counts);
    for (int l = 0; l < SER_LABEL_COUNT; l++)
        if (counts[l] != want[l])
            fail_msg("%s: %zu %s files, README says %zu", corpus, counts[l], ser_label_name((ser_label)l), want[l]);
    for (size_t i = 0; i < ser_dataset_count(ds); i++)
        assert_string_equal(ser_dataset_item_at(ds, i)->corpus, corpus);
    ser_dataset_destroy(ds);
}

static void test_ravdess_counts(void **state)
{
    (void)state;
    /* 1440 files, 24 actors; neutral 96, the other 7 labels 192 each */
    const size_t want[SER_LABEL_COUNT] = {96, 192, 192, 192, 192, 192, 192, 192, 0};
    expect_corpus("ravdess", 1440, 24, want);
    ser_dataset *ds = scan_corpus("ravdess");
    int ids[1440];
    const char *names[1440];
    size_t n;
    assert_int_equal(ser_dataset_speaker_ids(ds, ids, names, &n, NULL), SER_OK);
    assert_string_equal(names[0], "ravdess:01");
    assert_string_equal(names[23], "ravdess:24");
    ser_dataset_destroy(ds);
}

static void test_emodb_counts(void **state)
{
    (void)state;
    /* anger 127, boredom 81, disgust 46, fear 69, happiness 71, sadness 62, neutral 79; 10 speakers */
    const size_t want[SER_LABEL_COUNT] = {[SER_LABEL_ANGRY] = 127, [SER_LABEL_BOREDOM] = 81, [SER_LABEL_DISGUST] = 46,
                                          [SER_LABEL_FEARFUL] = 69, [SER_LABEL_HAPPY] = 71, [SER_LABEL_SAD] = 62,
                                          [SER_LABEL_NEUTRAL] = 79};
    expect_corpus("emodb", 535, 10, want);
}

static void test_turevdb_counts(void **state)
{
    (void)state;
    /* angry 487, calm 408, happy 357, sad 483; 6 speakers */
    const size_t want[SER_LABEL_COUNT] = {[SER_LABEL_ANGRY] = 487, [SER_LABEL_CALM] = 408, [SER_LABEL_HAPPY] = 357,
                                          [SER_LABEL_SAD] = 483};
    expect_corpus("turevdb", 1735, 6, want);
}


/* The whole shared tree scans to exactly the three corpora; README.md beside
 * them is documentation, skipped silently.  (Speed is measured in make bench,
 * never asserted in a test.) */
static void test_scan_whole_tree(void **state)
{
    (void)state;
    char root[1024];
    if (!data_root(root, sizeof root))
        skip();
    ser_status st;
    ser_dataset *ds = ser_dataset_create(&st);
    assert_int_equal(ser_dataset_add(ds, root, NULL), SER_OK);
    assert_int_equal(ser_dataset_count(ds), 1440 + 535 + 1735);
    assert_int_equal(ser_dataset_issue_count(ds), 0);
    ser_dataset_destroy(ds);
}

/* Test items of every split; speakers of different splits never meet. */
static void check_protocol(const char *name, size_t total, size_t n_splits_want, size_t classes_want)
{
    char root[1024];
    if (!data_root(root, sizeof root))
        skip();
    const ser_protocol *p = ser_protocol_find(name);
    assert_non_null(p);
    ser_dataset *ds;
    ser_error err;
    if (ser_protocol_load(p, root, &ds, &err) != SER_OK)
        fail_msg("%s: %s", name, err.message);
    size_t n = ser_dataset_count(ds);
    assert_int_equal(n, total);
    size_t counts[SER_LABEL_COUNT], classes = 0;
    ser_dataset_label_counts(ds, counts);
    for (int l = 0; l < SER_LABEL_COUNT; l++)
        classes += counts[l] > 0;
    assert_int_equal(classes, classes_want);
    int *fold = malloc(n * sizeof *fold), *spk = malloc(n * sizeof *spk);
    size_t n_spk;
    assert_int_equal(ser_dataset_speaker_ids(ds, spk, NULL, &n_spk, NULL), SER_OK);
    for (size_t r = 0; r < p->n_repeats; r++) {
        ser_split_config c;
        ser_protocol_split_config(p, r, &c);
        size_t n_splits;
        if (ser_dataset_split(ds, &c, fold, &n_splits, &err) != SER_OK)
            fail_msg("%s: %s", name, err.message);
        assert_int_equal(n_splits, n_splits_want);
        size_t tested = 0;
        for (size_t i = 0; i < n; i++)
            tested += fold[i] >= 0;
        if (p->split == SER_SPLIT_TRAIN_TEST) {
            /* 80/20, every class within one item of its share */
            size_t n_test = tested;
            assert_int_equal(n_test, (size_t)ceil((double)n * 0.2)); /* 135 of 672 */
            for (int l = 0; l < SER_LABEL_COUNT; l++) {
                size_t t = 0;
                for (size_t i = 0; i < n; i++)
                    t += fold[i] == 0 && ser_dataset_item_at(ds, i)->label == (ser_label)l;
                assert_true(fabs((double)t - (double)counts[l] * (double)n_test / (double)n) <= 1.0);
            }
        } else {
            assert_int_equal(tested, n); /* every file is tested once */
            int *fold_of_speaker = malloc(n_spk * sizeof *fold_of_speaker);
            for (size_t s = 0; s < n_spk; s++)
                fold_of_speaker[s] = -1;
            for (size_t i = 0; i < n; i++) {
                if (fold_of_speaker[spk[i]] >= 0 && fold_of_speaker[spk[i]] != fold[i])
                    fail_msg("%s: a speaker is in folds %d and %d", name, fold_of_speaker[spk[i]], fold[i]);
                fold_of_speaker[spk[i]] = fold[i];
            }
            free(fold_of_speaker);
        }
    }
    free(fold);
    free(spk);
    ser_dataset_destroy(ds);
}

static void test_protocols(void **state)
{
    (void)state;
    assert_int_equal(ser_protocol_count(), 4);
    assert_null(ser_protocol_find("ravdess-9"));
    check_protocol("ravdess4-random", 672, 1, 4);
    check_protocol("ravdess8-si", 1440, 6, 8);
    check_protocol("emodb7-loso", 535, 10, 7);
    check_protocol("turev4-si", 1735, 6, 4);

    /* RAVDESS-8: fold f holds actors 4f+1 .. 4f+4 */
    char root[1024];
    data_root(root, sizeof root);
    ser_dataset *ds;
    assert_int_equal(ser_protocol_load(ser_protocol_find("ravdess8-si"), root, &ds, NULL), SER_OK);
    int fold[1440];
    size_t n_splits;
    ser_split_config c;
    ser_protocol_split_config(ser_protocol_find("ravdess8-si"), 0, &c);
    assert_int_equal(ser_dataset_split(ds, &c, fold, &n_splits, NULL), SER_OK);
    for (size_t i = 0; i < 1440; i++)
        assert_int_equal(fold[i], (atoi(ser_dataset_item_at(ds, i)->speaker + 8) - 1) / 4);
    ser_dataset_destroy(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ravdess_counts), cmocka_unit_test(test_emodb_counts),
        cmocka_unit_test(test_turevdb_counts), cmocka_unit_test(test_scan_whole_tree),
        cmocka_unit_test(test_protocols),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
