/* source.h - private to src/audio: one input (file, memory, descriptor or
 * stdio stream; container or raw PCM) read as interleaved float frames,
 * chunk by chunk, with every bad-input check in one place. */
#ifndef SER_AUDIO_SOURCE_H
#define SER_AUDIO_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sndfile.h>

#include "ser/audio.h"

/* Frames one ser__source_read call returns at most. */
#define SER__SOURCE_CHUNK 4096

typedef enum ser__input_kind {
    SER__INPUT_PATH = 0,   /* a path; "-" means standard input */
    SER__INPUT_MEMORY = 1, /* bytes in memory */
    SER__INPUT_FD = 2,     /* an open descriptor (not closed) */
    SER__INPUT_STREAM = 3  /* an open stdio stream (not closed) */
} ser__input_kind;

typedef struct ser__input {
    ser__input_kind kind;
    const char *name; /* shown in messages */
    const char *path;
    const void *data;
    size_t size;
    int fd;
    FILE *fp;
} ser__input;

/* Bytes in memory read by libsndfile through its virtual I/O. */
typedef struct ser__memfile {
    const unsigned char *data;
    sf_count_t size;
    sf_count_t pos;
} ser__memfile;

typedef struct ser__source {
    const char *name;
    ser_audio_info info;      /* format, rate, channels; frames counts what was read */
    int64_t declared_frames;  /* from the header (or file size for raw); -1 unknown */
    int64_t frame_tolerance;  /* frames a header may over-declare (MPEG estimates) */
    uint64_t max_frames;      /* from max_duration; 0 = no limit */
    double max_duration;
    bool allow_truncated;
    bool finished;
    /* container (libsndfile) */
    SNDFILE *snd;
    SF_VIRTUAL_IO vio;
    ser__memfile mem;
    unsigned char *owned; /* bytes read from a pipe/stream, owned */
    int fd;               /* descriptor we opened, or -1 */
    /* raw PCM */
    ser_raw_encoding raw;
    size_t frame_bytes;
    const ser__input *in; /* where raw bytes come from */
    size_t mem_pos;
    unsigned char *rawbuf; /* SER__SOURCE_CHUNK frames of bytes */
} ser__source;

/* Open an input.  cfg->raw selects raw PCM; otherwise libsndfile reads the
 * container.  On failure everything is released and *err names the input. */
ser_status ser__source_open(ser__source *src, const ser__input *in, const ser_load_config *cfg, ser_error *err);

/* Read up to max_frames (<= SER__SOURCE_CHUNK) interleaved frames into buf
 * (max_frames * channels floats).  *frames == 0 means the end, reached
 * cleanly; errors (non-finite samples, truncation, too long, decode
 * failures, no audio at all) are reported here. */
ser_status ser__source_read(ser__source *src, float *buf, size_t max_frames, size_t *frames, ser_error *err);

void ser__source_close(ser__source *src);

/* The pieces behind the above, one file each. */
ser_status ser__sndfile_open(ser__source *src, const ser__input *in, ser_error *err);
ser_status ser__raw_open(ser__source *src, const ser__input *in, const ser_raw_format *raw, bool allow_truncated,
                         ser_error *err);
ser_status ser__raw_read(ser__source *src, float *buf, size_t max_frames, size_t *frames, ser_error *err);
/* Open a path for reading with errno mapped to SER_ERR_NOT_FOUND / _IO,
 * directories refused; *size is the size of a regular file, else -1. */
ser_status ser__open_path(const char *path, int *fd, int64_t *size, ser_error *err);
/* Read everything from a descriptor or stream into a malloc'd buffer. */
ser_status ser__slurp(const ser__input *in, int fd, unsigned char **data, size_t *size, ser_error *err);
/* libsndfile virtual I/O over a ser__memfile. */
SF_VIRTUAL_IO ser__memfile_vio(void);
/* "WAV PCM_16", "FLAC PCM_16", "OGG VORBIS", ... for an SF_INFO format. */
void ser__sndfile_format_name(int format, char *buf, size_t len);
/* True when libsndfile's header log shows that the container declares more
 * audio data than the file holds ("data : 32000 (should be 21318)"), which
 * libsndfile otherwise hides by shortening the frame count; *detail says
 * what was declared and what is there. */
bool ser__sndfile_log_truncated(SNDFILE *snd, char *detail, size_t detail_len);

#endif
