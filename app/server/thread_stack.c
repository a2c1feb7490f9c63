/* thread_stack.c - a floor under the stack size of the threads this
 * program creates.  Debian's civetweb 1.15 is built with
 * USE_STACK_SIZE=102400: its worker threads, which run our handlers (the
 * analyser, the model, the decoder) get 100 KiB of stack, too little under
 * AddressSanitizer and tight otherwise, and civetweb has no run-time option
 * for it.  Defining pthread_attr_setstacksize in the program interposes on
 * libc's for every library loaded with it: sizes below SERVE_MIN_STACK are
 * raised to it (never lowered), then libc's function is called. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>

#define SERVE_MIN_STACK ((size_t)1 << 20) /* bytes (1 MiB) */

typedef int (*setstacksize_fn)(pthread_attr_t *, size_t);

static setstacksize_fn real_setstacksize;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
    real_setstacksize = (setstacksize_fn)dlsym(RTLD_NEXT, "pthread_attr_setstacksize");
}

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
    pthread_once(&real_once, find_real);
    if (!real_setstacksize)
        return EINVAL;
    return real_setstacksize(attr, size < SERVE_MIN_STACK ? SERVE_MIN_STACK : size);
}
