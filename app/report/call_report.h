/* call_report.h - the report of one analysed call (`ser analyze --report
 * DIR`): a report folder (report/report.h) with a header (the call's path,
 * duration, audio format, model), a per-track summary table, per analysed
 * track a timeline (per-class probabilities and the frustration score over
 * time, alerts and calm events marked, silence shaded) and a label-share
 * bar chart, and the table of alerts with their reasons and suggestions.
 * Data files: call.json (the analysis as given), timeline.csv (every
 * event: t_start,t_end,track,type,label,p_<label>...,frustration),
 * label_share.csv (track,label,share) and alerts.csv. */
#ifndef SER_REPORT_CALL_REPORT_H
#define SER_REPORT_CALL_REPORT_H

#include <cJSON.h>

#include "ser/status.h"

typedef struct call_report_info {
    const char *model_path;             /* shown in the header */
    const char *model_kind;             /* "svm", "forest", ... (may be NULL) */
    double on_threshold, off_threshold; /* the trend detector's, drawn on the frustration panel (NaN: none) */
} call_report_info;

/* analysis: call_analyze's object (app/call_analysis.h).  Writes DIR
 * (created with its parents); SER_ERR_IO naming the file, SER_ERR_NOMEM. */
ser_status call_report_write(const char *dir, const cJSON *analysis, const call_report_info *info, ser_error *err);

#endif
