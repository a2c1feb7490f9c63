#include "ser/version.h"

const char *ser_version(void) { return SER_VERSION_STRING; }
