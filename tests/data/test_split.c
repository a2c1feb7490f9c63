/* Splits: scikit-learn count semantics (reference counts from
 * make_split_reference.py), stratification within one item, speaker
 * disjointness, determinism, speaker groups, fold files. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#include "data_fixture.h"
#include "ser/split.h"

#define MAXN 4096

/* Class j of C gets the value 10 * (C - j), as in the reference script. */
static size_t blocks(const size_t *counts, size_t C, int *y)
{
    size_t n = 0;
    for (size_t j = 0; j < C; j++)
        for (size_t i = 0; i < counts[j]; i++)
            y[n++] = (int)(10 * (C - j));
    return n;
}

/* counts[f * C + j] = items of class j (value 10*(C-j)) in fold f. */
static void fold_class_counts(const int *y, const int *fold, size_t n, size_t C, size_t k, size_t *counts)
{
    memset(counts, 0, k * C * sizeof *counts);
    for (size_t i = 0; i < n; i++) {
        assert_true(fold[i] >= 0 && (size_t)fold[i] < k);
        size_t j = C - (size_t)y[i] / 10;
        counts[(size_t)fold[i] * C + j]++;
    }
}

static void test_sklearn_reference_counts(void **state)
{
    (void)state;
    char *text = tu_read_file(SER_SOURCE_DIR "/tests/data/split_reference.txt", NULL);
    assert_non_null(text);
    static int y[MAXN], fold[MAXN];
    size_t checked_tt = 0, checked_skf = 0, checked_gkf = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char kind[8];
        double param;
        int used;
        size_t C, counts[32], want[512], got[512];
        assert_int_equal(sscanf(line, "%7s %lf %zu%n", kind, &param, &C, &used), 3);
        char *p = line + used;
        for (size_t j = 0; j < C; j++) {
            counts[j] = strtoul(p, &p, 10);
        }
        p = strchr(p, ':') + 1;
        size_t n_want = 0;
        for (char *end; (want[n_want] = strtoul(p, &end, 10)), end != p; p = end)
            n_want++;
        if (strcmp(kind, "tt") == 0) {
            size_t n = blocks(counts, C, y);
            for (uint64_t seed = 0; seed < 10; seed++) {
                assert_int_equal(ser_split_train_test(y, n, param, seed, fold, NULL), SER_OK);
                size_t per[32] = {0};
                for (size_t i = 0; i < n; i++)
                    if (fold[i] == 0)
                        per[C - (size_t)y[i] / 10]++;
                    else
                        assert_int_equal(fold[i], SER_FOLD_TRAIN);
                for (size_t j = 0; j < C; j++)
                    if (per[j] != want[j])
                        fail_msg("%s seed %d: class %zu has %zu test items, sklearn %zu", line, (int)seed, j,
                                 per[j], want[j]);
            }
            checked_tt++;
        } else if (strcmp(kind, "skf") == 0) {
            size_t k = (size_t)param, n = blocks(counts, C, y);
            assert_int_equal(n_want, k * C);
            for (uint64_t seed = 0; seed < 5; seed++) {
                assert_int_equal(ser_split_stratified_kfold(y, n, k, seed, fold, NULL), SER_OK);
                fold_class_counts(y, fold, n, C, k, got);
                for (size_t c = 0; c < k * C; c++)
                    if (got[c] != want[c])
                        fail_msg("%s: fold %zu class %zu has %zu, sklearn %zu", line, c / C, c % C, got[c], want[c]);
            }
            checked_skf++;
        } else if (strcmp(kind, "gkf") == 0) {
            size_t k = (size_t)param, n = 0;
            for (size_t g = 0; g < C; g++)
                for (size_t i = 0; i < counts[g]; i++)
                    y[n++] = (int)g;
            assert_int_equal(ser_split_group_kfold(y, n, k, 7, fold, NULL), SER_OK);
            size_t sizes[32] = {0};
            for (size_t i = 0; i < n; i++)
                sizes[fold[i]]++;
            for (size_t a = 0; a < k; a++) /* largest first, as the reference */
                for (size_t b = a + 1; b < k; b++)
                    if (sizes[b] > sizes[a]) {
                        size_t t = sizes[a];
                        sizes[a] = sizes[b];
                        sizes[b] = t;
                    }
            for (size_t f = 0; f < k; f++)
                assert_int_equal(sizes[f], want[f]);
            checked_gkf++;
        } else
            fail_msg("unknown reference line '%s'", line);
    }
    assert_true(checked_tt >= 5 && checked_skf >= 5 && checked_gkf >= 3);
    free(text);
}

