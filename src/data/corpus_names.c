/* File-name conventions of RAVDESS, CREMA-D, TurEV-DB, TESS, SAVEE and
 * EmoDB (shared/data/README.md).  Each parser says whether a stem is
 * shaped like its corpus's names and, if so, whether every code is valid. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "data/corpus_names.h"

#define STEM_MAX 256

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return n > 0;
}

static bool all_alpha(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)s[i]))
            return false;
    return n > 0;
}

static int two_digits(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

static void set_speaker(ser__name_info *info, const char *corpus, const char *id, size_t n, bool upper)
{
    info->corpus = corpus;
    if (n >= sizeof info->speaker)
        n = sizeof info->speaker - 1;
    for (size_t i = 0; i < n; i++)
        info->speaker[i] = upper ? (char)toupper((unsigned char)id[i]) : id[i];
    info->speaker[n] = '\0';
}

/* RAVDESS 03-01-EE-II-SS-RR-AA: modality, vocal channel, emotion, intensity,
 * statement, repetition, actor. */
static ser__name_match parse_ravdess(const char *s, size_t n, ser__name_info *info, char *reason, size_t cap)
{
    if (n != 20)
        return SER__NAME_NO_MATCH;
    for (size_t f = 0; f < 7; f++) {
        if (!all_digits(s + 3 * f, 2) || (f < 6 && s[3 * f + 2] != '-'))
            return SER__NAME_NO_MATCH;
    }
    static const struct {
        const char *what;
        int lo, hi;
    } fields[7] = {{"modality", 1, 3},  {"vocal channel", 1, 2}, {"emotion", 1, 8}, {"intensity", 1, 2},
                   {"statement", 1, 2}, {"repetition", 1, 2},    {"actor", 1, 24}};
    for (size_t f = 0; f < 7; f++) {
        int v = two_digits(s + 3 * f);
        if (v < fields[f].lo || v > fields[f].hi) {
            snprintf(reason, cap, "RAVDESS name with %s code %02d (expected %02d-%02d)", fields[f].what, v,
                     fields[f].lo, fields[f].hi);
            return SER__NAME_BAD;
        }
    }
    static const ser_label emotions[8] = {SER_LABEL_NEUTRAL, SER_LABEL_CALM,    SER_LABEL_HAPPY,   SER_LABEL_SAD,
                                          SER_LABEL_ANGRY,   SER_LABEL_FEARFUL, SER_LABEL_DISGUST, SER_LABEL_SURPRISED};
    info->label = emotions[two_digits(s + 6) - 1];
    set_speaker(info, "ravdess", s + 18, 2, false);
    return SER__NAME_OK;
}

/* Split s (n bytes) at '_' into at most max fields; returns the count
 * (max + 1 when there are more). */
static size_t split_underscores(const char *s, size_t n, const char **field, size_t *len, size_t max)
{
    size_t count = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '_') {
            if (count == max)
                return max + 1;
            field[count] = s + start;
            len[count] = i - start;
            count++;
            start = i + 1;
        }
    }
    return count;
}

static bool field_is(const char *f, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(f, word, n) == 0;
}

