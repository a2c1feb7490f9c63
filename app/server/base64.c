/* base64.c - strict base64 decoding (base64.h). */
#include "base64.h"

static int value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

size_t base64_decoded_cap(size_t n)
{
    return n / 4 * 3 + 3;
}

bool base64_decode(const char *text, size_t n, unsigned char *out, size_t *len)
{
    size_t pad = 0;
    while (pad < 2 && n > 0 && text[n - 1] == '=') {
        n--;
        pad++;
    }
    if (n % 4 == 1 || (pad && (n + pad) % 4))
        return false;
    unsigned acc = 0;
    int bits = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int v = value((unsigned char)text[i]);
        if (v < 0)
            return false;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[k++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    if (acc) /* the unused low bits of the last character must be zero */
        return false;
    *len = k;
    return true;
}