/* An imbalanced synthetic set: 5 classes, 12 speakers of unequal size. */
static size_t synthetic(int *classes, int *groups)
{
    const size_t counts[5] = {17, 41, 66, 9, 120};
    size_t n = 0;
    for (size_t c = 0; c < 5; c++)
        for (size_t i = 0; i < counts[c]; i++, n++) {
            classes[n] = (int)(3 * c + 1); /* arbitrary non-contiguous values */
            groups[n] = (int)((n * 7 + c) % 12) * 5;
        }
    return n;
}

static size_t class_count(const int *classes, size_t n, int c)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += classes[i] == c;
    return k;
}

static void test_train_test_stratified(void **state)
{
    (void)state;
    static int classes[MAXN], groups[MAXN], a[MAXN], b[MAXN];
    size_t n = synthetic(classes, groups);
    const double fractions[] = {0.2, 0.1, 0.33, 0.5, 0.75};
    for (size_t t = 0; t < sizeof fractions / sizeof fractions[0]; t++) {
        double f = fractions[t];
        size_t n_test_want = (size_t)ceil(f * (double)n);
        for (uint64_t seed = 0; seed < 5; seed++) {
            assert_int_equal(ser_split_train_test(classes, n, f, seed, a, NULL), SER_OK);
            size_t n_test = 0;
            for (size_t i = 0; i < n; i++)
                n_test += a[i] == 0;
            assert_int_equal(n_test, n_test_want);
            for (int c = 1; c <= 13; c += 3) { /* every class within one item of its share */
                size_t nc = class_count(classes, n, c), tc = 0;
                for (size_t i = 0; i < n; i++)
                    tc += classes[i] == c && a[i] == 0;
                double ideal = (double)nc * (double)n_test / (double)n;
                if (fabs((double)tc - ideal) > 1.0)
                    fail_msg("f=%g class %d: %zu test items, ideal %.2f", f, c, tc, ideal);
            }
        }
    }
    /* determinism */
    assert_int_equal(ser_split_train_test(classes, n, 0.2, 42, a, NULL), SER_OK);
    assert_int_equal(ser_split_train_test(classes, n, 0.2, 42, b, NULL), SER_OK);
    assert_memory_equal(a, b, n * sizeof *a);
    assert_int_equal(ser_split_train_test(classes, n, 0.2, 43, b, NULL), SER_OK);
    assert_memory_not_equal(a, b, n * sizeof *a);
    /* errors */
    ser_error err;
    assert_int_equal(ser_split_train_test(classes, n, 0.0, 0, a, &err), SER_ERR_ARG);
    assert_int_equal(ser_split_train_test(classes, n, 1.0, 0, a, &err), SER_ERR_ARG);
    assert_int_equal(ser_split_train_test(classes, n, NAN, 0, a, &err), SER_ERR_ARG);
    int lonely[6] = {0, 0, 0, 1, 1, 2};
    assert_int_equal(ser_split_train_test(lonely, 6, 0.5, 0, a, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, "only 1 item"));
    int few[6] = {0, 0, 1, 1, 2, 2};
    assert_int_equal(ser_split_train_test(few, 6, 0.2, 0, a, &err), SER_ERR_ARG); /* 2 test items, 3 classes */
    int negative[4] = {0, -1, 0, 1};
    assert_int_equal(ser_split_train_test(negative, 4, 0.5, 0, a, &err), SER_ERR_ARG);
}

