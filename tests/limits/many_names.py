#!/usr/bin/env python3
"""Policies with very many names, for tests/limits/run.sh.

    python3 tests/limits/many_names.py DIR

writes into DIR:
  enum.pol        an enum of 200,000 values, the last one given twice
  members.pol     a record of 200,000 members, the last one given twice
  rules.pol       a definition of 30,000 labelled rules, each with an
                  exception that names it
  colliding.pol   60,000 definitions whose names all have the same FNV-1a
                  hash in their low 20 bits: one slot of any table of up to
                  2^20 slots that hashes names with FNV-1a
  facts.pol, facts.json
                  facts of 60,000 members, and an applicant with all of them

Checking each took from 15 s to minutes while duplicates were found by
comparing every pair, members and values by looking through them all, and
names by FNV-1a with linear probing (docs/robustness.md).
"""

import os
import sys

HEAD = '''policy "many"
  title "Many"
  in force from 2025-01-01 for 1 year
  identified by id

facts {
  id: text
  x: integer
}
'''


def enum_policy(n):
    values = ['v%d' % i for i in range(n)] + ['v%d' % (n - 1)]
    return HEAD + '\nenum Big { ' + ', '.join(values) + ' }\n'


def members_policy(n):
    members = ['m%d' % i for i in range(n)] + ['m%d' % (n - 1)]
    return HEAD + '\nrecord Big {\n' + ''.join('  %s: integer\n' % m for m in members) + '}\n'


def rules_policy(n):
    out = [HEAD, '\ndefine d: integer\n  default 0\n']
    for i in range(n):
        out.append('  rule r%d when x = %d: %d\n' % (i, i, i))
        out.append('  exception e%d to r%d when x > %d: %d\n' % (i, i, n + i, i))
    return ''.join(out)


FNV_OFFSET, FNV_PRIME = 2166136261, 16777619
ALPHABET = [ord(c) for c in 'abcdefghijklmnopqrstuvwxyz0123456789_']


def fnv1a(data):
    h = FNV_OFFSET
    for c in data:
        h = ((h ^ c) * FNV_PRIME) & 0xffffffff
    return h


def colliding_names(n, bits=20):
    """n names whose FNV-1a hashes agree in their low `bits` bits. Modulo
    2^bits each step of FNV-1a depends on the low bits of the step before
    only, and the prime is odd, so it can be run backwards: every state
    three characters before the target is listed, then two characters
    after a prefix are tried until one reaches such a state."""
    mask = (1 << bits) - 1
    inverse = pow(FNV_PRIME, -1, 1 << bits)
    target = 0x5a5a5 & mask
    before = {}   # state three characters before the target -> those characters
    u3 = (target * inverse) & mask
    for c3 in ALPHABET:
        u2 = (((u3 ^ c3) & mask) * inverse) & mask
        for c2 in ALPHABET:
            u1 = (((u2 ^ c2) & mask) * inverse) & mask
            for c1 in ALPHABET:
                before.setdefault((u1 ^ c1) & mask, bytes([c1, c2, c3]))
    names, prefix = [], 0
    while len(names) < n:
        p = b'n%x_' % prefix
        prefix += 1
        h = fnv1a(p) & mask
        for a in ALPHABET:
            ha = ((h ^ a) * FNV_PRIME) & mask
            for b in ALPHABET:
                s = ((ha ^ b) * FNV_PRIME) & mask
                if s in before:
                    names.append((p + bytes([a, b]) + before[s]).decode())
    names = names[:n]
    assert len({fnv1a(x.encode()) & mask for x in names}) == 1
    assert len(set(names)) == n
    return names


def colliding_policy(n):
    return HEAD + ''.join('\ndefine %s: integer = x\n' % name for name in colliding_names(n))


def facts_policy(n):
    pol = ('policy "many"\n  title "Many"\n  in force from 2025-01-01 for 1 year\n  identified by id\n\n'
           'facts {\n  id: text\n' + ''.join('  m%d: integer\n' % i for i in range(n)) + '}\n\n'
           'measure award\n  article "1"\n  title "Award"\n  when m%d > 0\n  amount fixed 1 元\n' % (n - 1))
    facts = '{"id": "A1", ' + ', '.join('"m%d": %d' % (i, i) for i in range(n)) + '}\n'
    return pol, facts


def main():
    d = sys.argv[1]

    def write(name, text):
        with open(os.path.join(d, name), 'w', encoding='utf-8') as f:
            f.write(text)

    write('enum.pol', enum_policy(200000))
    write('members.pol', members_policy(200000))
    write('rules.pol', rules_policy(30000))
    write('colliding.pol', colliding_policy(60000))
    pol, facts = facts_policy(60000)
    write('facts.pol', pol)
    write('facts.json', facts)


if __name__ == '__main__':
    main()
