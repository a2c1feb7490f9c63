/* Robustness of the model loader (a deterministic fuzz pass): thousands
 * of seeded random edits of a valid model file -- byte flips, inserted
 * and deleted bytes, changed length fields -- in the header and the
 * payload, with the checksum recomputed so that the parsers behind it are
 * reached.  Every load must return (OK or an error with a message) and
 * must not crash; run under ASan/UBSan by `make test-asan`. */
#include "testutil.h"

#include "model_fixture.h"
#include "ser/checksum.h"
#include "ser/rng.h"

static void fix_crc(unsigned char *p, size_t n)
{
    uint32_t c = ser_crc32(0, p, n - 4);
    for (int i = 0; i < 4; i++)
        p[n - 4 + i] = (unsigned char)(c >> (8 * i));
}

static void mutate_and_load(const unsigned char *img, size_t len, uint64_t seed, size_t rounds, size_t *accepted)
{
    ser_rng rng;
    ser_rng_seed(&rng, seed);
    unsigned char *buf = malloc(len + 64);
    for (size_t r = 0; r < rounds; r++) {
        size_t n = len;
        memcpy(buf, img, len);
        size_t edits = 1 + ser_rng_below(&rng, 4);
        for (size_t e = 0; e < edits; e++) {
            size_t at = 8 + ser_rng_below(&rng, n - 12); /* keep the magic, leave the CRC slot */
            switch (ser_rng_below(&rng, 5)) {
            case 0: buf[at] ^= (unsigned char)(1u << ser_rng_below(&rng, 8)); break;
            case 1: buf[at] = (unsigned char)ser_rng_below(&rng, 256); break;
            case 2: /* delete a byte */
                memmove(buf + at, buf + at + 1, n - at - 1);
                n--;
                break;
            case 3: /* insert a byte */
                if (n < len + 60) {
                    memmove(buf + at + 1, buf + at, n - at);
                    buf[at] = (unsigned char)ser_rng_below(&rng, 256);
                    n++;
                }
                break;
            default: { /* a JSON-significant character in the header */
                static const char chars[] = "{}[]\",:0-9en";
                buf[at] = (unsigned char)chars[ser_rng_below(&rng, sizeof chars - 1)];
                break;
            }
            }
        }
        if (ser_rng_below(&rng, 2))
            fix_crc(buf, n);
        ser_model *m = NULL;
        ser_error err = {0};
        ser_status st = ser_model_load_memory(buf, n, &m, &err);
        if (st == SER_OK) {
            /* whatever loads must also predict without crashing */
            ser_model_ctx *ctx;
            assert_int_equal(ser_model_ctx_create(m, &ctx), SER_OK);
            float f[FIX_D] = {1, 2, 3, 4, 5, 6};
            double p[64];
            if (ser_model_n_classes(m) <= 64 && ser_model_n_features(m) == FIX_D)
                (void)ser_model_predict(m, ctx, f, FIX_D, p, 64, NULL);
            ser_model_ctx_destroy(ctx);
            ser_model_destroy(m);
            (*accepted)++;
        } else {
            assert_null(m);
            assert_true(err.status == st);
            assert_true(err.message[0] != '\0');
        }
    }
    free(buf);
}

static void test_mutations(void **state)
{
    (void)state;
    blobs b = fix_data(1);
    const ser_model_kind kinds[3] = {SER_MODEL_SVM, SER_MODEL_FOREST, SER_MODEL_BOOST};
    for (int kk = 0; kk < 3; kk++) {
        ser_model *m = fix_model(kinds[kk], &b, 1);
        unsigned char *img;
        size_t len, accepted = 0;
        assert_int_equal(ser_model_serialize(m, &img, &len, NULL), SER_OK);
        mutate_and_load(img, len, 100 + (uint64_t)kk, 1500, &accepted);
        printf("# %s: 1500 mutated files, %zu still loaded\n", ser_model_kind_name(kinds[kk]), accepted);
        free(img);
        ser_model_destroy(m);
    }
    blobs_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
