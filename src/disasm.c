/*
 * disasm.c — printing bytecode, one instruction a line:
 *     offset  line  NAME  operands   ; what the operand means
 * A `|` in the line column repeats the line above, as in clox.
 */
#include <stdio.h>
#include "disasm.h"

static void operand_note(const PolProgram *p, PolOpcode op, int a, FILE *out)
{
    char tmp[64];
    /* a .polc's unreachable instructions are not verified: check here */
    int n = op == POL_I_CONST ? p->nconsts : op == POL_I_FACT ? p->facts->count : op == POL_I_NOTE ? p->nstrings
          : op == POL_I_PARAM ? p->nparams : op == POL_I_DEF || op == POL_I_CALL ? p->ndefines
          : op == POL_I_GRANTED ? p->nmeasures : op == POL_I_SCALE ? p->nscales : op == POL_I_BRANCH ? p->nbranches
          : op == POL_I_ITEM ? p->nstrings : 0;
    if (a >= n)
        return;
    switch (op) {
    case POL_I_CONST: {
        PolValue v = p->consts[a];
        switch (v.tag) {
        case POL_V_INT: fprintf(out, "  ; %lld", (long long)v.as.i); break;
        case POL_V_MONEY: pol_money_format(v.as.fen, tmp, sizeof tmp); fprintf(out, "  ; %s 元", tmp); break;
        case POL_V_DATE: pol_date_format(v.as.date, tmp, sizeof tmp); fprintf(out, "  ; %s", tmp); break;
        case POL_V_DEC: pol_dec_format(v.as.dec, tmp, sizeof tmp); fprintf(out, "  ; %s", tmp); break;
        case POL_V_TEXT: fprintf(out, "  ; \"%s\"", v.as.text->bytes); break;
        case POL_V_ENUM: fprintf(out, "  ; enum value %d", v.as.enum_index); break;
        case POL_V_DUR: fprintf(out, "  ; %d months %d days", v.as.dur.months, v.as.dur.days); break;
        default: break;
        }
        break;
    }
    case POL_I_FACT: fprintf(out, "  ; %s", p->facts->members[a].name); break;
    case POL_I_NOTE: fprintf(out, "  ; %s", p->strings[a]); break;
    case POL_I_PARAM: fprintf(out, "  ; %s", p->param_names[a]); break;
    case POL_I_DEF: case POL_I_CALL: fprintf(out, "  ; %s", p->defines[a].name); break;
    case POL_I_GRANTED: fprintf(out, "  ; %s", p->measures[a].id); break;
    case POL_I_SCALE: fprintf(out, "  ; %s", p->scales[a].name); break;
    case POL_I_BRANCH: fprintf(out, "  ; %s", p->branches[a].text); break;
    case POL_I_ITEM: fprintf(out, "  ; %s", p->strings[a]); break;
    default: break;
    }
}

void pol_disasm(const PolProgram *p, FILE *out)
{
    for (int c = 0; c < p->nchunks; c++) {
        const PolChunk *ch = &p->chunks[c];
        static const char *kinds[] = {"parameter", "definition", "measure", "applies"};
        fprintf(out, "== %s %s (%d argument%s, %d local%s) ==\n", kinds[ch->kind], ch->name, ch->nargs,
                ch->nargs == 1 ? "" : "s", ch->nlocals, ch->nlocals == 1 ? "" : "s");
        int last_line = -1;
        for (int at = 0; at < ch->len;) {
            PolOpcode op = (PolOpcode)ch->code[at];
            if (op >= POL_I_COUNT) {
                fprintf(out, "%04d  ?? %d\n", at, op);
                at++;
                continue;
            }
            int line = ch->spans[at] >= 0 ? p->spans[ch->spans[at]].first_line : 0;
            fprintf(out, "%04d ", at);
            if (line == last_line)
                fprintf(out, "   | ");
            else
                fprintf(out, "%4d ", line);
            last_line = line;
            fprintf(out, "%-14s", pol_opcode_names[op]);
            const uint8_t *o = ch->code + at + 1;
            int size = pol_instruction_size(op);   /* operands only where it has them */
            int a = size >= 3 && at + 3 <= ch->len ? pol_operand(o) : 0;
            int b = size >= 5 && at + 5 <= ch->len ? pol_operand(o + 2) : 0;
            switch (pol_opcode_operands[op]) {
            case POL_OPND_N: break;
            case POL_OPND_A: fprintf(out, " %d", a); operand_note(p, op, a, out); break;
            case POL_OPND_AB: fprintf(out, " %d %d", a, b); operand_note(p, op, a, out); break;
            case POL_OPND_J: fprintf(out, " -> %04d", at + 3 + (int16_t)(uint16_t)a); break;
            case POL_OPND_AJ: fprintf(out, " %d -> %04d", a, at + 5 + (int16_t)(uint16_t)b); break;
            }
            fputc('\n', out);
            at += pol_instruction_size(op);
        }
        fputc('\n', out);
    }
}
