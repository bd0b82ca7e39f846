/*
 * status.h — the exit statuses of polrun (docs/cli.md): for main.c and the
 * commands that work theirs out (batch.c; cases.c, because a case file
 * records the status it expects).
 */
#ifndef POL_STATUS_H
#define POL_STATUS_H

enum { POL_EXIT_OK = 0, POL_EXIT_POLICY = 1, POL_EXIT_USAGE = 2, POL_EXIT_FACTS = 3 };

/* batch stopped by a signal returns POL_EXIT_SIGNAL + its number; main()
 * then ends by that signal, so that a shell shows 128 + the number and a
 * supervisor sees a process stopped by the signal it sent */
enum { POL_EXIT_SIGNAL = 128 };

#endif
