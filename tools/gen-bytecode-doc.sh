#!/bin/sh
# Generates docs/bytecode.md from the opcode list (src/opcodes.h).
cat <<'HEAD'
# polrun bytecode

Generated from `src/opcodes.h` by `tools/gen-bytecode-doc.sh`; do not edit.

A compiled policy is a set of chunks: one per parameter, definition and
measure, and one for the policy's `applies when`. An instruction is an
opcode byte followed by its operands, each a little-endian u16; a jump
operand (J) is a signed offset from the end of the instruction.
`polrun disasm POLICY` prints the chunks.

Operands: N none; A one u16; AB two u16; J a jump; AJ a u16 then a jump.

| opcode | operands | pops | pushes | meaning |
|---|---|---|---|---|
HEAD
sed -n 's/^OP(\([A-Z_]*\), *\([A-Z]*\), *\(-\{0,1\}[0-9]*\), *\(-\{0,1\}[0-9]*\), *"\(.*\)")$/| `\1` | \2 | \3 | \4 | \5 |/p' "$1" | sed 's/| -1 |/| varies |/g'
