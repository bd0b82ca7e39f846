/*
 * polc.h — compiled policy files (.polc): writing, and reading with
 * verification (verify.h).
 */
#ifndef POL_POLC_H
#define POL_POLC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bytecode.h"

/* The bytes of the .polc file of p (GC heap), *len of them. */
const uint8_t *pol_polc_encode(const PolProgram *p, size_t *len);
bool pol_polc_write(const PolProgram *p, const char *path, char *err, size_t errsize);
/* Reads and verifies a .polc file; NULL with a message in err when it is
 * not a compiled policy, was made by another format version, is corrupted
 * or fails verification. */
PolProgram *pol_polc_read(const char *path, char *err, size_t errsize);
/* The same from the file's bytes in memory; name is the file named in
 * messages. */
PolProgram *pol_polc_read_bytes(const void *data, size_t size, const char *name, char *err, size_t errsize);
/* The messages in err of pol_polc_write, pol_polc_read and pol_polc_read_bytes
 * are in the current language, with a code (E0701, E10xx); this prints the
 * last one of this thread as a diagnostic with its code (and counts it). */
void pol_polc_report(void);

#endif
