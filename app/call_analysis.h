/* call_analysis.h - a whole recorded call through the live analyser: the
 * `ser analyze` JSON (docs/cli.md "ser analyze") shared by the command and
 * the server's POST /v1/analyze.
 *
 * A call is one or two tracks: a mono (or mixed) recording is the track
 * "caller"; a two-channel recording with an agent channel gives "caller"
 * (the other channel) and "agent", and the agent is analysed only when
 * asked (inferring employees' emotions at work is restricted in some
 * jurisdictions, docs/stream.md).  Each analysed track runs through one
 * ser_stream; its events make the timeline, the alerts and the summary:
 *   speech_share   voiced time / track duration;
 *   label_share    per class: time of emotion events with that label /
 *                  voiced time (each event stands for the audio after the
 *                  previous event's end, the first for its whole window);
 *   arousal_mean, valence_mean   time-weighted over emotion events (null
 *                  without speech); frustration_peak and its time t_end.
 * Times are seconds since the start of the call. */
#ifndef SER_APP_CALL_ANALYSIS_H
#define SER_APP_CALL_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cJSON.h>

#include "ser/audio.h"
#include "ser/model.h"
#include "ser/rules.h"

typedef struct call_options {
    const ser_model *model; /* required; seed-set streaming model */
    const ser_rules *rules; /* NULL: no reasons / suggestions */
    int agent_channel;      /* -1: none (channels mixed); 0 left, 1 right */
    bool analyze_agent;     /* analyse the agent's track too */
    const char *call_id;    /* events' call_id ("") */
} call_options;

call_options call_options_default(void);

/* Decode `path` (or, when data is not NULL, the `size` bytes at data,
 * named `path` in messages; raw PCM when raw is not NULL) and analyse it.
 * Returns the analysis object (see docs/cli.md), or NULL with a message
 * in err (cap bytes).  *undecodable (may be NULL) is set when the input
 * could not be decoded, as opposed to an analysis failure. */
cJSON *call_analyze(const call_options *o, const char *path, const void *data, size_t size,
                    const ser_raw_format *raw, char *err, size_t cap, bool *undecodable);

/* The CSV header / one row of the summary of analyses made with the same
 * model and options (`ser analyze` on several calls).  Columns: path,
 * call_id, duration, then per analysed track T: T_speech_share,
 * T_dominant, T_share_<label>..., T_arousal_mean, T_valence_mean,
 * T_frustration_peak, T_frustration_peak_t, T_alerts; then alerts,
 * first_alert_t (empty when none). */
void call_summary_csv_header(FILE *f, const ser_model *model, bool agent);
void call_summary_csv_row(FILE *f, const cJSON *analysis, const ser_model *model, bool agent);

#endif
