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
#include "diag.h"

/* The bytes of the .polc file of p (GC heap), *len of them: the same for
 * the same policy wherever and whenever it is compiled. */
const uint8_t *pol_polc_encode(const PolProgram *p, size_t *len);
/* "sha256:<64 hex digits>" of len bytes at data (GC heap). */
const char *pol_polc_digest_bytes(const void *data, size_t len);
/* The digest of p: the SHA-256 of its .polc bytes, as `sha256sum` prints
 * it for the file (GC heap). */
const char *pol_polc_digest(const PolProgram *p);
/* Writes the .polc file of p at path; false after E1001 in ds. */
bool pol_polc_write(const PolProgram *p, const char *path, PolDiags *ds);
/* Reads and verifies a .polc file: NULL, after a diagnostic in ds (E0701,
 * E10xx), when it cannot be read, is not a compiled policy, was made by
 * another format version, is corrupted or fails verification. The
 * program's digest is that of the file's bytes. */
PolProgram *pol_polc_read(const char *path, PolDiags *ds);
/* The same from the file's bytes in memory; name is the file named in
 * messages. */
PolProgram *pol_polc_read_bytes(const void *data, size_t size, const char *name, PolDiags *ds);

#endif
