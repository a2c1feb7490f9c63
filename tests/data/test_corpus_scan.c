/* Directory scanning: every corpus naming convention (synthetic names in
 * temp folders), label folders, extensions, precedence, order, duplicates,
 * links and bad inputs. */
#include "testutil.h"

#include <stdlib.h>
#include <unistd.h>

#include "data_fixture.h"
#include "ser/dataset.h"

static ser_dataset *scan(const char *root)
{
    ser_status st;
    ser_dataset *ds = ser_dataset_create(&st);
    assert_non_null(ds);
    ser_error err;
    ser_error_clear(&err);
    if (ser_dataset_add(ds, root, &err) != SER_OK)
        fail_msg("scan %s: %s", root, err.message);
    return ds;
}

static void test_ravdess(void **state)
{
    (void)state;
    char root[512];
    fx_mkroot(root, sizeof root, "ravdess");
    const char *names[] = {"Actor_01/03-01-01-01-01-01-01.wav", "Actor_01/03-01-02-02-01-02-01.flac",
                           "Actor_02/03-01-03-01-02-01-02.mp3", "Actor_02/03-01-04-02-02-02-02.ogg",
                           "Actor_03/03-01-05-01-01-01-03.WAV", "Actor_03/03-01-06-02-01-01-03.Flac",
                           "Actor_24/03-01-07-01-01-01-24.MP3", "Actor_24/03-02-08-02-01-01-24.OgG",
                           "Actor_05/03-01-09-01-01-01-05.wav", "Actor_05/03-01-05-01-01-01-25.wav",
                           "Actor_05/03-01-05-03-01-01-05.wav"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        fx_touch(root, names[i], NULL);
    ser_dataset *ds = scan(root);
    assert_int_equal(ser_dataset_count(ds), 8);
    fx_expect(ds, "03-01-01-01-01-01-01.wav", SER_LABEL_NEUTRAL, "ravdess:01", "ravdess");
    fx_expect(ds, "03-01-02-02-01-02-01.flac", SER_LABEL_CALM, "ravdess:01", "ravdess");
    fx_expect(ds, "03-01-03-01-02-01-02.mp3", SER_LABEL_HAPPY, "ravdess:02", "ravdess");
    fx_expect(ds, "03-01-04-02-02-02-02.ogg", SER_LABEL_SAD, "ravdess:02", "ravdess");
    fx_expect(ds, "03-01-05-01-01-01-03.WAV", SER_LABEL_ANGRY, "ravdess:03", "ravdess");
    fx_expect(ds, "03-01-06-02-01-01-03.Flac", SER_LABEL_FEARFUL, "ravdess:03", "ravdess");
    fx_expect(ds, "03-01-07-01-01-01-24.MP3", SER_LABEL_DISGUST, "ravdess:24", "ravdess");
    fx_expect(ds, "03-02-08-02-01-01-24.OgG", SER_LABEL_SURPRISED, "ravdess:24", "ravdess");
    fx_expect_issue(ds, "03-01-09-01-01-01-05.wav", "emotion code 09");
    fx_expect_issue(ds, "03-01-05-01-01-01-25.wav", "actor code 25");
    fx_expect_issue(ds, "03-01-05-03-01-01-05.wav", "intensity code 03");
    assert_int_equal(ser_dataset_issue_count(ds), 3);
    ser_dataset_destroy(ds);
}

static void test_cremad(void **state)
{
    (void)state;
    char root[512];
    fx_mkroot(root, sizeof root, "cremad");
    const char *names[] = {"1001_DFA_ANG_XX.wav", "1001_DFA_DIS_XX.flac", "1002_IEO_FEA_HI.mp3",
                           "1091_IEO_HAP_LO.ogg", "1050_TIE_NEU_MD.wav",  "1050_TIE_SAD_X.wav",
                           "1001_DFA_XYZ_XX.wav", "1092_DFA_ANG_XX.wav",  "1001_DFA_ANG_QQ.wav"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        fx_touch(root, names[i], NULL);
    ser_dataset *ds = scan(root);
    assert_int_equal(ser_dataset_count(ds), 6);
    fx_expect(ds, "1001_DFA_ANG_XX.wav", SER_LABEL_ANGRY, "cremad:1001", "cremad");
    fx_expect(ds, "1001_DFA_DIS_XX.flac", SER_LABEL_DISGUST, "cremad:1001", "cremad");
    fx_expect(ds, "1002_IEO_FEA_HI.mp3", SER_LABEL_FEARFUL, "cremad:1002", "cremad");
    fx_expect(ds, "1091_IEO_HAP_LO.ogg", SER_LABEL_HAPPY, "cremad:1091", "cremad");
    fx_expect(ds, "1050_TIE_NEU_MD.wav", SER_LABEL_NEUTRAL, "cremad:1050", "cremad");
    fx_expect(ds, "1050_TIE_SAD_X.wav", SER_LABEL_SAD, "cremad:1050", "cremad");
    fx_expect_issue(ds, "1001_DFA_XYZ_XX.wav", "emotion code 'XYZ'");
    fx_expect_issue(ds, "1092_DFA_ANG_XX.wav", "speaker 1092");
    fx_expect_issue(ds, "1001_DFA_ANG_QQ.wav", "intensity 'QQ'");
    ser_dataset_destroy(ds);
}

static void test_tess(void **state)
{
    (void)state;
    char root[512];
    fx_mkroot(root, sizeof root, "tess");
    const char *names[] = {"OAF_angry/OAF_back_angry.wav",     "OAF_disgust/OAF_back_disgust.flac",
                           "YAF_fear/YAF_bar_fear.mp3",         "YAF_happy/YAF_bite_happy.ogg",
                           "OAF_neutral/OAF_base_neutral.wav",  "YAF_pleasant_surprised/YAF_germ_ps.wav",
                           "YAF_sad/YAF_chat_Sad.WAV",          "OAF_misc/OAF_back_sleepy.wav"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        fx_touch(root, names[i], NULL);
    ser_dataset *ds = scan(root);
    assert_int_equal(ser_dataset_count(ds), 7);
    fx_expect(ds, "OAF_back_angry.wav", SER_LABEL_ANGRY, "tess:OAF", "tess");
    fx_expect(ds, "OAF_back_disgust.flac", SER_LABEL_DISGUST, "tess:OAF", "tess");
    fx_expect(ds, "YAF_bar_fear.mp3", SER_LABEL_FEARFUL, "tess:YAF", "tess");
    fx_expect(ds, "YAF_bite_happy.ogg", SER_LABEL_HAPPY, "tess:YAF", "tess");
    fx_expect(ds, "OAF_base_neutral.wav", SER_LABEL_NEUTRAL, "tess:OAF", "tess");
    fx_expect(ds, "YAF_germ_ps.wav", SER_LABEL_SURPRISED, "tess:YAF", "tess");
    fx_expect(ds, "YAF_chat_Sad.WAV", SER_LABEL_SAD, "tess:YAF", "tess");
    fx_expect_issue(ds, "OAF_back_sleepy.wav", "TESS name with emotion 'sleepy'");
    ser_dataset_destroy(ds);
}

static void test_savee(void **state)
{
    (void)state;
    char root[512];
    fx_mkroot(root, sizeof root, "savee");
    const char *names[] = {"ALL/DC_a01.wav", "ALL/DC_d02.flac", "ALL/JE_f03.mp3", "ALL/JE_h04.ogg",
                           "ALL/JK_n05.wav", "ALL/KL_sa06.wav", "ALL/KL_su07.wav", "JK/a08.wav",
                           "KL/sa09.wav",    "ALL/AB_a01.wav",  "ALL/DC_x01.wav",  "XX/a01.wav"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        fx_touch(root, names[i], NULL);
    ser_dataset *ds = scan(root);
    assert_int_equal(ser_dataset_count(ds), 9);
    fx_expect(ds, "DC_a01.wav", SER_LABEL_ANGRY, "savee:DC", "savee");
    fx_expect(ds, "DC_d02.flac", SER_LABEL_DISGUST, "savee:DC", "savee");
    fx_expect(ds, "JE_f03.mp3", SER_LABEL_FEARFUL, "savee:JE", "savee");
    fx_expect(ds, "JE_h04.ogg", SER_LABEL_HAPPY, "savee:JE", "savee");
    fx_expect(ds, "JK_n05.wav", SER_LABEL_NEUTRAL, "savee:JK", "savee");
    fx_expect(ds, "KL_sa06.wav", SER_LABEL_SAD, "savee:KL", "savee");
    fx_expect(ds, "KL_su07.wav", SER_LABEL_SURPRISED, "savee:KL", "savee");
    fx_expect(ds, "JK/a08.wav", SER_LABEL_ANGRY, "savee:JK", "savee"); /* original layout */
    fx_expect(ds, "KL/sa09.wav", SER_LABEL_SAD, "savee:KL", "savee");
    fx_expect_issue(ds, "AB_a01.wav", "speaker 'AB'");
    fx_expect_issue(ds, "DC_x01.wav", "emotion code 'x'");
    fx_expect_issue(ds, "XX/a01.wav", "unknown naming convention");
    ser_dataset_destroy(ds);
}

static void test_emodb(void **state)
{
    (void)state;
    char root[512];
    fx_mkroot(root, sizeof root, "emodb");
    const char *names[] = {"wav/03a01Wa.wav", "wav/08a02La.flac", "wav/09b01Eb.mp3", "wav/10b10Ac.ogg",
                           "wav/11a05Fd.wav", "wav/16b03Ta.wav",  "wav/13a04Nb.wav", "wav/05a01Fa.wav",
                           "wav/03a01Xa.wav"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        fx_touch(root, names[i], NULL);
    ser_dataset *ds = scan(root);
    assert_int_equal(ser_dataset_count(ds), 7);
    fx_expect(ds, "03a01Wa.wav", SER_LABEL_ANGRY, "emodb:03", "emodb");
    fx_expect(ds, "08a02La.flac", SER_LABEL_BOREDOM, "emodb:08", "emodb");
    fx_expect(ds, "09b01Eb.mp3", SER_LABEL_DISGUST, "emodb:09", "emodb");
    fx_expect(ds, "10b10Ac.ogg", SER_LABEL_FEARFUL, "emodb:10", "emodb");
    fx_expect(ds, "11a05Fd.wav", SER_LABEL_HAPPY, "emodb:11", "emodb");
    fx_expect(ds, "16b03Ta.wav", SER_LABEL_SAD, "emodb:16", "emodb");
    fx_expect(ds, "13a04Nb.wav", SER_LABEL_NEUTRAL, "emodb:13", "emodb");
    fx_expect_issue(ds, "05a01Fa.wav", "EmoDB name with speaker 05");
    fx_expect_issue(ds, "03a01Xa.wav", "emotion letter 'X'");
    ser_dataset_destroy(ds);
}

static void test_turevdb_code_decides(void **state)
{
    (void)state;
    char root[512];
    fx_mkroot(root, sizeof root, "turevdb");
    const char *names[] = {"Angry/1157_kz_acik.flac", "Calm/1234_sk_algi.wav", "Happy/1358_mt_beste.mp3",
                           "Sad/7895_hl_bugu.ogg",    "Angry/1984_hl_misfiled.flac", "Sad/6783_zz_word.flac"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        fx_touch(root, names[i], NULL);
    ser_dataset *ds = scan(root);
    fx_expect(ds, "1157_kz_acik.flac", SER_LABEL_ANGRY, "turevdb:1157", "turevdb");
    fx_expect(ds, "1234_sk_algi.wav", SER_LABEL_CALM, "turevdb:1234", "turevdb");
    fx_expect(ds, "1358_mt_beste.mp3", SER_LABEL_HAPPY, "turevdb:1358", "turevdb");
    fx_expect(ds, "7895_hl_bugu.ogg", SER_LABEL_SAD, "turevdb:7895", "turevdb");
    /* the code in the name decides, not the folder */
    fx_expect(ds, "1984_hl_misfiled.flac", SER_LABEL_SAD, "turevdb:1984", "turevdb");
    /* a bad code inside a label folder falls back to the folder's label */
    fx_expect(ds, "6783_zz_word.flac", SER_LABEL_SAD, NULL, "folder");
    assert_int_equal(ser_dataset_count(ds), 6);
    assert_int_equal(ser_dataset_issue_count(ds), 0);
    ser_dataset_destroy(ds);
}

static void test_label_folders(void **state)
{
    (void)state;
    char root[512];
    fx_mkroot(root, sizeof root, "datasets");
    const char *names[] = {"angry/a1.wav",     "angry/a2.FLAC",        "Sad/s1.mp3",   "ps/p1.ogg",
                           "Happiness/h1.wav", "happy/session1/h2.wav", "misc/x.wav",  "angry/notes.txt",
                           "angry/noext",      "angry/.DS_Store",      ".hidden/03-01-05-01-01-01-03.wav",
                           "sad/03-01-03-01-01-01-07.wav", "sad/03-01-09-01-01-01-07.wav"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        fx_touch(root, names[i], NULL);
    ser_dataset *ds = scan(root);
    fx_expect(ds, "angry/a1.wav", SER_LABEL_ANGRY, NULL, "folder");
    fx_expect(ds, "angry/a2.FLAC", SER_LABEL_ANGRY, NULL, "folder");
    fx_expect(ds, "Sad/s1.mp3", SER_LABEL_SAD, NULL, "folder");
    fx_expect(ds, "ps/p1.ogg", SER_LABEL_SURPRISED, NULL, "folder");
    fx_expect(ds, "Happiness/h1.wav", SER_LABEL_HAPPY, NULL, "folder");
    fx_expect(ds, "happy/session1/h2.wav", SER_LABEL_HAPPY, NULL, "folder"); /* nearest label folder */
    /* a corpus name wins over the folder; a bad corpus name falls back to it */
    fx_expect(ds, "sad/03-01-03-01-01-01-07.wav", SER_LABEL_HAPPY, "ravdess:07", "ravdess");
    fx_expect(ds, "sad/03-01-09-01-01-01-07.wav", SER_LABEL_SAD, NULL, "folder");
    fx_expect_issue(ds, "misc/x.wav", "unknown naming convention");
    assert_null(fx_issue(ds, "angry/notes.txt")); /* documentation is skipped silently */
    fx_expect_issue(ds, "angry/noext", "no file extension");
    assert_null(fx_issue(ds, ".DS_Store")); /* hidden entries are skipped silently */
    assert_null(fx_item(ds, ".hidden/03-01-05-01-01-01-03.wav"));
    assert_int_equal(ser_dataset_count(ds), 8);
    assert_int_equal(ser_dataset_issue_count(ds), 2);
    ser_dataset_destroy(ds);

    /* the scanned folder itself can be the label folder (trailing slash too) */
    char angry[600];
    snprintf(angry, sizeof angry, "%s/angry/", root);
    ds = scan(angry);
    fx_expect(ds, "angry/a1.wav", SER_LABEL_ANGRY, NULL, "folder");
    assert_non_null(strstr(ser_dataset_item_at(ds, 0)->path, "/angry/a1.wav"));
    assert_null(strstr(ser_dataset_item_at(ds, 0)->path, "//"));
    ser_dataset_destroy(ds);
}

static void test_sorted_deterministic_order(void **state)
{
    (void)state;
    char root[512];
    fx_mkroot(root, sizeof root, "order");
    const char *names[] = {"b/03a01Wa.wav", "a/16b03Ta.wav", "c/09b01Eb.wav", "a/03a01Fa.wav", "B/10b10Ac.wav",
                           "a/z/11a05Fd.wav"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        fx_touch(root, names[i], NULL);
    ser_dataset *ds = scan(root);
    const char *expected[] = {"B/10b10Ac.wav", "a/03a01Fa.wav", "a/16b03Ta.wav", "a/z/11a05Fd.wav",
                              "b/03a01Wa.wav", "c/09b01Eb.wav"};
    assert_int_equal(ser_dataset_count(ds), 6);
    for (size_t i = 0; i < 6; i++) {
        char want[700];
        snprintf(want, sizeof want, "%s/%s", root, expected[i]);
        assert_string_equal(ser_dataset_item_at(ds, i)->path, want);
    }
    ser_dataset_destroy(ds);
}

static void test_duplicates_across_inputs(void **state)
{
    (void)state;
    char root[512];
    fx_mkroot(root, sizeof root, "dups");
    fx_touch(root, "03a01Wa.wav", NULL);
    fx_touch(root, "03a01Fa.wav", NULL);
    ser_dataset *ds = scan(root);
    ser_error err;
    assert_int_equal(ser_dataset_add(ds, root, &err), SER_OK);
    char file[700];
    snprintf(file, sizeof file, "%s/03a01Wa.wav", root);
    assert_int_equal(ser_dataset_add(ds, file, &err), SER_OK);
    assert_int_equal(ser_dataset_count(ds), 2);
    assert_int_equal(ser_dataset_issue_count(ds), 3);
    /* the first copy is kept, the later ones are listed */
    assert_non_null(fx_item(ds, "03a01Fa.wav"));
    assert_non_null(strstr(fx_issue(ds, "03a01Fa.wav"), "duplicate of an earlier input"));
    assert_string_equal(ser_dataset_issue_at(ds, 2)->path, file);
    ser_dataset_destroy(ds);
}

static void test_single_file_and_bad_inputs(void **state)
{
    (void)state;
    char root[512], path[700];
    fx_mkroot(root, sizeof root, "single");
    fx_touch(root, "angry/clip.wav", NULL);
    fx_touch(root, "JK/a01.wav", NULL);
    fx_touch(root, "notes.txt", NULL);
    ser_status st;
    ser_dataset *ds = ser_dataset_create(&st);
    ser_error err;
    snprintf(path, sizeof path, "%s/angry/clip.wav", root);
    assert_int_equal(ser_dataset_add(ds, path, &err), SER_OK);
    snprintf(path, sizeof path, "%s/JK/a01.wav", root);
    assert_int_equal(ser_dataset_add(ds, path, &err), SER_OK);
    fx_expect(ds, "angry/clip.wav", SER_LABEL_ANGRY, NULL, "folder");
    fx_expect(ds, "JK/a01.wav", SER_LABEL_ANGRY, "savee:JK", "savee");

    snprintf(path, sizeof path, "%s/notes.txt", root);
    assert_int_equal(ser_dataset_add(ds, path, &err), SER_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.message, "notes.txt"));
    fx_expect_issue(ds, "notes.txt", "not a directory, a .csv manifest or an audio file");

    snprintf(path, sizeof path, "%s/missing", root);
    assert_int_equal(ser_dataset_add(ds, path, &err), SER_ERR_NOT_FOUND);
    assert_non_null(strstr(err.message, path));
    fx_expect_issue(ds, "missing", "No such file or directory");
    assert_int_equal(ser_dataset_add(ds, "", &err), SER_ERR_ARG);
    assert_int_equal(ser_dataset_count(ds), 2);
    ser_dataset_destroy(ds);
}

static void test_symlinks(void **state)
{
    (void)state;
    char root[512], link[700], target[700];
    fx_mkroot(root, sizeof root, "links");
    fx_touch(root, "real/03a01Wa.wav", NULL);
    snprintf(link, sizeof link, "%s/real/loop", root);
    snprintf(target, sizeof target, "%s/real", root);
    assert_int_equal(symlink(target, link), 0);
    snprintf(link, sizeof link, "%s/real/broken.wav", root);
    assert_int_equal(symlink("/nonexistent/target.wav", link), 0);
    ser_dataset *ds = scan(root);
    assert_int_equal(ser_dataset_count(ds), 1);
    fx_expect_issue(ds, "real/loop", "symbolic link loop");
    fx_expect_issue(ds, "broken.wav", "broken symbolic link");
    ser_dataset_destroy(ds);
}

static void test_apply_labels_and_speakers(void **state)
{
    (void)state;
    char root[512];
    fx_mkroot(root, sizeof root, "apply");
    const char *names[] = {"03a01Wa.wav", "08a01Wa.wav", "03a01Fa.wav", "03a01Na.wav", "08a01La.wav",
                           "angry/x.wav"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        fx_touch(root, names[i], NULL);
    ser_dataset *ds = scan(root);
    assert_int_equal(ser_dataset_count(ds), 6);
    size_t counts[SER_LABEL_COUNT];
    ser_dataset_label_counts(ds, counts);
    assert_int_equal(counts[SER_LABEL_ANGRY], 3);
    assert_int_equal(counts[SER_LABEL_BOREDOM], 1);

    int ids[6];
    const char *spk[6];
    size_t n_spk;
    assert_int_equal(ser_dataset_speaker_ids(ds, ids, spk, &n_spk, NULL), SER_OK);
    assert_int_equal(n_spk, 2);
    assert_string_equal(spk[0], "emodb:03");
    assert_string_equal(spk[1], "emodb:08");
    for (size_t i = 0; i < 6; i++) {
        const ser_dataset_item *it = ser_dataset_item_at(ds, i);
        assert_int_equal(ids[i], it->speaker ? (strcmp(it->speaker, "emodb:03") == 0 ? 0 : 1) : -1);
    }

    ser_label_map map;
    const char *merges[] = {"boredom=neutral"};
    assert_int_equal(ser_label_map_build(&map, "neutral,angry", merges, 1, NULL), SER_OK);
    assert_int_equal(ser_dataset_apply_labels(ds, &map, NULL), SER_OK);
    ser_dataset_label_counts(ds, counts);
    assert_int_equal(ser_dataset_count(ds), 5);
    assert_int_equal(counts[SER_LABEL_ANGRY], 3);
    assert_int_equal(counts[SER_LABEL_NEUTRAL], 2);
    assert_int_equal(counts[SER_LABEL_HAPPY], 0);
    assert_null(fx_item(ds, "03a01Fa.wav"));
    int classes[5];
    ser_dataset_classes(ds, classes);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(classes[i], ser_dataset_item_at(ds, i)->label);
    ser_dataset_destroy(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ravdess),
        cmocka_unit_test(test_cremad),
        cmocka_unit_test(test_tess),
        cmocka_unit_test(test_savee),
        cmocka_unit_test(test_emodb),
        cmocka_unit_test(test_turevdb_code_decides),
        cmocka_unit_test(test_label_folders),
        cmocka_unit_test(test_sorted_deterministic_order),
        cmocka_unit_test(test_duplicates_across_inputs),
        cmocka_unit_test(test_single_file_and_bad_inputs),
        cmocka_unit_test(test_symlinks),
        cmocka_unit_test(test_apply_labels_and_speakers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
