/* Rules files (ser_rules_parse), then a few matches against what loaded. */
#include "fuzz_common.h"

#include "ser/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ser_rules *rules = NULL;
    ser_error err;
    if (ser_rules_parse((const char *)data, size, "rules.json", &rules, &err) != SER_OK)
        return 0;
    static const char *const on[] = {"alert", "calm", "emotion", "other"};
    static const char *const label[] = {"angry", "neutral", NULL};
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 3; j++) {
            const char *reason, *suggestion;
            if (ser_rules_match(rules, on[i], "caller", label[j], 0.5 * (double)j, &reason, &suggestion) ==
                    SER_OK &&
                (!reason || !suggestion))
                abort();
        }
    ser_rules_destroy(rules);
    return 0;
}
