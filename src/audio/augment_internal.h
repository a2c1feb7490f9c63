/* augment_internal.h - the µ-law encoder behind ser_augment_telephone
 * (private; tested against the decoder). */
#ifndef SER_AUDIO_AUGMENT_INTERNAL_H
#define SER_AUDIO_AUGMENT_INTERNAL_H

#include <stdint.h>

/* G.711 µ-law code of a 16-bit sample (Sun's reference linear2ulaw). */
uint8_t ser__ulaw_encode(int16_t pcm);

#endif
