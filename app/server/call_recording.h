/* call_recording.h - `ser serve --record DIR`: the received audio of one
 * track of a live call, written to DIR/<call_id>-<track>.wav as 16-bit PCM
 * at the stream's input rate with its channels (µ-law / A-law decoded to
 * 16-bit, f32 clipped to 16-bit), mode 0600.
 *
 * While the call runs the audio goes to a hidden temporary file in DIR
 * ("DIR/.<name>.wav.tmp.XXXXXX", ser__temp_name of core/atomic_open.h); when the call ends it
 * is flushed and linked to its name, never over an existing file (then
 * "-1", "-2", ... before ".wav"), so a crash leaves only a hidden temporary
 * file.  The call_id is sanitised to [A-Za-z0-9._-] (any other character
 * and a leading '.' become '_'; empty: "call"): no request can name a path
 * outside DIR.  A disk error stops that recording but not the call: it is
 * logged once on stderr and counted in /metrics
 * (ser_errors_by_kind_total{kind="record"}); the temporary file is removed. */
#ifndef SER_APP_CALL_RECORDING_H
#define SER_APP_CALL_RECORDING_H

#include <stddef.h>

#include "ser/pcm.h"
#include "stream_metrics.h"

typedef struct call_recording call_recording;

/* Start recording; NULL when dir is NULL (recording off) or on failure
 * (logged, counted in m, which may be NULL). */
call_recording *call_recording_open(const char *dir, const char *call_id, const char *track,
                                    ser_raw_encoding encoding, double rate, int channels, stream_metrics *m);
/* Append bytes of received audio (whole sample frames); a no-op on NULL or
 * after a failure. */
void call_recording_write(call_recording *r, const void *data, size_t bytes);
/* End the recording: the file gets its name (or is removed after a
 * failure); r is freed.  NULL is fine. */
void call_recording_close(call_recording *r);

/* The file name for call_id and track, sanitised as above, without the
 * folder: "<call_id>-<track>.wav" (cap >= 96 bytes). */
void call_recording_name(const char *call_id, const char *track, char *out, size_t cap);

#endif