/* CREMA-D 1001_DFA_ANG_XX: speaker 1001-1091, sentence, emotion, intensity. */
static ser__name_match parse_cremad(const char *s, size_t n, ser__name_info *info, char *reason, size_t cap)
{
    const char *f[4];
    size_t len[4];
    if (split_underscores(s, n, f, len, 4) != 4 || len[0] != 4 || !all_digits(f[0], 4) || len[1] != 3 ||
        !all_alpha(f[1], 3) || len[2] != 3 || !all_alpha(f[2], 3) || len[3] < 1 || len[3] > 2 ||
        !all_alpha(f[3], len[3]))
        return SER__NAME_NO_MATCH;
    int speaker = two_digits(f[0]) * 100 + two_digits(f[0] + 2);
    if (speaker < 1001 || speaker > 1091) {
        snprintf(reason, cap, "CREMA-D name with speaker %.4s (expected 1001-1091)", f[0]);
        return SER__NAME_BAD;
    }
    static const struct {
        const char *code;
        ser_label label;
    } emotions[] = {{"ANG", SER_LABEL_ANGRY}, {"DIS", SER_LABEL_DISGUST}, {"FEA", SER_LABEL_FEARFUL},
                    {"HAP", SER_LABEL_HAPPY}, {"NEU", SER_LABEL_NEUTRAL}, {"SAD", SER_LABEL_SAD}};
    size_t e = 0;
    while (e < 6 && !field_is(f[2], 3, emotions[e].code))
        e++;
    if (e == 6) {
        snprintf(reason, cap, "CREMA-D name with emotion code '%.3s' (expected ANG, DIS, FEA, HAP, NEU or SAD)", f[2]);
        return SER__NAME_BAD;
    }
    static const char *const intensities[] = {"LO", "MD", "HI", "XX", "X"};
    size_t k = 0;
    while (k < 5 && !field_is(f[3], len[3], intensities[k]))
        k++;
    if (k == 5) {
        snprintf(reason, cap, "CREMA-D name with intensity '%.*s' (expected LO, MD, HI or XX)", (int)len[3], f[3]);
        return SER__NAME_BAD;
    }
    info->label = emotions[e].label;
    set_speaker(info, "cremad", f[0], 4, false);
    return SER__NAME_OK;
}

/* TurEV-DB SPK_CODE_WORD: 4-digit speaker, kz angry, sk calm, mt happy, hl sad. */
static ser__name_match parse_turevdb(const char *s, size_t n, ser__name_info *info, char *reason, size_t cap)
{
    if (n < 9 || !all_digits(s, 4) || s[4] != '_' || !all_alpha(s + 5, 2) || s[7] != '_')
        return SER__NAME_NO_MATCH;
    static const struct {
        const char *code;
        ser_label label;
    } codes[] = {{"kz", SER_LABEL_ANGRY}, {"sk", SER_LABEL_CALM}, {"mt", SER_LABEL_HAPPY}, {"hl", SER_LABEL_SAD}};
    for (size_t c = 0; c < 4; c++)
        if (field_is(s + 5, 2, codes[c].code)) {
            info->label = codes[c].label;
            set_speaker(info, "turevdb", s, 4, false);
            return SER__NAME_OK;
        }
    snprintf(reason, cap, "TurEV-DB name with emotion code '%.2s' (expected kz, sk, mt or hl)", s + 5);
    return SER__NAME_BAD;
}

/* TESS OAF_word_emotion / YAF_word_emotion. */
static ser__name_match parse_tess(const char *s, size_t n, ser__name_info *info, char *reason, size_t cap)
{
    if (n < 7 || !(strncasecmp(s, "OAF_", 4) == 0 || strncasecmp(s, "YAF_", 4) == 0))
        return SER__NAME_NO_MATCH;
    const char *last = s + n;
    while (last > s + 4 && last[-1] != '_')
        last--;
    if (last == s + 4 || last == s + n)
        return SER__NAME_NO_MATCH; /* needs speaker_word_emotion */
    char emotion[32];
    size_t elen = (size_t)(s + n - last);
    if (elen >= sizeof emotion)
        elen = sizeof emotion - 1;
    memcpy(emotion, last, elen);
    emotion[elen] = '\0';
    if (ser_label_parse(emotion, &info->label) != SER_OK) {
        snprintf(reason, cap, "TESS name with emotion '%s' (expected angry, disgust, fear, happy, neutral, ps or sad)",
                 emotion);
        return SER__NAME_BAD;
    }
    set_speaker(info, "tess", s, 3, true);
    return SER__NAME_OK;
}

/* SAVEE emotion codes: a d f h n sa su followed by two digits. */
static bool savee_code(const char *s, size_t n, ser_label *label)
{
    static const struct {
        const char *code;
        ser_label label;
    } codes[] = {{"a", SER_LABEL_ANGRY},   {"d", SER_LABEL_DISGUST}, {"f", SER_LABEL_FEARFUL},
                 {"h", SER_LABEL_HAPPY},   {"n", SER_LABEL_NEUTRAL}, {"sa", SER_LABEL_SAD},
                 {"su", SER_LABEL_SURPRISED}};
    if (n < 3 || !all_digits(s + n - 2, 2))
        return false;
    for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++)
        if (field_is(s, n - 2, codes[c].code)) {
            *label = codes[c].label;
            return true;
        }
    return false;
}

