/* Canonical labels, synonyms, and label maps (--labels / --merge). */
#include "testutil.h"

#include <string.h>

#include "ser/labels.h"

static void test_names_round_trip(void **state)
{
    (void)state;
    const char *expected[SER_LABEL_COUNT] = {"neutral", "calm",    "happy",     "sad",    "angry",
                                             "fearful", "disgust", "surprised", "boredom"};
    for (int l = 0; l < SER_LABEL_COUNT; l++) {
        assert_string_equal(ser_label_name((ser_label)l), expected[l]);
        ser_label back = SER_LABEL_NONE;
        assert_int_equal(ser_label_parse(expected[l], &back), SER_OK);
        assert_int_equal(back, l);
    }
    assert_null(ser_label_name(SER_LABEL_NONE));
    assert_null(ser_label_name(SER_LABEL_COUNT));
}

static void test_synonyms(void **state)
{
    (void)state;
    const struct {
        const char *text;
        ser_label label;
    } cases[] = {
        {"anger", SER_LABEL_ANGRY},      {"ANGER", SER_LABEL_ANGRY},        {"fear", SER_LABEL_FEARFUL},
        {"happiness", SER_LABEL_HAPPY},  {"sadness", SER_LABEL_SAD},        {"ps", SER_LABEL_SURPRISED},
        {"surprise", SER_LABEL_SURPRISED}, {"Pleasant_surprise", SER_LABEL_SURPRISED},
        {"bored", SER_LABEL_BOREDOM},    {"disgusted", SER_LABEL_DISGUST},  {"  Neutral\t", SER_LABEL_NEUTRAL},
        {"Angry", SER_LABEL_ANGRY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ser_label l = SER_LABEL_NONE;
        assert_int_equal(ser_label_parse(cases[i].text, &l), SER_OK);
        assert_int_equal(l, cases[i].label);
    }
    ser_label untouched = SER_LABEL_CALM;
    assert_int_equal(ser_label_parse("joyful", &untouched), SER_ERR_LABEL);
    assert_int_equal(ser_label_parse("", &untouched), SER_ERR_LABEL);
    assert_int_equal(ser_label_parse("angryy", &untouched), SER_ERR_LABEL);
    assert_int_equal(ser_label_parse(NULL, &untouched), SER_ERR_LABEL);
    assert_int_equal(untouched, SER_LABEL_CALM);
}

static void test_identity_and_selection(void **state)
{
    (void)state;
    ser_label_map map;
    ser_error err;
    assert_int_equal(ser_label_map_build(&map, NULL, NULL, 0, &err), SER_OK);
    for (int l = 0; l < SER_LABEL_COUNT; l++)
        assert_int_equal(ser_label_map_apply(&map, (ser_label)l), l);
    assert_int_equal(ser_label_map_apply(&map, SER_LABEL_NONE), SER_LABEL_NONE);

    assert_int_equal(ser_label_map_build(&map, "neutral, Happy,sadness,angry,angry", NULL, 0, &err), SER_OK);
    for (int l = 0; l < SER_LABEL_COUNT; l++) {
        bool keep = l == SER_LABEL_NEUTRAL || l == SER_LABEL_HAPPY || l == SER_LABEL_SAD || l == SER_LABEL_ANGRY;
        assert_int_equal(ser_label_map_apply(&map, (ser_label)l), keep ? l : SER_LABEL_NONE);
    }
}

static void test_merges(void **state)
{
    (void)state;
    ser_label_map map;
    ser_error err;
    const char *one[] = {"calm=neutral"};
    assert_int_equal(ser_label_map_build(&map, "neutral,happy", one, 1, &err), SER_OK);
    assert_int_equal(ser_label_map_apply(&map, SER_LABEL_CALM), SER_LABEL_NEUTRAL);
    assert_int_equal(ser_label_map_apply(&map, SER_LABEL_NEUTRAL), SER_LABEL_NEUTRAL);
    assert_int_equal(ser_label_map_apply(&map, SER_LABEL_HAPPY), SER_LABEL_HAPPY);
    assert_int_equal(ser_label_map_apply(&map, SER_LABEL_SAD), SER_LABEL_NONE);

    /* comma-separated and repeated merges, chains resolve transitively */
    const char *several[] = {"calm=neutral, boredom = calm", "surprised=happy"};
    assert_int_equal(ser_label_map_build(&map, NULL, several, 2, &err), SER_OK);
    assert_int_equal(ser_label_map_apply(&map, SER_LABEL_BOREDOM), SER_LABEL_NEUTRAL);
    assert_int_equal(ser_label_map_apply(&map, SER_LABEL_CALM), SER_LABEL_NEUTRAL);
    assert_int_equal(ser_label_map_apply(&map, SER_LABEL_SURPRISED), SER_LABEL_HAPPY);
    assert_int_equal(ser_label_map_apply(&map, SER_LABEL_ANGRY), SER_LABEL_ANGRY);

    /* the same merge twice is fine; synonyms on both sides */
    const char *twice[] = {"ps=happiness", "surprised=happy"};
    assert_int_equal(ser_label_map_build(&map, NULL, twice, 2, &err), SER_OK);
    assert_int_equal(ser_label_map_apply(&map, SER_LABEL_SURPRISED), SER_LABEL_HAPPY);
}

static void expect_label_error(const char *select, const char *merge, const char *message_part)
{
    ser_label_map map;
    ser_error err;
    ser_error_clear(&err);
    const char *merges[] = {merge};
    assert_int_equal(ser_label_map_build(&map, select, merges, merge ? 1 : 0, &err), SER_ERR_LABEL);
    assert_int_equal(err.status, SER_ERR_LABEL);
    if (!strstr(err.message, message_part))
        fail_msg("'%s' not in '%s'", message_part, err.message);
}

static void test_usage_errors(void **state)
{
    (void)state;
    expect_label_error("neutral,joyful", NULL, "unknown label 'joyful'");
    expect_label_error("neutral,,sad", NULL, "empty label");
    expect_label_error(NULL, "calm=zen", "unknown label 'zen'");
    expect_label_error(NULL, "calm", "malformed merge 'calm'");
    expect_label_error(NULL, "calm=neutral=sad", "malformed merge");
    expect_label_error(NULL, "calm=neutral,neutral=calm", "merge cycle: ");
    expect_label_error(NULL, "a=b", "unknown label 'a'");
    expect_label_error(NULL, "sad=angry,angry=fearful,fearful=sad", "merge cycle: ");
    expect_label_error(NULL, "calm=calm", "onto itself");
    expect_label_error(NULL, "calm=neutral,calm=sad", "merged into both 'neutral' and 'sad'");
    expect_label_error("calm,happy", "calm=neutral", "select 'neutral' instead");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_round_trip), cmocka_unit_test(test_synonyms),
        cmocka_unit_test(test_identity_and_selection), cmocka_unit_test(test_merges),
        cmocka_unit_test(test_usage_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
