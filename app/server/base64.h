/* base64.h - decode standard base64 (RFC 4648, "+/" alphabet; the "="
 * padding may be left out), as Twilio's media payloads are. */
#ifndef SER_APP_BASE64_H
#define SER_APP_BASE64_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes that decoding n characters can give at most. */
size_t base64_decoded_cap(size_t n);
/* Decode text[0..n) into out (base64_decoded_cap(n) bytes); *len gets the
 * byte count.  false on a character outside the alphabet, misplaced
 * padding or a length that no encoding has (n % 4 == 1). */
bool base64_decode(const char *text, size_t n, unsigned char *out, size_t *len);

#endif