static void test_kfold_stratified(void **state)
{
    (void)state;
    static int classes[MAXN], groups[MAXN], a[MAXN], b[MAXN];
    size_t n = synthetic(classes, groups);
    for (size_t k = 2; k <= 10; k++) {
        assert_int_equal(ser_split_stratified_kfold(classes, n, k, k, a, NULL), SER_OK);
        for (size_t f = 0; f < k; f++) {
            size_t size = 0;
            for (size_t i = 0; i < n; i++)
                size += a[i] == (int)f;
            assert_true(fabs((double)size - (double)n / (double)k) <= 1.0);
            for (int c = 1; c <= 13; c += 3) {
                size_t nc = class_count(classes, n, c), fc = 0;
                for (size_t i = 0; i < n; i++)
                    fc += classes[i] == c && a[i] == (int)f;
                if (fabs((double)fc - (double)nc / (double)k) > 1.0)
                    fail_msg("k=%zu fold %zu class %d: %zu items, ideal %.2f", k, f, c, fc, (double)nc / (double)k);
            }
        }
    }
    assert_int_equal(ser_split_stratified_kfold(classes, n, 5, 1, a, NULL), SER_OK);
    assert_int_equal(ser_split_stratified_kfold(classes, n, 5, 1, b, NULL), SER_OK);
    assert_memory_equal(a, b, n * sizeof *a);
    assert_int_equal(ser_split_stratified_kfold(classes, n, 5, 2, b, NULL), SER_OK);
    assert_memory_not_equal(a, b, n * sizeof *a);
    assert_int_equal(ser_split_stratified_kfold(classes, n, 1, 0, a, NULL), SER_ERR_ARG);
    assert_int_equal(ser_split_stratified_kfold(classes, 4, 5, 0, a, NULL), SER_ERR_ARG);
    int tiny[4] = {0, 0, 1, 1};
    assert_int_equal(ser_split_stratified_kfold(tiny, 4, 3, 0, a, NULL), SER_ERR_ARG); /* k > every class */
}

/* Every group's items share one fold; returns the number of folds used. */
static size_t assert_groups_whole(const int *groups, const int *fold, size_t n, size_t k)
{
    bool used[64] = {false};
    for (size_t i = 0; i < n; i++) {
        assert_true(fold[i] >= 0 && (size_t)fold[i] < k);
        used[fold[i]] = true;
        for (size_t j = 0; j < i; j++)
            if (groups[j] == groups[i] && fold[j] != fold[i])
                fail_msg("speaker %d is in folds %d and %d", groups[i], fold[j], fold[i]);
    }
    size_t n_used = 0;
    for (size_t f = 0; f < k; f++)
        n_used += used[f];
    return n_used;
}

static void test_group_kfold(void **state)
{
    (void)state;
    static int classes[MAXN], groups[MAXN], a[MAXN], b[MAXN];
    size_t n = synthetic(classes, groups);
    for (size_t k = 2; k <= 12; k++) {
        assert_int_equal(ser_split_group_kfold(groups, n, k, 3, a, NULL), SER_OK);
        assert_int_equal(assert_groups_whole(groups, a, n, k), k);
        /* balanced: greedy largest-first keeps folds within one group's size */
        size_t sizes[12] = {0}, lo = SIZE_MAX, hi = 0;
        for (size_t i = 0; i < n; i++)
            sizes[a[i]]++;
        for (size_t f = 0; f < k; f++) {
            lo = sizes[f] < lo ? sizes[f] : lo;
            hi = sizes[f] > hi ? sizes[f] : hi;
        }
        assert_true(hi - lo <= 23); /* the largest group has 23 items */
    }
    /* RAVDESS-like: 24 equal speakers, so the seed decides the grouping */
    static int spk[1440];
    for (size_t i = 0; i < 1440; i++)
        spk[i] = (int)(i / 60) + 1;
    assert_int_equal(ser_split_group_kfold(spk, 1440, 6, 1, a, NULL), SER_OK);
    assert_int_equal(assert_groups_whole(spk, a, 1440, 6), 6);
    for (size_t f = 0; f < 6; f++) {
        size_t size = 0;
        for (size_t i = 0; i < 1440; i++)
            size += a[i] == (int)f;
        assert_int_equal(size, 240);
    }
    assert_int_equal(ser_split_group_kfold(spk, 1440, 6, 1, b, NULL), SER_OK);
    assert_memory_equal(a, b, 1440 * sizeof *a);
    assert_int_equal(ser_split_group_kfold(spk, 1440, 6, 2, b, NULL), SER_OK);
    assert_memory_not_equal(a, b, 1440 * sizeof *a);
    assert_int_equal(ser_split_group_kfold(groups, n, 13, 0, a, NULL), SER_ERR_ARG); /* 12 speakers */
}

