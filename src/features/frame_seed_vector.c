/* The seed vector from a window of streamed rows (include/ser/frame_window.h). */
#include "ser/frame_window.h"
#include "ser/seed.h"

ser_status ser_frame_window_seed_vector(const ser_frame_window *w, const ser_frame_stream *fs, size_t k,
                                        double *out)
{
    static const ser_stat mv[2] = {{SER_STAT_MEAN, 0.0}, {SER_STAT_VAR, 0.0}};
    static const struct {
        ser_frame_feature feature;
        size_t rows, mean_at, var_at;
    } blocks[4] = {{SER_FRAME_MFCC, SER_SEED_N_MFCC, SER_SEED_MFCC_MEAN, SER_SEED_MFCC_VAR},
                   {SER_FRAME_CHROMA, SER_SEED_N_CHROMA, SER_SEED_CHROMA_MEAN, SER_SEED_CHROMA_VAR},
                   {SER_FRAME_MEL, SER_SEED_N_MELS, SER_SEED_MEL_MEAN, SER_SEED_MEL_VAR},
                   {SER_FRAME_CONTRAST, SER_SEED_N_CONTRAST, SER_SEED_CONTRAST_MEAN, SER_SEED_CONTRAST_VAR}};
    if (!w || !fs || !out || ser_frame_window_row_dim(w) != ser_frame_stream_row_dim(fs))
        return SER_ERR_ARG;
    if (k == 0)
        k = ser_frame_window_count(w);
    if (k == 0)
        return SER_ERR_EMPTY;
    const float *m = ser_frame_window_last(w, k);
    if (!m)
        return SER_ERR_ARG;
    size_t dim = ser_frame_window_row_dim(w);
    for (size_t b = 0; b < 4; b++) {
        size_t count, off = ser_frame_stream_block(fs, blocks[b].feature, &count);
        if (count != blocks[b].rows)
            return SER_ERR_ARG;
        for (size_t r = 0; r < count; r++) {
            double v[2];
            ser_aggregate_row(m + off + r, k, dim, 1.0, mv, 2, NULL, v);
            out[blocks[b].mean_at + r] = v[0];
            out[blocks[b].var_at + r] = v[1];
        }
    }
    return SER_OK;
}
