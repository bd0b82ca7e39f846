/*
 * stack.c — the size of the calling thread's C stack.
 *
 * glibc's pthread_getattr_np says how large a thread's stack is (for the
 * main thread from RLIMIT_STACK, less the part above main, which varies
 * from run to run: the limit itself is taken there). Asked once per
 * thread, kept in thread-local storage.
 */
#ifndef _GNU_SOURCE   /* also given by the Makefile: before a force-included header */
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>
#include "stack.h"

static _Thread_local size_t stack_bytes;
static _Thread_local int stack_asked;

static size_t find_stack(void)
{
    struct rlimit rl;
    if (gettid() == getpid())   /* the main thread */
        return getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? (size_t)rl.rlim_cur : 0;
    pthread_attr_t attr;
    void *addr;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return 0;
    int r = pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    return r == 0 ? size : 0;
}

size_t pol_stack_size(void)
{
    if (!stack_asked) {
        stack_bytes = find_stack();
        stack_asked = 1;
    }
    return stack_bytes;
}