static void test_stratified_group_kfold(void **state)
{
    (void)state;
    static int classes[MAXN], groups[MAXN], a[MAXN], b[MAXN];
    size_t n = synthetic(classes, groups);
    for (size_t k = 2; k <= 6; k++) {
        assert_int_equal(ser_split_stratified_group_kfold(classes, groups, n, k, 5, a, NULL), SER_OK);
        assert_int_equal(assert_groups_whole(groups, a, n, k), k);
    }
    /* speakers with identical class mixes split into exactly proportional folds */
    size_t m = 0;
    for (int g = 0; g < 12; g++)
        for (int c = 0; c < 3; c++)
            for (int r = 0; r < (c == 0 ? 2 : 4); r++, m++) {
                classes[m] = c;
                groups[m] = g;
            }
    assert_int_equal(ser_split_stratified_group_kfold(classes, groups, m, 4, 9, a, NULL), SER_OK);
    assert_int_equal(assert_groups_whole(groups, a, m, 4), 4);
    for (int f = 0; f < 4; f++)
        for (int c = 0; c < 3; c++) {
            size_t fc = 0;
            for (size_t i = 0; i < m; i++)
                fc += classes[i] == c && a[i] == f;
            assert_int_equal(fc, c == 0 ? 6 : 12);
        }
    assert_int_equal(ser_split_stratified_group_kfold(classes, groups, m, 4, 9, b, NULL), SER_OK);
    assert_memory_equal(a, b, m * sizeof *a);
    assert_int_equal(ser_split_stratified_group_kfold(classes, groups, m, 4, 10, b, NULL), SER_OK);
    assert_memory_not_equal(a, b, m * sizeof *a);
}

static void test_leave_one_group_out(void **state)
{
    (void)state;
    int groups[8] = {30, 10, 20, 10, 30, 30, 20, 10}, fold[8];
    size_t n_splits;
    assert_int_equal(ser_split_leave_one_group_out(groups, 8, fold, &n_splits, NULL), SER_OK);
    assert_int_equal(n_splits, 3);
    int want[8] = {2, 0, 1, 0, 2, 2, 1, 0};
    assert_memory_equal(fold, want, sizeof want);
    int one[3] = {4, 4, 4};
    assert_int_equal(ser_split_leave_one_group_out(one, 3, fold, &n_splits, NULL), SER_ERR_ARG);
}

static void test_speaker_groups(void **state)
{
    (void)state;
    static char names[1440][16];
    static const char *spk[1440];
    static int fold[1440];
    for (size_t i = 0; i < 1440; i++) {
        snprintf(names[i], sizeof names[i], "ravdess:%02zu", (i * 7) % 24 + 1);
        spk[i] = names[i];
    }
    size_t n_splits;
    ser_error err;
    assert_int_equal(ser_split_speaker_groups(spk, 1440, "1-4,5-8,9-12,13-16,17-20,21-24", fold, &n_splits, &err),
                     SER_OK);
    assert_int_equal(n_splits, 6);
    for (size_t i = 0; i < 1440; i++)
        assert_int_equal(fold[i], (atoi(spk[i] + 8) - 1) / 4);
    /* ';' lists: odd and even actors; mixed numbers, ranges and full names */
    assert_int_equal(ser_split_speaker_groups(spk, 1440, "1,3,5,7,9,11,13,15,17,19,21,23 ; 2,4,6,8,ravdess:10,12,14-14,16,18,20,22,24", fold,
                                              &n_splits, &err),
                     SER_OK);
    assert_int_equal(n_splits, 2);
    for (size_t i = 0; i < 1440; i++)
        assert_int_equal(fold[i], atoi(spk[i] + 8) % 2 == 0);

    const struct {
        const char *spec, *message;
        ser_status status;
    } bad[] = {
        {"1-4,5-8", "speaker ravdess:09 is in no group", SER_ERR_ARG},
        {"1-12,12-24", "speaker ravdess:12 is in two groups", SER_ERR_ARG},
        {"1-24,30-40", "group 2 ('30-40')", SER_ERR_ARG},
        {"1-24,", "empty speaker", SER_ERR_PARSE},
        {"8-1,9-24", "runs backwards", SER_ERR_PARSE},
    };
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        ser_error_clear(&err);
        assert_int_equal(ser_split_speaker_groups(spk, 1440, bad[b].spec, fold, &n_splits, &err), bad[b].status);
        if (!strstr(err.message, bad[b].message))
            fail_msg("'%s': message '%s' lacks '%s'", bad[b].spec, err.message, bad[b].message);
    }
    /* ids that are not numbers match case-insensitively */
    const char *tess[4] = {"tess:OAF", "tess:YAF", "tess:OAF", "tess:YAF"};
    int f4[4];
    assert_int_equal(ser_split_speaker_groups(tess, 4, "yaf,oaf", f4, &n_splits, &err), SER_OK);
    int want[4] = {1, 0, 1, 0};
    assert_memory_equal(f4, want, sizeof want);
}

