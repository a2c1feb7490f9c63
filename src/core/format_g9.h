/* format_g9.h - printf("%.9g") for doubles, faster (private). */
#ifndef SER_CORE_FORMAT_G9_H
#define SER_CORE_FORMAT_G9_H

#include <stddef.h>

/* Longest text ser__format_g9 writes, with the terminating NUL. */
#define SER__G9_MAX 32

/* Write x as snprintf(buf, SER__G9_MAX, "%.9g", x) does, byte for byte,
 * and return the length.  Moderate magnitudes (1e-19 .. 1e27) take a fast
 * path in long double arithmetic whose error is far below the rounding
 * margin it checks; near-ties, other magnitudes, zeros, infinities and
 * NaN go to snprintf itself. */
size_t ser__format_g9(double x, char buf[SER__G9_MAX]);

#endif