static bool savee_speaker(const char *s, size_t n)
{
    return field_is(s, n, "DC") || field_is(s, n, "JE") || field_is(s, n, "JK") || field_is(s, n, "KL");
}

/* SAVEE DC_a01, or a01 inside a DC/ JE/ JK/ KL/ folder. */
static ser__name_match parse_savee(const char *s, size_t n, const char *parent, ser__name_info *info, char *reason,
                                   size_t cap)
{
    if (n >= 6 && n <= 7 && all_alpha(s, 2) && s[2] == '_' && all_alpha(s + 3, n - 5) && all_digits(s + n - 2, 2)) {
        if (!savee_code(s + 3, n - 3, &info->label)) {
            snprintf(reason, cap, "SAVEE name with emotion code '%.*s' (expected a, d, f, h, n, sa or su)",
                     (int)(n - 5), s + 3);
            return SER__NAME_BAD;
        }
        if (!savee_speaker(s, 2)) {
            snprintf(reason, cap, "SAVEE name with speaker '%.2s' (expected DC, JE, JK or KL)", s);
            return SER__NAME_BAD;
        }
        set_speaker(info, "savee", s, 2, true);
        return SER__NAME_OK;
    }
    if (parent && savee_speaker(parent, strlen(parent)) && savee_code(s, n, &info->label)) {
        set_speaker(info, "savee", parent, 2, true);
        return SER__NAME_OK;
    }
    return SER__NAME_NO_MATCH;
}

/* EmoDB SSTTTEV: speaker, text (a01-a07, b01-b10), emotion letter, version. */
static ser__name_match parse_emodb(const char *s, size_t n, ser__name_info *info, char *reason, size_t cap)
{
    if (n != 7 || !all_digits(s, 2) || !islower((unsigned char)s[2]) || !all_digits(s + 3, 2) ||
        !isupper((unsigned char)s[5]) || !islower((unsigned char)s[6]))
        return SER__NAME_NO_MATCH;
    static const char speakers[][3] = {"03", "08", "09", "10", "11", "12", "13", "14", "15", "16"};
    size_t k = 0;
    while (k < 10 && strncmp(s, speakers[k], 2) != 0)
        k++;
    if (k == 10) {
        snprintf(reason, cap, "EmoDB name with speaker %.2s (expected 03 08 09 10 11 12 13 14 15 16)", s);
        return SER__NAME_BAD;
    }
    static const char letters[] = "WLEAFTN";
    static const ser_label emotions[] = {SER_LABEL_ANGRY, SER_LABEL_BOREDOM, SER_LABEL_DISGUST, SER_LABEL_FEARFUL,
                                         SER_LABEL_HAPPY, SER_LABEL_SAD,     SER_LABEL_NEUTRAL};
    const char *at = strchr(letters, s[5]);
    if (!at) {
        snprintf(reason, cap, "EmoDB name with emotion letter '%c' (expected W, L, E, A, F, T or N)", s[5]);
        return SER__NAME_BAD;
    }
    info->label = emotions[at - letters];
    set_speaker(info, "emodb", s, 2, false);
    return SER__NAME_OK;
}

ser__name_match ser__corpus_parse_name(const char *stem, size_t stem_len, const char *parent, ser__name_info *info,
                                       char *reason, size_t cap)
{
    ser__name_match m;
    if (stem_len == 0 || stem_len >= STEM_MAX)
        return SER__NAME_NO_MATCH;
    if ((m = parse_ravdess(stem, stem_len, info, reason, cap)) != SER__NAME_NO_MATCH)
        return m;
    if ((m = parse_cremad(stem, stem_len, info, reason, cap)) != SER__NAME_NO_MATCH)
        return m;
    if ((m = parse_turevdb(stem, stem_len, info, reason, cap)) != SER__NAME_NO_MATCH)
        return m;
    if ((m = parse_tess(stem, stem_len, info, reason, cap)) != SER__NAME_NO_MATCH)
        return m;
    if ((m = parse_savee(stem, stem_len, parent, info, reason, cap)) != SER__NAME_NO_MATCH)
        return m;
    return parse_emodb(stem, stem_len, info, reason, cap);
}