static void test_indices_and_kinds(void **state)
{
    (void)state;
    int fold[6] = {0, SER_FOLD_TRAIN, 1, 0, 1, SER_FOLD_TRAIN};
    size_t train[6], test[6], n_train, n_test;
    ser_split_indices(fold, 6, 0, train, &n_train, test, &n_test);
    assert_int_equal(n_train, 4);
    assert_int_equal(n_test, 2);
    size_t want_train[4] = {1, 2, 4, 5}, want_test[2] = {0, 3};
    assert_memory_equal(train, want_train, sizeof want_train);
    assert_memory_equal(test, want_test, sizeof want_test);
    for (int k = SER_SPLIT_TRAIN_TEST; k <= SER_SPLIT_SPEAKER_GROUPS; k++) {
        ser_split_kind back;
        assert_int_equal(ser_split_kind_parse(ser_split_kind_name((ser_split_kind)k), &back), SER_OK);
        assert_int_equal(back, k);
    }
    ser_split_kind kind;
    assert_int_equal(ser_split_kind_parse("random", &kind), SER_ERR_ARG);
    assert_null(ser_split_kind_name((ser_split_kind)99));
    ser_split_config c;
    ser_split_config_default(&c);
    assert_int_equal(c.kind, SER_SPLIT_TRAIN_TEST);
    assert_true(c.test_fraction == 0.2);
    assert_int_equal(c.n_folds, 5);
}

