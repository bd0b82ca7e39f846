/*
 * kinds.h — the kinds of rule, of amount and of scheme a policy declares.
 *
 * The syntax tree has them from the source, the bytecode keeps them (a
 * decision names the rule that decided a definition and the basis of each
 * amount), and the decision output writes them: so they live here, below
 * all three, rather than in the syntax tree that the runtime must not see.
 */
#ifndef POL_KINDS_H
#define POL_KINDS_H

typedef enum PolRuleKind { POL_RULE_DEFAULT, POL_RULE_BASE, POL_RULE_EXCEPTION } PolRuleKind;

typedef enum PolBasis {
    POL_BASIS_FIXED, POL_BASIS_CAPPED, POL_BASIS_PER_REGULATION, POL_BASIS_NON_MONETARY,
    POL_BASIS_COMPUTED          /* `amount computed X`: a formula */
} PolBasis;

/* What kind of scheme the policy is (`kind relief` in its header): the
 * words its text explanations use for an outcome. */
typedef enum PolSchemeKind { POL_SCHEME_GRANT, POL_SCHEME_RELIEF, POL_SCHEME_SERVICE } PolSchemeKind;

#endif
