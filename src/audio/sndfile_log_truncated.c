/* Truncated containers: libsndfile shortens the frame count of a WAV/AIFF/
 * AU/W64/RF64 file whose data chunk runs past the end of the file and only
 * says so in its header log.  Read that log. */
#include "source.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Chunk names whose "(should be N)" note means missing audio data. */
static const char *const data_chunks[] = {"data", "SSND", "Data Size", "riff"};

static bool check_line(const char *line, long long file_length, char *detail, size_t detail_len)
{
    while (*line == ' ' || *line == '\t')
        line++;
    long long ds64_data;
    /* RF64: libsndfile derives the length from the file and ignores a ds64
     * data size that runs past the end of the file */
    if (file_length > 0 && sscanf(line, "Data size : %lld", &ds64_data) == 1 && ds64_data > file_length) {
        snprintf(detail, detail_len, "header declares %lld bytes of audio data but the file has only %lld bytes",
                 ds64_data, file_length);
        return true;
    }
    const char *colon = strstr(line, " : ");
    if (colon) {
        size_t name_len = (size_t)(colon - line);
        while (name_len && line[name_len - 1] == ' ')
            name_len--;
        for (size_t i = 0; i < sizeof data_chunks / sizeof data_chunks[0]; i++) {
            if (strlen(data_chunks[i]) != name_len || strncmp(line, data_chunks[i], name_len) != 0)
                continue;
            long long declared, present;
            if (sscanf(colon + 3, "%lld (should be %lld)", &declared, &present) == 2 && present < declared) {
                snprintf(detail, detail_len, "header declares %lld bytes of audio data but only %lld are present",
                         declared, present);
                return true;
            }
        }
    }
    long long counted, declared_frames;
    if (sscanf(line, "*** Calculated frame count %lld does not match value from 'ds64' chunk of %lld",
               &counted, &declared_frames) == 2 &&
        counted < declared_frames) {
        snprintf(detail, detail_len, "header declares %lld frames but only %lld are present", declared_frames,
                 counted);
        return true;
    }
    return false;
}

bool ser__sndfile_log_truncated(SNDFILE *snd, char *detail, size_t detail_len)
{
    char log[8192];
    log[0] = '\0';
    sf_command(snd, SFC_GET_LOG_INFO, log, (int)sizeof log);
    log[sizeof log - 1] = '\0';
    long long file_length = -1;
    const char *len_line = strstr(log, "Length : ");
    if (len_line)
        sscanf(len_line, "Length : %lld", &file_length);
    char *save = NULL;
    for (char *line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        if (check_line(line, file_length, detail, detail_len))
            return true;
    return false;
}
