/* ser/rules.h - suggestion rules: map the analyser's states and
 * transitions to prompts for the agent.
 *
 * A rules file is JSON (share/ser/rules.json is the default, installed to
 * <prefix>/share/ser/rules.json):
 *   {"version": 1,
 *    "rules": [
 *      {"on": "alert", "track": "caller", "label": "angry",
 *       "reason": "Customer frustration increasing",
 *       "suggestion": "Acknowledge the problem, apologise, offer escalation"},
 *      ...]}
 * "on" (required): "alert" | "calm" | "emotion" (an emotion event whose
 * label is "label").  Optional conditions: "track" (exact), "label" (the
 * smoothed label at the time, exact), "min_frustration" (number in
 * [0, 1]).  "reason" and "suggestion" are required strings.  The first
 * rule, in file order, whose conditions all hold gives the event's
 * reason and suggestion; no match gives none.  Unknown keys are refused
 * (a typo must not silently disable a rule).
 *
 * A ser_rules is immutable after loading and safe to share; matching does
 * not allocate. */
#ifndef SER_RULES_H
#define SER_RULES_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_rules ser_rules;

/* Parse JSON text (len bytes; `name` names it in errors).  SER_ERR_PARSE
 * naming the file, the rule index and the problem. */
ser_status ser_rules_parse(const char *text, size_t len, const char *name, ser_rules **out, ser_error *err);
/* Read and parse a file (SER_ERR_IO naming the path when unreadable). */
ser_status ser_rules_load(const char *path, ser_rules **out, ser_error *err);
void ser_rules_destroy(ser_rules *rules);
size_t ser_rules_count(const ser_rules *rules);

/* First matching rule for an event kind ("alert", "calm", "emotion"),
 * track, label (may be NULL) and frustration; *reason / *suggestion point
 * into the rules (NULL and returns SER_ERR_NOT_FOUND when none matches). */
ser_status ser_rules_match(const ser_rules *rules, const char *on, const char *track, const char *label,
                           double frustration, const char **reason, const char **suggestion);

#ifdef __cplusplus
}
#endif
#endif