static ser_dataset *small_dataset(char *root, size_t cap)
{
    fx_mkroot(root, cap, "folds");
    const char *names[] = {"03a01Wa.wav", "03a02Wa.wav", "08a01Wa.wav", "08a02Wa.wav", "09a01Wa.wav",
                           "03a01Na.wav", "08a01Na.wav", "09a01Na.wav", "09a02Na.wav", "odd,name/03b01Na.wav",
                           "angry/x.wav"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        fx_touch(root, names[i], NULL);
    ser_status st;
    ser_dataset *ds = ser_dataset_create(&st);
    assert_int_equal(ser_dataset_add(ds, root, NULL), SER_OK);
    assert_int_equal(ser_dataset_count(ds), 11);
    return ds;
}

static void test_dataset_split_and_fold_files(void **state)
{
    (void)state;
    char root[512], file[700];
    ser_dataset *ds = small_dataset(root, sizeof root);
    int fold[11], back[11];
    size_t n_splits, n_back;
    ser_error err;
    ser_split_config c;
    ser_split_config_default(&c);
    c.kind = SER_SPLIT_LOSO;
    assert_int_equal(ser_dataset_split(ds, &c, fold, &n_splits, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, "angry/x.wav has no speaker, which a loso split needs"));

    ser_dataset_destroy(ds);

    /* a dataset where every item has a speaker */
    fx_mkroot(root, sizeof root, "folds2");
    const char *names[] = {"03a01Wa.wav", "03a02Wa.wav", "08a01Wa.wav", "08a02Wa.wav", "09a01Wa.wav",
                           "03a01Na.wav", "08a01Na.wav", "09a01Na.wav", "09a02Na.wav", "odd,name/03b01Na.wav"};
    for (size_t i = 0; i < 10; i++)
        fx_touch(root, names[i], NULL);
    ser_status st;
    ds = ser_dataset_create(&st);
    assert_int_equal(ser_dataset_add(ds, root, NULL), SER_OK);
    assert_int_equal(ser_dataset_count(ds), 10);
    assert_int_equal(ser_dataset_split(ds, &c, fold, &n_splits, &err), SER_OK);
    assert_int_equal(n_splits, 3);
    for (size_t i = 0; i < 10; i++) {
        const char *s = ser_dataset_item_at(ds, i)->speaker;
        assert_int_equal(fold[i], strcmp(s, "emodb:03") == 0 ? 0 : strcmp(s, "emodb:08") == 0 ? 1 : 2);
    }
    c.kind = SER_SPLIT_SPEAKER_GROUPS;
    c.groups = "3;8-9";
    assert_int_equal(ser_dataset_split(ds, &c, fold, &n_splits, &err), SER_OK);
    assert_int_equal(n_splits, 2);
    c.kind = SER_SPLIT_TRAIN_TEST;
    c.test_fraction = 0.4;
    assert_int_equal(ser_dataset_split(ds, &c, fold, &n_splits, &err), SER_OK);
    assert_int_equal(n_splits, 1);

    /* fold file round trip, including a path that needs quoting */
    snprintf(file, sizeof file, "%s/folds.csv", root);
    assert_int_equal(ser_folds_write(file, ds, fold, &err), SER_OK);
    char *text = tu_read_file(file, NULL);
    assert_non_null(text);
    assert_true(strncmp(text, "path,fold\n", 10) == 0);
    assert_true(strstr(text, "odd,name/03b01Na.wav\",0\n") || strstr(text, "odd,name/03b01Na.wav\",-1\n"));
    free(text);
    memset(back, 0x7f, sizeof back);
    assert_int_equal(ser_folds_read(file, ds, back, &n_back, &err), SER_OK);
    assert_memory_equal(fold, back, 10 * sizeof *fold);
    assert_int_equal(n_back, 1);

    /* extra rows ignored; a missing row, a repeated path, a bad fold are errors */
    char rows[4096];
    size_t used = (size_t)snprintf(rows, sizeof rows, "path,fold\r\n/elsewhere/x.wav,3\r\n");
    for (size_t i = 0; i < 10; i++)
        used += (size_t)snprintf(rows + used, sizeof rows - used, "\"%s\",%d\r\n", ser_dataset_item_at(ds, i)->path,
                                 (int)(i % 4));
    fx_touch(root, "extra.csv", rows);
    snprintf(file, sizeof file, "%s/extra.csv", root);
    assert_int_equal(ser_folds_read(file, ds, back, &n_back, &err), SER_OK);
    assert_int_equal(n_back, 4);
    assert_int_equal(back[5], 1);

    used = (size_t)snprintf(rows, sizeof rows, "path,fold\n"); /* the last item has no row */
    for (size_t i = 0; i + 1 < 10; i++)
        used += (size_t)snprintf(rows + used, sizeof rows - used, "\"%s\",0\n", ser_dataset_item_at(ds, i)->path);
    fx_touch(root, "short.csv", rows);
    snprintf(file, sizeof file, "%s/short.csv", root);
    assert_int_equal(ser_folds_read(file, ds, back, &n_back, &err), SER_ERR_NOT_FOUND);
    assert_non_null(strstr(err.message, "has no row for"));

    snprintf(rows, sizeof rows, "%s,1\n%s,2\n", ser_dataset_item_at(ds, 0)->path, ser_dataset_item_at(ds, 0)->path);
    fx_touch(root, "twice.csv", rows);
    snprintf(file, sizeof file, "%s/twice.csv", root);
    assert_int_equal(ser_folds_read(file, ds, back, &n_back, &err), SER_ERR_PARSE);
    assert_non_null(strstr(err.message, "listed twice"));

    snprintf(rows, sizeof rows, "%s,-2\n", ser_dataset_item_at(ds, 0)->path);
    fx_touch(root, "bad.csv", rows);
    snprintf(file, sizeof file, "%s/bad.csv", root);
    assert_int_equal(ser_folds_read(file, ds, back, &n_back, &err), SER_ERR_PARSE);
    assert_non_null(strstr(err.message, "bad.csv line 1"));
    snprintf(file, sizeof file, "%s/absent.csv", root);
    assert_int_equal(ser_folds_read(file, ds, back, &n_back, &err), SER_ERR_NOT_FOUND);
    ser_dataset_destroy(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sklearn_reference_counts),
        cmocka_unit_test(test_train_test_stratified),
        cmocka_unit_test(test_kfold_stratified),
        cmocka_unit_test(test_group_kfold),
        cmocka_unit_test(test_stratified_group_kfold),
        cmocka_unit_test(test_leave_one_group_out),
        cmocka_unit_test(test_speaker_groups),
        cmocka_unit_test(test_indices_and_kinds),
        cmocka_unit_test(test_dataset_split_and_fold_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
