/* Suggestion rules (include/ser/rules.h): the shipped default file,
 * first-match order, conditions, and bad files with clear errors. */
#include <string.h>

#include "testutil.h"

#include "ser/rules.h"

static ser_rules *parse_ok(const char *text)
{
    ser_rules *r = NULL;
    ser_error err = {0};
    ser_status st = ser_rules_parse(text, strlen(text), "t.json", &r, &err);
    if (st)
        fail_msg("parse: %s", err.message);
    return r;
}

static void expect_bad(const char *text, ser_status want, const char *needle)
{
    ser_rules *r = (ser_rules *)1;
    ser_error err = {0};
    assert_int_equal(ser_rules_parse(text, strlen(text), "bad.json", &r, &err), want);
    assert_null(r);
    if (!strstr(err.message, needle) || !strstr(err.message, "bad.json"))
        fail_msg("message '%s' lacks '%s' or the file name", err.message, needle);
}

static void test_default_file(void **state)
{
    (void)state;
    ser_rules *r = NULL;
    ser_error err = {0};
    assert_int_equal(ser_rules_load(SER_SOURCE_DIR "/share/ser/rules.json", &r, &err), SER_OK);
    assert_true(ser_rules_count(r) >= 3);
    const char *reason, *sugg;
    assert_int_equal(ser_rules_match(r, "alert", "caller", "sad", 0.5, &reason, &sugg), SER_OK);
    assert_string_equal(reason, "Customer frustration increasing");
    assert_non_null(strstr(sugg, "apologise"));
    assert_non_null(strstr(sugg, "escalation"));
    assert_int_equal(ser_rules_match(r, "calm", "caller", "neutral", 0.1, &reason, &sugg), SER_OK);
    assert_non_null(strstr(reason, "calmed"));
    ser_rules_destroy(r);
}

static void test_first_match_and_conditions(void **state)
{
    (void)state;
    ser_rules *r = parse_ok("{\"version\":1,\"rules\":["
                            "{\"on\":\"alert\",\"track\":\"agent\",\"reason\":\"A\",\"suggestion\":\"a\"},"
                            "{\"on\":\"alert\",\"label\":\"angry\",\"min_frustration\":0.7,\"reason\":\"B\",\"suggestion\":\"b\"},"
                            "{\"on\":\"alert\",\"reason\":\"C\",\"suggestion\":\"c\"},"
                            "{\"on\":\"emotion\",\"label\":\"sad\",\"reason\":\"D\",\"suggestion\":\"d\"}]}");
    const char *reason, *sugg;
    assert_int_equal(ser_rules_match(r, "alert", "agent", "angry", 0.9, &reason, &sugg), SER_OK);
    assert_string_equal(reason, "A");
    assert_int_equal(ser_rules_match(r, "alert", "caller", "angry", 0.9, &reason, &sugg), SER_OK);
    assert_string_equal(reason, "B");
    assert_int_equal(ser_rules_match(r, "alert", "caller", "angry", 0.6, &reason, &sugg), SER_OK);
    assert_string_equal(reason, "C");
    assert_int_equal(ser_rules_match(r, "emotion", "caller", "sad", 0.0, &reason, &sugg), SER_OK);
    assert_string_equal(sugg, "d");
    assert_int_equal(ser_rules_match(r, "emotion", "caller", "happy", 0.0, &reason, &sugg), SER_ERR_NOT_FOUND);
    assert_null(reason);
    assert_int_equal(ser_rules_match(r, "calm", "caller", "happy", 0.0, &reason, &sugg), SER_ERR_NOT_FOUND);
    assert_int_equal(ser_rules_match(NULL, "alert", "caller", "happy", 0.0, &reason, &sugg), SER_ERR_NOT_FOUND);
    ser_rules_destroy(r);
}

static void test_bad_files(void **state)
{
    (void)state;
    expect_bad("{\"version\":1,\"rules\":[", SER_ERR_PARSE, "not valid JSON");
    expect_bad("[]", SER_ERR_PARSE, "\"rules\" array");
    expect_bad("{\"version\":2,\"rules\":[]}", SER_ERR_VERSION, "version");
    expect_bad("{\"version\":1,\"rules\":[{\"on\":\"alert\",\"reason\":\"x\"}]}", SER_ERR_PARSE,
               "rule 0: missing \"suggestion\"");
    expect_bad("{\"version\":1,\"rules\":[{\"on\":\"alarm\",\"reason\":\"x\",\"suggestion\":\"y\"}]}", SER_ERR_PARSE,
               "want alert, calm or emotion");
    expect_bad("{\"version\":1,\"rules\":[{\"on\":\"calm\",\"reason\":\"x\",\"suggestion\":\"y\"},"
               "{\"on\":\"alert\",\"reason\":\"x\",\"sugestion\":\"y\"}]}",
               SER_ERR_PARSE, "rule 1: unknown key \"sugestion\"");
    expect_bad("{\"version\":1,\"rules\":[{\"on\":\"alert\",\"reason\":\"x\",\"suggestion\":\"y\",\"min_frustration\":2}]}",
               SER_ERR_PARSE, "min_frustration");
    expect_bad("{\"version\":1,\"rules\":[{\"on\":\"emotion\",\"reason\":\"x\",\"suggestion\":\"y\"}]}", SER_ERR_PARSE,
               "needs a \"label\"");
    expect_bad("{\"version\":1,\"rules\":[{\"on\":\"alert\",\"reason\":7,\"suggestion\":\"y\"}]}", SER_ERR_PARSE,
               "\"reason\" must be a non-empty string");
    ser_rules *r = (ser_rules *)1;
    ser_error err = {0};
    assert_int_equal(ser_rules_load("/nonexistent/rules.json", &r, &err), SER_ERR_IO);
    assert_null(r);
    assert_non_null(strstr(err.message, "/nonexistent/rules.json"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_file),
        cmocka_unit_test(test_first_match_and_conditions),
        cmocka_unit_test(test_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
