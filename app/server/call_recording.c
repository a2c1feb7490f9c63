/* call_recording.c - a live call's received audio to a WAV file
 * (call_recording.h). */
#include "call_recording.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include "core/atomic_open.h"

struct call_recording {
    SNDFILE *sf;
    int fd;
    char *tmp;  /* the hidden temporary file */
    char *path; /* DIR/<call_id>-<track>.wav, before any suffix */
    ser_raw_encoding encoding;
    bool failed;
    stream_metrics *metrics;
};

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

void call_recording_name(const char *call_id, const char *track, char *out, size_t cap)
{
    char id[65], tr[17];
    size_t n = 0;
    for (; call_id && call_id[n] && n < sizeof id - 1; n++)
        id[n] = name_char(call_id[n]) && !(n == 0 && call_id[n] == '.') ? call_id[n] : '_';
    id[n] = 0;
    for (n = 0; track && track[n] && n < sizeof tr - 1; n++)
        tr[n] = name_char(track[n]) && track[n] != '.' ? track[n] : '_';
    tr[n] = 0;
    snprintf(out, cap, "%s-%s.wav", id[0] ? id : "call", tr[0] ? tr : "track");
}

/* Log the first failure of a recording and count it; later ones are quiet. */
static void failure(call_recording *r, const char *what, const char *why)
{
    if (r->failed)
        return;
    r->failed = true;
    fprintf(stderr, "ser serve: --record: %s: %s: %s (this call is no longer recorded; its analysis goes on)\n",
            r->path, what, why);
    if (r->metrics)
        stream_metrics_error(r->metrics, SERVER_ERR_RECORD);
}

call_recording *call_recording_open(const char *dir, const char *call_id, const char *track,
                                    ser_raw_encoding encoding, double rate, int channels, stream_metrics *m)
{
    if (!dir)
        return NULL;
    call_recording *r = calloc(1, sizeof *r);
    char name[96];
    call_recording_name(call_id, track, name, sizeof name);
    size_t len = strlen(dir) + 1 + strlen(name) + 1;
    if (!r || !(r->path = malloc(len))) {
        free(r);
        fprintf(stderr, "ser serve: --record: out of memory (a call is not recorded)\n");
        if (m)
            stream_metrics_error(m, SERVER_ERR_RECORD);
        return NULL;
    }
    snprintf(r->path, len, "%s/%s", dir, name);
    r->encoding = encoding;
    r->metrics = m;
    /* mkstemp (mode 0600: a recording is personal data), never whatever is at the name already */
    r->fd = (r->tmp = ser__temp_name(r->path)) ? mkstemp(r->tmp) : -1;
    if (r->fd < 0) {
        failure(r, "cannot create a file in the folder", r->tmp ? strerror(errno) : "out of memory");
        free(r->tmp);
        free(r->path);
        free(r);
        return NULL;
    }
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = (int)lround(rate);
    info.channels = channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    if (!(r->sf = sf_open_fd(r->fd, SFM_WRITE, &info, 0)))
        failure(r, "cannot write audio", sf_strerror(NULL));
    return r;
}

void call_recording_write(call_recording *r, const void *data, size_t bytes)
{
    if (!r || r->failed)
        return;
    const uint8_t *in = data;
    size_t width = ser_raw_bytes_per_sample(r->encoding), n = bytes / width;
    short buf[2048];
    while (n > 0) {
        size_t k = n < 2048 ? n : 2048;
        for (size_t i = 0; i < k; i++, in += width) {
            switch (r->encoding) {
            case SER_RAW_S16LE: buf[i] = (short)(uint16_t)(in[0] | in[1] << 8); break;
            case SER_RAW_F32LE: {
                uint32_t u = (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;
                float f;
                memcpy(&f, &u, sizeof f);
                float s = f * 32768.0f;
                buf[i] = !(s == s) ? 0 : s >= 32767.0f ? 32767 : s <= -32768.0f ? -32768 : (short)lrintf(s);
                break;
            }
            case SER_RAW_ULAW: buf[i] = ser_g711_ulaw_to_s16(in[0]); break;
            case SER_RAW_ALAW: buf[i] = ser_g711_alaw_to_s16(in[0]); break;
            default: buf[i] = 0; break;
            }
        }
        if (sf_write_short(r->sf, buf, (sf_count_t)k) != (sf_count_t)k) {
            failure(r, "write failed", sf_strerror(r->sf));
            return;
        }
        n -= k;
    }
}

/* Link tmp to path, or to path with "-1", "-2", ... before ".wav": never
 * over an existing file.  0 or an errno. */
static int place(const char *tmp, const char *path)
{
    size_t len = strlen(path);
    char *name = malloc(len + 12);
    if (!name)
        return ENOMEM;
    int e = EEXIST;
    for (int k = 0; k < 100000 && e == EEXIST; k++) {
        if (k == 0)
            memcpy(name, path, len + 1);
        else
            snprintf(name, len + 12, "%.*s-%d.wav", (int)(len - 4), path, k);
        if (link(tmp, name) == 0) {
            e = 0;
        } else if (errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS) {
            /* a file system without hard links: look, then rename */
            struct stat st;
            if (lstat(name, &st) == 0)
                e = EEXIST;
            else
                e = rename(tmp, name) == 0 ? 0 : errno;
        } else {
            e = errno;
        }
    }
    free(name);
    return e;
}

void call_recording_close(call_recording *r)
{
    if (!r)
        return;
    if (r->sf && sf_close(r->sf) != 0)
        failure(r, "write failed", sf_strerror(NULL));
    if (!r->failed && fsync(r->fd) != 0)
        failure(r, "cannot flush to disk", strerror(errno));
    if (close(r->fd) != 0)
        failure(r, "write failed", strerror(errno));
    int e;
    if (!r->failed && (e = place(r->tmp, r->path)) != 0)
        failure(r, "cannot name the file", strerror(e));
    unlink(r->tmp); /* after link (or a failure); gone already after a rename */
    free(r->tmp);
    free(r->path);
    free(r);
}
