/*
 * stack.h — the size of the calling thread's C stack.
 *
 * The walks of a syntax tree recurse, one or a few frames a level; the
 * parser limits how deep a tree may be by what the stack of the thread it
 * runs on holds (a small `ulimit -s`, a thread made with a small stack),
 * so that every walk after it has room (parse.h).
 */
#ifndef POL_STACK_H
#define POL_STACK_H

#include <stddef.h>

/* The size of the calling thread's stack in bytes: the soft limit of
 * RLIMIT_STACK (`ulimit -s`) for the main thread, the size another was
 * made with; 0 when it cannot be known (or has no limit). */
size_t pol_stack_size(void);

/* The smallest stack polrun runs on. Before any tree is walked, a command
 * takes about 70 KiB of the main thread's stack (measured, optimised: 15
 * KiB of its own frames, 18 of the parser's initial stacks, and the
 * collector clears up to 26 KiB under the frame that allocates); a
 * smaller stack crashed on any policy, deep or not. main() refuses one
 * (E0720) before it starts. */
#define POL_STACK_MIN ((size_t)128 * 1024)

#endif
