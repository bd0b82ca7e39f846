/*
 * diagnostics.h — the one registry of polrun's diagnostics, in English and
 * Chinese.
 *
 * Every error the scanner, parser, loader, checker and compiler report has
 * a stable code, shown in every --error-format (`error[E0301]: ...`):
 *
 *     E01xx  scanner: characters, literals, text
 *     E02xx  parser: syntax
 *     E03xx  names: unknown or duplicate names
 *     E04xx  types: values of the wrong kind, absent values, rounding
 *     E05xx  declarations: measures, parameters, default logic, cycles
 *     E06xx  the facts schema and the policy header
 *     E07xx  files, imports and size limits
 *     E08xx  runtime errors: deciding an applicant (src/vm.c)
 *     E09xx  the facts of an applicant (src/facts.c; src/decide.c for the date)
 *     E10xx  compiled policies: .polc files (src/polc.c)
 *     E11xx  case files of `polrun test` (src/cases.c)
 *     E12xx  polrun batch: its input and output (src/batch.c)
 *     E13xx  polrun serve: requests and the server (src/serve.c)
 *
 * A code never changes meaning once assigned: a diagnostic that says
 * something else gets a new code, and a code no longer used is retired, not
 * reused (tests/diagnostics/codes.lock records every code ever assigned).
 *
 *   DIAG(code, name, en, zh, en_help, zh_help)
 *       en, zh: printf formats, taking the same arguments in the same order
 *       (a Chinese format may skip an English plural suffix with `%.0s`);
 *       en_help, zh_help: plain text (no format), or NULL for none, or for a
 *       help the call site builds itself from MSG entries.
 *       In Chinese, the renderer puts a space between a Han character and
 *       inline code in backticks where the format and its arguments leave
 *       none: "这是%s" with the argument "`Tier`" prints 这是 `Tier`.
 *   MSG(name, en, zh)
 *       printf formats for what is not a diagnostic of its own: helps with
 *       arguments, words spliced into messages (type names, what needs a
 *       value), notes, and the command line's own messages.
 *
 * Include this file normally for the PolDiagCode and PolMsg enums. To walk
 * the table, define DIAG and/or MSG and include it again: the entries are
 * expanded, and an undefined one of the two expands to nothing.
 * tools/diagnostics.py checks the table (codes, names, matching formats) and
 * keeps docs/errors.md in step with it.
 */
#if !defined(DIAG) && !defined(MSG)

#ifndef POL_DIAGNOSTICS_H
#define POL_DIAGNOSTICS_H

typedef enum PolDiagCode {
    POL_NO_CODE,                     /* internal errors of polrun itself, never the policy's fault */
#define DIAG(code, name, en, zh, en_help, zh_help) POL_##code##_##name,
#include "diagnostics.h"
#undef DIAG
    POL_DIAG_COUNT
} PolDiagCode;

typedef enum PolMsg {
#define MSG(name, en, zh) POL_MSG_##name,
#include "diagnostics.h"
#undef MSG
    POL_MSG_COUNT
} PolMsg;

#endif

#else /* the table */

#ifndef DIAG
#define DIAG(code, name, en, zh, en_help, zh_help)
#define POL_DIAG_UNDEF_DIAG
#endif
#ifndef MSG
#define MSG(name, en, zh)
#define POL_DIAG_UNDEF_MSG
#endif

/* ---- E01xx scanner ---- */

DIAG(E0101, bad_date,
     "`%.10s` is not a date",
     "`%.10s` 不是有效的日期",
     "a date is written YYYY-MM-DD and must exist in the calendar",
     "日期写作 YYYY-MM-DD，并且必须是日历上真实存在的日期")
DIAG(E0102, money_below_fen,
     "`%.*s` is not a whole number of fen",
     "`%.*s` 不是整分的金额",
     "money is exact to the fen (0.01 元)",
     "金额精确到分（0.01 元）")
DIAG(E0103, money_too_large,
     "the amount `%.*s` is too large",
     "金额 `%.*s` 过大",
     NULL, NULL)
DIAG(E0104, percent_invalid,
     "the percentage `%.*s` is too large or too precise",
     "百分比 `%.*s` 过大或小数位过多",
     NULL, NULL)
DIAG(E0105, duration_too_long,
     "the duration `%.*s` is too long",
     "期限 `%.*s` 过长",
     "a duration is at most 10000 years",
     "期限最长为 10000 年")
DIAG(E0106, integer_too_large,
     "the number `%.*s` is too large",
     "数字 `%.*s` 过大",
     "integers are 64-bit: from -9223372036854775808 (written with its minus sign) to 9223372036854775807",
     "整数为 64 位：从 -9223372036854775808（连同负号一起写）到 9223372036854775807")
DIAG(E0107, decimal_too_precise,
     "the number `%.*s` has too many digits",
     "数字 `%.*s` 的位数过多",
     NULL, NULL)
DIAG(E0108, unknown_escape,
     "unknown escape `\\%c` in text",
     "文本中有未知的转义 `\\%c`",
     "the escapes in text are \\\" \\\\ \\n and \\t",
     "文本中可用的转义只有 \\\" \\\\ \\n 和 \\t")
DIAG(E0109, text_not_utf8,
     "text is not valid UTF-8",
     "文本不是有效的 UTF-8 编码",
     "save the file as UTF-8",
     "请将文件保存为 UTF-8 编码")
DIAG(E0110, unterminated_text,
     "unterminated text",
     "文本缺少结尾的引号",
     "close the text with `\"` on the same line",
     "请在同一行内用 `\"` 结束文本")
DIAG(E0111, chinese_quotes,
     "Chinese quotation marks do not delimit text",
     "中文引号不能用来括起文本",
     NULL, NULL)                                   /* help: MSG ascii_quotes */
DIAG(E0112, fullwidth_punctuation,
     "full-width `%s` (U+%04X) is not part of the language",
     "全角符号 `%s`（U+%04X）不属于本语言",
     NULL, NULL)                                   /* help: MSG write_ascii */
DIAG(E0113, chinese_punctuation,
     "Chinese punctuation `%.*s` (U+%04X) is not part of the language",
     "中文标点 `%.*s`（U+%04X）不属于本语言",
     "outside text and comments, write ASCII punctuation",
     "文本和注释以外，请使用英文（半角）标点")
DIAG(E0114, name_not_utf8,
     "a name is not valid UTF-8",
     "名称不是有效的 UTF-8 编码",
     "save the file as UTF-8",
     "请将文件保存为 UTF-8 编码")
DIAG(E0115, invalid_byte,
     "invalid byte 0x%02x in the source",
     "源文件中有无效的字节 0x%02x",
     "save the file as UTF-8",
     "请将文件保存为 UTF-8 编码")
DIAG(E0116, unexpected_character,
     "unexpected character `%.*s`",
     "此处不能出现字符 `%.*s`",
     NULL, NULL)
DIAG(E0117, bad_quoted_name,
     "%.*s cannot be a name",
     "%.*s 不能用作名称",
     "a name in backticks holds letters, digits, `_` and `-`, like `amount` or `registered-capital`",
     "反引号中的名称只能包含字母、数字、`_` 和 `-`，例如 `amount` 或 `registered-capital`")
DIAG(E0118, unclosed_quoted_name,
     "a name in backticks is not closed",
     "反引号中的名称缺少结尾的反引号",
     "close the name with a backtick on the same line",
     "请在同一行内用反引号结束名称")
DIAG(E0119, name_hidden_character,
     "the name `%.*s` holds U+%04X, a character that cannot be seen for what it is",
     "名称 `%.*s` 中含有看不出本来面目的字符 U+%04X",
     "invisible characters (zero-width spaces and joiners, the byte order mark, soft hyphens, text-direction controls), spaces other than ASCII's and control characters make one name look like another, or like two: delete it",
     "不可见字符（零宽空格和零宽连接符、字节顺序标记、软连字符、文字方向控制符）、ASCII 以外的空格和控制字符会让一个名称看起来像另一个名称，或像两个名称：请删除它")
DIAG(E0120, bidi_control,
     "%s holds the text-direction control U+%04X, which shows the line in another order than polrun reads it",
     "%s中含有文字方向控制符 U+%04X，它会让这一行显示的顺序与 polrun 读取的顺序不同",
     "a reader sees the characters around it reordered, so that code can hide in what looks like text or a comment (\"Trojan Source\", CVE-2021-42574): delete it",
     "读者看到的它周围字符的顺序会被打乱，代码可以借此藏进看似文本或注释的内容中（“Trojan Source”，CVE-2021-42574）：请删除它")
DIAG(E0122, chinese_unit_in_english_file,
     "`%.*s` is written with English keywords as `%s`",
     "`%.*s` 在使用英文关键字的文件中写作 `%s`",
     "Chinese units (年, 个月, 天, and 项 of a count of items) belong to files written with Chinese keywords; `polrun fmt --keywords zh` converts a file",
     "中文单位（年、个月、天，以及项数的“项”）用于使用中文关键字的文件；`polrun fmt --keywords zh` 可转换整个文件")
DIAG(E0123, chinese_date_in_english_file,
     "`%.*s` is written with English keywords as `%s`",
     "`%.*s` 在使用英文关键字的文件中写作 `%s`",
     "dates are written year-month-day with hyphens; `2025年3月1日` is accepted in files written with Chinese keywords",
     "日期写作“年-月-日”，用连字符分隔；`2025年3月1日` 的写法用于使用中文关键字的文件")
DIAG(E0124, wan_without_yuan,
     "`%.*s` is not an amount of money: write `%s`",
     "`%.*s` 不是金额：请写作 `%s`",
     "an amount of money ends in its unit: `元`, `万元` or `亿元`",
     "金额要以单位结尾：`元`、`万元` 或 `亿元`")
DIAG(E0125, fullwidth_space,
     "a full-width space (U+3000, `　`) is not part of the language",
     "全角空格（U+3000，`　`）不属于本语言",
     "it looks like a space but is a character of its own, typed by a Chinese input method: write an ASCII space (U+0020) instead",
     "它看起来像空格，却是中文输入法打出的另一个字符：请改用半角空格（U+0020）")
DIAG(E0126, missing_opening_quote,
     "this text has no opening quote",
     "这段文本缺少开头的引号",
     NULL, NULL)                                   /* help: MSG quote_both_ends */

/* ---- E02xx parser ---- */

DIAG(E0201, syntax_error,
     "expected %s, found %s",
     "此处应为%s，但遇到了%s",
     NULL, NULL)
DIAG(E0202, unexpected_token,
     "%s is not expected here",
     "此处不应出现%s",
     NULL, NULL)                                   /* help: MSG ends_mid_declaration (at the end of the file) */
DIAG(E0203, keyword_as_name,
     "expected %s, found %s",
     "此处应为%s，但遇到了%s",
     NULL, NULL)                                   /* help: MSG keyword_as_name */
DIAG(E0204, unexpected_end,
     "expected %s, found %s",
     "此处应为%s，但遇到了%s",
     NULL, NULL)                                   /* help: MSG ends_mid_declaration */
DIAG(E0205, expected_word,
     "expected `%s` %s, found `%s`",
     "应为 `%s`（%s），但遇到了 `%s`",
     NULL, NULL)
DIAG(E0206, unknown_is_test,
     "`%s %s` is not a test the language knows",
     "本语言没有 `%s %s` 这种判断",
     "write `is present`, `is absent` or `is granted`; to compare values write `=`",
     "可写 `is present`、`is absent` 或 `is granted`；比较两个值请用 `=`")
DIAG(E0207, unknown_rounding_mode,
     "unknown rounding mode `%s%s%s`",
     "未知的取整方式 `%s%s%s`",
     "the rounding modes are `down` (toward zero), `up` (away from zero), `half up` (to the nearest, a tie away from zero) and `half even` (to the nearest, a tie to the even one)",
     "取整方式有 `down`（向零取整）、`up`（远离零取整）、`half up`（四舍五入）和 `half even`（四舍六入五成双）")
DIAG(E0208, unknown_rounding_unit,
     "unknown rounding unit `%s`",
     "未知的取整单位 `%s`",
     "money is rounded `to fen` (分) or `to yuan` (元)",
     "金额取整到分（`to fen`）或到元（`to yuan`）")
DIAG(E0209, if_without_else,
     "this `%s` has no `%s`",
     "这个 `%s` 缺少 `%s`",
     "`if` gives a value whether its condition holds or not: write `if CONDITION then VALUE else VALUE` (`else if` for more cases)",
     "`if` 无论条件是否成立都要给出一个值：请写作 `if 条件 then 值 else 值`（情况更多时用 `else if`）")
                                                   /* note: MSG else_expected_here */
DIAG(E0210, rounding_mode_missing,
     "`%s %s %s` does not say how to round",
     "`%s %s %s` 没有说明取整方式",
     NULL, NULL)                                   /* help: MSG rounding_modes */

DIAG(E0220, unknown_amount_kind,
     "unknown kind of amount `%s`",
     "未知的金额写法 `%s`",
     "write `amount fixed X`, `amount capped X`, `amount computed X`, `amount per regulation` or `amount in kind`",
     "可写 `amount fixed X`、`amount capped X`、`amount computed X`、`amount per regulation` 或 `amount in kind`")
DIAG(E0221, unknown_scheme_kind,
     "unknown kind of scheme `%s`",
     "未知的政策类型 `%s`",
     "the kinds are `grant` (the default), `relief` and `service`; they choose the words of explanations",
     "类型有 `grant`（默认）、`relief` 和 `service`，决定说明中所用的措辞")
DIAG(E0222, english_word_in_chinese_file,
     "`%s` is an English keyword, but this file is written with Chinese keywords (from `%s` on line %d)",
     "`%s` 是英文关键字，但本文件使用中文关键字（自 `%s`（第 %d 行）起）",
     NULL, NULL)                                   /* help: MSG mixed_keywords_help */
DIAG(E0223, chinese_word_in_english_file,
     "`%s` is a Chinese keyword, but this file is written with English keywords (from `%s` on line %d)",
     "`%s` 是中文关键字，但本文件使用英文关键字（自 `%s`（第 %d 行）起）",
     NULL, NULL)                                   /* help: MSG mixed_keywords_help */
/* ---- E03xx names ---- */

DIAG(E0301, unknown_name,
     "unknown name `%s`",
     "未知名称 `%s`",
     NULL, NULL)                                   /* help: MSG did_you_mean, enum_value_elsewhere (one of) */
DIAG(E0302, unknown_type,
     "unknown type `%s`",
     "未知类型 `%s`",
     NULL, NULL)                                   /* help: MSG did_you_mean */
DIAG(E0303, unknown_function,
     "unknown function `%s`",
     "未知函数 `%s`",
     NULL, NULL)                                   /* help: MSG did_you_mean */
DIAG(E0304, unknown_measure,
     "unknown measure `%s`",
     "未知措施 `%s`",
     NULL, NULL)                                   /* help: MSG did_you_mean */
DIAG(E0305, not_enum_value,
     "`%s` is not a value of %s",
     "`%s` 不是 `%s` 的取值",
     NULL, NULL)                                   /* help: MSG did_you_mean */
DIAG(E0306, unknown_member,
     "%s has no member `%s`",
     "%s没有成员 `%s`",
     NULL, NULL)                                   /* help: MSG did_you_mean */
DIAG(E0307, member_of_non_record,
     "`%s` is %s, which has no members",
     "`%s` 是%s，没有成员",
     NULL, NULL)
DIAG(E0308, duplicate_declaration,
     "`%s` is declared twice",
     "`%s` 被声明了两次",
     "give each declaration its own name",
     "每个声明请使用不同的名称")
DIAG(E0309, duplicate_enum_value,
     "`%s` is listed twice in enum %s",
     "`%s` 在枚举 `%s` 中出现了两次",
     NULL, NULL)
DIAG(E0310, duplicate_member,
     "member `%s` is declared twice",
     "成员 `%s` 被声明了两次",
     NULL, NULL)
DIAG(E0311, duplicate_argument,
     "argument `%s` is declared twice",
     "定义的参数 `%s` 被声明了两次",
     NULL, NULL)
DIAG(E0312, measure_as_value,
     "`%s` is a measure, not a value",
     "`%s` 是一项措施，不是一个值",
     NULL, NULL)                                   /* help: MSG write_is_granted */
DIAG(E0313, arguments_missing,
     "`%s` takes arguments",
     "`%s` 需要参数",
     NULL, NULL)                                   /* help: MSG write_call */

/* ---- E04xx types ---- */

DIAG(E0401, may_be_absent,
     "this is %s and may be absent; %s needs a value",
     "这是%s，可能缺失，不能直接用于%s",
     NULL, NULL)                                   /* help: MSG write_otherwise */
DIAG(E0402, wrong_kind,
     "%s needs %s, but this is %s",
     "%s需要%s，但这是%s",
     NULL, NULL)
DIAG(E0403, list_of_non_record,
     "`list of %s`: lists of %s are not supported",
     "`list of %s`：不支持由%s组成的列表",
     "a list holds records: declare `record X { ... }` and write `list of X`",
     "列表的元素必须是记录：请先声明 `record X { ... }`，再写 `list of X`")
DIAG(E0404, unrounded_operand,
     "%s must be money: this amount is not rounded yet",
     "%s必须是金额：这个金额尚未取整",
     NULL, NULL)                                   /* help: MSG round_once_here, round_once_declare (one of) */
DIAG(E0405, of_without_rate,
     "`%s` takes a rate on its left, found %s",
     "`%s` 的左边应为比例，但这是%s",
     NULL, NULL)                                   /* help: MSG of_after_rate (in the file's keywords) */
DIAG(E0406, bad_arithmetic,
     "cannot %s %s and %s",
     "无法%s：%s与%s",
     NULL, NULL)                                   /* help: MSG ratio_of_amounts (two amounts multiplied) */
DIAG(E0407, months_unrounded,
     "adding months to a date may land on a day that does not exist (31 January + 1 month)",
     "日期加减月份可能落在不存在的日子上（例如 1 月 31 日加 1 个月）",
     "write `rounded down` (to the month's last day) or `rounded up` (to the first day of the next month)",
     "请写 `rounded down`（取当月最后一天）或 `rounded up`（取下月第一天）")
DIAG(E0408, both_sides_absent,
     "both sides of `%s` may be absent",
     "`%s` 两边的值都可能缺失",
     "give one side a value with `otherwise`",
     "请用 `otherwise` 给其中一边一个值")
DIAG(E0409, no_order,
     "values of %s have no order",
     "%s的值之间没有大小顺序",
     "compare with `=`, `≠` or `is one of {...}`",
     "请用 `=`、`≠` 或 `is one of {...}` 比较")
DIAG(E0410, cannot_compare,
     "cannot compare %s with %s",
     "无法比较%s与%s",
     NULL, NULL)                                   /* help: MSG compare_with_yuan, number_to_money (money and a number) */
DIAG(E0411, min_max_one_value,
     "`%s` needs at least two values",
     "`%s` 至少需要两个值",
     NULL, NULL)
DIAG(E0412, min_max_type,
     "`%s` compares numbers, amounts or dates of one kind; this is %s",
     "`%s` 只能比较同一类的数字、金额或日期；这是%s",
     NULL, NULL)
DIAG(E0413, date_part_arity,
     "`%s` takes one date",
     "`%s` 只接受一个日期",
     NULL, NULL)
DIAG(E0414, argument_count,
     "`%s` takes %d argument%s, found %d",
     "`%s` 需要 %d 个参数%.0s，实际给了 %d 个",
     NULL, NULL)
DIAG(E0415, argument_type,
     "argument `%s` of `%s` is %s, found %s",
     "参数 `%s`（属于 `%s`）应为%s，但这是%s",
     NULL, NULL)
DIAG(E0416, cannot_negate,
     "cannot negate %s",
     "不能对%s取负值",
     NULL, NULL)
DIAG(E0417, branches_differ,
     "the two branches differ: `then` gives %s, `else` gives %s",
     "两个分支的类型不同：`then` 得到%s，`else` 得到%s",
     NULL, NULL)
DIAG(E0418, one_of_type,
     "`%s` is %s, not %s",
     "`%s` 是%s，不是%s",
     NULL, NULL)
DIAG(E0419, otherwise_never_absent,
     "this is %s and is never absent, so `otherwise` has no effect",
     "这是%s，不会缺失，所以 `otherwise` 不起作用",
     "remove `otherwise ...`",
     "请删去 `otherwise ...`")
DIAG(E0420, otherwise_type,
     "the value used when `%s` is absent must be %s, found %s",
     "`%s` 缺失时使用的值应为%s，但这是%s",
     NULL, NULL)
DIAG(E0421, present_never_absent,
     "this is %s and is never absent",
     "这是%s，不会缺失",
     NULL, NULL)
DIAG(E0422, granted_needs_measure,
     "`is granted` follows the name of a measure",
     "`is granted` 前面应为措施的名称",
     NULL, NULL)
DIAG(E0423, quantifier_needs_list,
     "`%s` goes over a list, but this is %s",
     "`%s` 用于遍历列表，但这是%s",
     NULL, NULL)
DIAG(E0424, sum_type,
     "`sum` adds numbers or money, found %s",
     "`sum` 只能累加数字或金额，但这是%s",
     NULL, NULL)
DIAG(E0425, date_rounding_mode,
     "a date is rounded `down` or `up`",
     "日期只能 `down`（向下）或 `up`（向上）取整",
     NULL, NULL)
DIAG(E0426, rounding_unit_missing,
     "missing `to fen` or `to yuan`",
     "缺少 `to fen` 或 `to yuan`",
     "money is rounded `to fen` or `to yuan`; a date plus months is rounded `down` or `up`",
     "金额取整要写明到分（`to fen`）或到元（`to yuan`）；日期加月份只写 `down` 或 `up`")
DIAG(E0427, round_non_money,
     "only money is rounded to fen or yuan; this is %s",
     "只有金额能取整到分或元；这是%s",
     NULL, NULL)
DIAG(E0429, type_mismatch,
     "%s must be %s, found %s",
     "%s应为%s，但这是%s",
     NULL, NULL)
DIAG(E0431, ceiling_not_money,
     "a ceiling must be money, found %s",
     "上限必须是金额，但这是%s",
     NULL, NULL)
DIAG(E0432, ceiling_may_be_absent,
     "this ceiling is %s and may be absent",
     "这个上限是%s，可能缺失",
     NULL, NULL)                                   /* help: MSG write_if_present */
DIAG(E0433, ceiling_never_absent,
     "this ceiling is %s and is never absent",
     "这个上限是%s，不会缺失",
     "remove `if present`",
     "请删去 `if present`")
DIAG(E0441, earlier_grants_outside,
     "`earlier grants` has a meaning only in the clauses of a measure with `for each`",
     "`earlier grants` 只能用于带 `for each` 的措施的子句中",
     "in a per-item measure, `earlier grants` is the list of the items it granted before the one being decided; pass it to a definition as an argument (`counted(earlier grants)`) if one needs it",
     "在逐项措施中，`earlier grants` 是此前已给予的各项组成的列表；定义若需要它，请作为参数传入（`counted(earlier grants)`）")
DIAG(E0442, order_not_ordered,
     "the items cannot be ordered by %s",
     "无法按%s对各项排序",
     "`ordered by` takes a number, an amount of money or a date: `ordered by c.issued_on`",
     "`ordered by` 后应为数字、金额或日期：`ordered by c.issued_on`")
DIAG(E0443, subject_type,
     "the subject's `%s` cannot be %s",
     "subject 中的 `%s` 不能是%s",
     "a subject member is written in the decision: give it text, a number, money, a date, a bool or an enum value",
     "subject 的成员会写入决定：其值应为文本、数字、金额、日期、真假值或枚举值")
DIAG(E0444, define_without_type,
     "`%s %s` does not say the type of its value",
     "`%s %s` 没有写明其值的类型",
     NULL, NULL)                                   /* help: MSG define_type_shown, define_type_needed (one of) */

/* ---- E05xx declarations, measures, parameters, default logic ---- */

DIAG(E0501, second_amount,
     "second `amount` in measure `%s`",
     "措施 `%s` 中出现了第二个 `amount`",
     "a measure has one `amount` clause",
     "一项措施只能有一个 `amount` 子句")
DIAG(E0502, measure_without_article,
     "measure `%s` has no article",
     "措施 `%s` 没有写明条款",
     "add `article \"一\"`: the article of the text this measure encodes",
     "请加上 `article \"一\"`：本措施所依据的条文条款")
DIAG(E0504, measure_without_amount,
     "measure `%s` has no amount",
     "措施 `%s` 没有写明金额",
     "add `amount fixed 50 万元`, `amount capped ...`, `amount computed ...`, `amount per regulation` or `amount in kind`",
     "请加上 `amount fixed 50 万元`、`amount capped ...`、`amount computed ...`、`amount per regulation` 或 `amount in kind`")
DIAG(E0505, ceiling_without_cap,
     "a ceiling belongs to a capped or computed amount",
     "上限只能用于封顶金额或计算金额",
     "write `amount capped <amount>` (or `amount computed <formula>`) before `at most`",
     "请在 `at most` 之前写 `amount capped <金额>`（或 `amount computed <公式>`）")
DIAG(E0506, capped_without_ceiling,
     "capped measure `%s` has no ceiling",
     "封顶措施 `%s` 没有上限",
     "add `at most <amount>` after `amount capped`",
     "请在 `amount capped` 之后加上 `at most <金额>`")
DIAG(E0507, several_defaults,
     "`%s` has more than one default",
     "`%s` 有不止一个 `default`",
     NULL, NULL)
DIAG(E0508, duplicate_label,
     "rule label `%s` is used twice in `%s`",
     "规则标签 `%s` 在 `%s` 中用了两次",
     "give each rule its own label",
     "每条规则请使用不同的标签")
DIAG(E0509, unknown_label,
     "`%s` has no rule labelled `%s`",
     "`%s` 中没有标签为 `%s` 的规则",
     NULL, NULL)                                   /* help: MSG did_you_mean */
DIAG(E0510, exception_overrides_itself,
     "an exception cannot override itself",
     "例外不能覆盖它自己",
     NULL, NULL)
DIAG(E0511, exception_circle,
     "exceptions of `%s` override each other in a circle",
     "`%s` 的例外相互覆盖，形成了循环",
     NULL, NULL)
DIAG(E0512, exceptions_without_rule,
     "`%s` has exceptions but no rule",
     "`%s` 有例外但没有规则",
     "add a `rule` or a `default` for the exceptions to override",
     "请加上 `rule` 或 `default`，供例外去覆盖")
DIAG(E0513, definition_cycle,
     "`%s` depends on itself",
     "`%s` 依赖于它自身",
     "a definition may not depend on itself, even through others: every evaluation must end",
     "定义不能直接或间接地依赖自身：每次求值都必须能够结束")
DIAG(E0514, measure_cycle,
     "`%s` depends on itself",
     "`%s` 依赖于它自身",
     "a measure may not depend on itself, even through others: every evaluation must end",
     "措施不能直接或间接地依赖自身：每次求值都必须能够结束")
DIAG(E0515, parameter_cycle,
     "parameter `%s` depends on itself",
     "参数 `%s` 依赖于它自身",
     NULL, NULL)
DIAG(E0516, parameter_reads_definition,
     "parameter reads definition `%s`",
     "参数读取了定义 `%s`",
     "a parameter is a fixed value of the policy; use `define` for a value computed from facts",
     "参数是政策中的固定值；根据事实数据计算的值请用 `define`")
DIAG(E0517, parameter_reads_fact,
     "parameter reads the fact `%s`",
     "参数读取了事实数据 `%s`",
     "a parameter is a fixed value of the policy; use `define` for a value computed from facts",
     "参数是政策中的固定值；根据事实数据计算的值请用 `define`")
DIAG(E0518, parameter_calls,
     "a parameter cannot call `%s`",
     "参数不能调用 `%s`",
     "a parameter is a fixed value of the policy; use `define` for a value computed from facts",
     "参数是政策中的固定值；根据事实数据计算的值请用 `define`")
DIAG(E0519, parameter_evaluation_date,
     "a parameter cannot depend on the evaluation date",
     "参数不能依赖评估日期",
     "use `define` for a value that depends on the evaluation date",
     "依赖评估日期的值请用 `define`")
DIAG(E0520, parameter_granted,
     "parameter depends on whether `%s` is granted",
     "参数依赖于措施 `%s` 是否获批",
     "a parameter is a fixed value of the policy; use `define` for a value that depends on the applicant",
     "参数是政策中的固定值；随申请人而变的值请用 `define`")
DIAG(E0521, applies_when_granted,
     "`applies when` depends on whether `%s` is granted",
     "`applies when` 依赖于措施 `%s` 是否获批",
     "every measure depends on `applies when`, so it cannot depend on a measure",
     "每项措施都依赖 `applies when`，所以它不能依赖任何措施")
DIAG(E0522, applies_when_granted_indirectly,
     "`applies when` uses `%s`, which depends on whether a measure is granted",
     "`applies when` 使用了 `%s`，而它依赖于某项措施是否获批",
     "every measure depends on `applies when`, so it cannot depend on a measure",
     "每项措施都依赖 `applies when`，所以它不能依赖任何措施")
DIAG(E0540, zero_grant_without_amount,
     "measure `%s` is granted at zero, but it grants no amount",
     "措施 `%s` 写了 `granted at zero`，但它不给予金额",
     "`granted at zero` belongs to `amount fixed`, `amount capped` or `amount computed`: it makes an amount of 0.00 a grant",
     "`granted at zero` 只用于 `amount fixed`、`amount capped` 或 `amount computed`：金额为 0.00 时仍予给予")

DIAG(E0541, second_clause,
     "a second `%s` clause in measure `%s`",
     "第二个 `%s` 子句出现在措施 `%s` 中",
     "a measure takes one `for each` and one `subject`: write every member of the subject in one clause, and another measure for another list",
     "一项措施只能有一个 `for each` 和一个 `subject`：subject 的所有成员写在同一个子句中，另一个列表请另写一项措施")
DIAG(E0542, per_item_without_subject,
     "per-item measure `%s` has no subject",
     "逐项措施 `%s` 没有 subject",
     "name the item of each entitlement: `subject occupation: c.occupation, level: c.level`",
     "请写明每项给予所针对的对象：`subject occupation: c.occupation, level: c.level`")
DIAG(E0543, subject_without_for_each,
     "measure `%s` has a subject but no `for each`",
     "措施 `%s` 有 subject，但没有 `for each`",
     "`subject` names the item of a per-item measure: add `for each c in LIST`, or remove `subject`",
     "`subject` 用于写明逐项措施的对象：请加上 `for each c in 列表`，或删去 `subject`")
DIAG(E0544, subject_member_twice,
     "`%s` is named twice in the subject of `%s`",
     "`%s` 在 `%s` 的 subject 中出现了两次",
     "give each member of the subject its own name",
     "subject 的每个成员应有各自的名称")
/* dated values: the steps of a parameter and the days of a dated clause */
DIAG(E0550, steps_unsorted,
     "the steps of `%s` are not in order of date: the step from %s comes after the step from %s",
     "`%s` 的各个阶段没有按日期排序：自 %s 起的阶段写在了自 %s 起的阶段之后",
     "write the steps in the order of their dates: each holds from its date through the day before the next one",
     "请按日期顺序书写各个阶段：每个阶段从其日期起，持续到下一个阶段开始的前一天")
DIAG(E0551, steps_same_date,
     "`%s` has two steps from %s",
     "`%s` 有两个自 %s 起的阶段",
     "a step holds from its date through the day before the next step: keep one of the two",
     "每个阶段从其日期起，持续到下一个阶段开始的前一天：两个中请只保留一个")
DIAG(E0552, step_outside_period,
     "the step of `%s` from %s is outside the period in force (%s through %s)",
     "`%s` 自 %s 起的阶段不在政策的有效期（%s 至 %s）之内",
     "a value changes only while the policy is in force: move the step into the period, or change the period in the policy's header",
     "值只在政策有效期内变化：请把该阶段移入有效期，或修改政策头部的有效期")
DIAG(E0553, schedule_gap,
     "`%s` has no value from %s through %s",
     "`%s` 在 %s 至 %s 期间没有值",
     NULL, NULL)                                   /* help: MSG help_schedule_gap */
DIAG(E0554, dated_parameter_never_in_force,
     "`%s` is not in force in any of its steps",
     "`%s` 的每个阶段都不生效",
     "give it a value in a step (`from 2025-03-01: 30%`), or remove it",
     "请在某个阶段中给出它的值（`from 2025-03-01: 30%`），或删去它")
DIAG(E0555, range_backwards,
     "the range ends before it begins: from %s through %s",
     "这段日期的结束早于开始：from %s through %s",
     "write the first day after `from` and the last day after `through`: both are included",
     "请在 `from` 之后写第一天，在 `through` 之后写最后一天：两天都包括在内")
DIAG(E0556, range_outside_period,
     "`%s` is not within the period in force (%s through %s)",
     "`%s` 不在政策的有效期（%s 至 %s）之内",
     "a dated clause holds only while the policy is in force: write days within the period",
     "带日期的子句只在政策有效期内成立：请写有效期之内的日期")
DIAG(E0557, source_of_nothing,
     "`%s` has no steps or rules to take a source from",
     "`%s` 没有可以取依据的阶段或规则",
     "`source of` names a dated parameter (`from 2025-03-01: 30% source \"...\"`) or a definition with rules, each with its `source`",
     "`source of` 所指的应是带日期的参数（`from 2025-03-01: 30% source \"...\"`），或由规则组成、每条规则都有 `source` 的定义")
DIAG(E0558, missing_source,
     "%s of `%s` has no `source`, which `source of %s` needs",
     "%s（属于 `%s`）没有 `source`，而 `source of %s` 需要它",
     "write `source \"...\"` after its value: the document that set it",
     "请在它的值之后写 `source \"...\"`：设定该值的文件")

DIAG(E0560, scale_without_above,
     "scale `%s` does not end with an `above` bracket",
     "税率表 `%s` 没有以 `above` 级距结尾",
     "a scale's last bracket covers every base above the bound before it: `above: 35%, deduction 65500 元`",
     "税率表的最后一级适用于高于前一级上限的全部基数：`above: 35%, deduction 65500 元`")
DIAG(E0561, scale_above_not_last,
     "`above` must be the last bracket of scale `%s`",
     "`above` 必须是税率表 `%s` 的最后一级",
     "write the brackets from the lowest bound up, and `above` last",
     "请按上限从低到高书写各级，`above` 写在最后")
DIAG(E0562, scale_bounds_not_increasing,
     "the bounds of scale `%s` must increase: %s is not above %s",
     "税率表 `%s` 的上限必须逐级递增：%s 不高于 %s",
     "a bracket `up to X` covers the bases above the bound before it up to X: write the brackets from the lowest bound up",
     "`up to X` 一级适用于高于前一级上限、不超过 X 的基数：请按上限从低到高书写各级")
DIAG(E0563, scale_deductions_mixed,
     "either every bracket of scale `%s` has a deduction or none has",
     "税率表 `%s` 的各级要么都有速算扣除数，要么都没有",
     "with deductions, a base is taxed as base × rate − the deduction of its bracket; without, each rate applies to the part of the base within its bracket",
     "有速算扣除数时，按“基数 × 税率 − 所在级的速算扣除数”计算；没有时，各级税率分别适用于基数落在该级的部分")
DIAG(E0564, scale_value_not_written,
     "%s of a scale is written as a number, found `%s`",
     "税率表中的%s应直接写出数值，但这是 `%s`",
     "write the table as the law prints it: `up to 30000 元: 5%, deduction 0 元`",
     "请照法规原文写出税率表：`up to 30000 元: 5%, deduction 0 元`")
DIAG(E0565, scale_value_kind,
     "%s of scale `%s` must be %s, found %s",
     "%s（税率表 `%s`）应为%s，但这是%s",
     "the bounds of a scale are all money (or all numbers), its rates decimals, its deductions of the kind of its bounds",
     "税率表的上限都是金额（或都是数字），税率是小数，速算扣除数与上限同类")

/* ---- E06xx facts schema and policy header ---- */

DIAG(E0601, duration_fact,
     "a duration cannot be read from facts",
     "事实数据中不能有期限类型",
     "give the facts a number of days, months or years as an integer, or the dates themselves",
     "请在事实数据中用整数给出天数、月数或年数，或者直接给出日期")
DIAG(E0602, at_least_non_integer,
     "`at least` applies to integers",
     "`at least` 只能用于整数",
     NULL, NULL)
DIAG(E0603, required_when_not_enum,
     "`%s` is not an enum member of %s",
     "`%s` 不是%s中枚举类型的成员",
     "`required when` names an enum member of the same record",
     "`required when` 应指向同一记录中枚举类型的成员")
DIAG(E0604, second_policy_header,
     "second policy header",
     "出现了第二个政策头",
     "a policy has one header; imported files hold declarations only",
     "一个政策只有一个政策头；被导入的文件只能包含声明")
DIAG(E0605, second_facts_block,
     "second facts block",
     "出现了第二个 facts 块",
     "declare all facts in one `facts { ... }` block",
     "请在同一个 `facts { ... }` 块中声明全部事实数据")
DIAG(E0606, missing_policy_header,
     "missing policy header",
     "缺少政策头",
     "start the file with `policy \"id\"` and its title, source and period in force",
     "文件应以 `policy \"编号\"` 开头，并写明标题、依据和施行期")
DIAG(E0607, missing_facts,
     "missing facts declaration",
     "缺少事实数据声明",
     "declare what an applicant's facts contain: `facts { id: text ... }`",
     "请声明申请人的事实数据包含哪些内容：`facts { id: text ... }`")
DIAG(E0609, header_without_period,
     "the policy header has no period in force",
     "政策头没有写明有效期",
     "add `in force from 2025-03-01 for 3 years` (or `through 2028-02-29`)",
     "请加上 `in force from 2025-03-01 for 3 years`（或 `through 2028-02-29`）")
DIAG(E0610, period_end_does_not_exist,
     "the period in force does not end on a day that exists",
     "有效期的结束日不是真实存在的日期",
     "write the last day in force: `in force from D through D`",
     "请写明有效期的最后一天：`in force from D through D`")
DIAG(E0611, period_backwards,
     "the policy ends before it starts",
     "政策的结束日早于开始日",
     NULL, NULL)
DIAG(E0612, identified_by_not_text,
     "`identified by` names a text member of the facts; `%s` is not one",
     "`identified by` 应指向事实数据中的文本成员；`%s` 不是",
     NULL, NULL)
DIAG(E0613, as_of_not_date,
     "`as of` names a date member of the facts; `%s` is not one",
     "`as of` 应指向事实数据中的日期成员；`%s` 不是",
     NULL, NULL)
DIAG(E0614, period_empty,
     "the period in force holds no day",
     "施行期一天也不包含",
     "the period starts on its first day and lasts as long as written: write at least `for 1 day`, or `through` the last day in force",
     "施行期从第一天起持续所写的期限：请至少写 `for 1 day`，或用 `through` 写明施行的最后一天")
DIAG(E0615, list_bound_without_items,
     "`%s` is a list: its bound counts items",
     "`%s` 是列表：其范围应按项数计",
     "write the number of items: `at most 20 items`, `1 to 4 items`",
     "请写明项数：`at most 20 items`、`1 to 4 items`")
DIAG(E0616, items_bound_not_list,
     "`items` bounds the length of a list; `%s` is %s",
     "`items` 用于限定列表的长度；`%s` 是%s",
     "bound an integer without `items`: `at most 20`, `0 to 999`",
     "限定整数时不写 `items`：`at most 20`、`0 to 999`")
DIAG(E0617, bound_not_integer,
     "a bound applies to an integer or to the length of a list; `%s` is %s",
     "取值范围只能用于整数或列表的长度；`%s` 是%s",
     NULL, NULL)
DIAG(E0618, bounds_backwards,
     "`%lld to %lld` holds no value: the first bound is above the second",
     "`%lld to %lld` 不包含任何值：第一个界限大于第二个",
     "write the lower bound first: `0 to 20`",
     "请先写下限：`0 to 20`")
DIAG(E0619, second_bound,
     "member `%s` has a second bound",
     "成员 `%s` 有第二个取值范围",
     "give one bound: `at least N`, `at most N`, or both as `N to M`",
     "只写一个取值范围：`at least N`、`at most N`，或两者合写为 `N to M`")
DIAG(E0620, second_required_when,
     "member `%s` has a second `required when`",
     "成员 `%s` 有第二个 `required when`",
     "name every value in one: `required when k is one of {a, b}`",
     "请在一处写出全部取值：`required when k is one of {a, b}`")
DIAG(E0621, absent_otherwise_alone,
     "`absent otherwise` follows a `required when`",
     "`absent otherwise` 应写在 `required when` 之后",
     "say when the member is given: `size: Size, required when category = enterprise, absent otherwise`",
     "请写明该成员何时提供：`size: Size, required when category = enterprise, absent otherwise`")
DIAG(E0622, required_when_optional,
     "`%s` is %s: a member `required when` is written with its plain type",
     "`%s` 已是%s：带 `required when` 的成员应写其本来的类型",
     "drop `optional` (or `or null`): the member is optional whenever the condition does not hold",
     "请去掉 `optional`（或 `or null`）：条件不成立时，该成员本来就可以缺失")

/* ---- E07xx files, imports and size limits ---- */

DIAG(E0701, cannot_read,
     "cannot read %s: %s",
     "无法读取 %s：%s",
     NULL, NULL)
DIAG(E0702, cannot_import,
     "cannot import `%s`: %s",
     "无法导入 `%s`：%s",
     NULL, NULL)
DIAG(E0703, too_many_imports,
     "more than %d files imported",
     "导入的文件超过 %d 个",
     NULL, NULL)
DIAG(E0704, file_too_large,
     "%s is larger than %u bytes",
     "%s 超过 %u 字节",
     NULL, NULL)
DIAG(E0705, declares_nothing,
     "%s declares nothing",
     "%s没有任何声明",
     "a policy starts with `policy \"id\"`, its title, source and period in force",
     "政策文件以 `policy \"编号\"` 开头，并写明标题、依据和施行期")
DIAG(E0706, expression_too_deep,
     "expression nested too deeply (more than %d levels)",
     "表达式嵌套过深（超过 %d 层）",
     "split the expression into definitions",
     "请把表达式拆分成几个定义")
DIAG(E0707, parser_too_deep,
     "the policy is nested too deeply for the parser (more than %d levels)",
     "政策的嵌套层次过深，解析器无法处理（超过 %d 层）",
     "split the expression into definitions",
     "请把表达式拆分成几个定义")
DIAG(E0708, too_large_for_bytecode,
     "the policy is too large for the bytecode: it needs %s",
     "政策过大，超出了字节码的限制：需要%s",
     "split large definitions and lists of values into smaller ones",
     "请把大的定义和取值列表拆分成几个较小的")
DIAG(E0709, too_many_errors,
     "too many errors (%d); stopping here",
     "错误过多（%d 个），就此停止",
     NULL, NULL)
DIAG(E0710, too_many_nested_names,
     "too many nested names (at most %d)",
     "嵌套的名称过多（最多 %d 个）",
     NULL, NULL)
DIAG(E0711, check_timeout,
     "the check did not finish within %d ms",
     "检查未能在 %d 毫秒内完成",
     "the diagnostics and names shown are those of the last check that finished; a policy this slow to check is worth splitting into files",
     "所显示的诊断和名称来自上一次完成的检查；检查如此缓慢的政策值得拆分成几个文件")
DIAG(E0712, several_names,
     "%s has %lu names (hard links): replacing it would leave the other names with the old text",
     "%s 有 %lu 个名称（硬链接）：替换它会让其他名称仍指向旧的内容",
     "give the file a name of its own first (`cp FILE FILE.new && mv FILE.new FILE`), then run the command again",
     "请先让该文件只有一个名称（`cp 文件 文件.new && mv 文件.new 文件`），再运行此命令")
DIAG(E0713, import_empty,
     "`import \"\"` names no file",
     "`import \"\"` 没有指明文件",
     "write the path of a .pol file relative to this file's folder, or the name of a file of the standard library: `import \"period.pol\"`",
     "请写出 .pol 文件相对于本文件所在文件夹的路径，或标准库中文件的名称，例如 `import \"period.pol\"`")
DIAG(E0714, import_absolute,
     "cannot import `%s`: an import is never an absolute path",
     "无法导入 `%s`：导入不能使用绝对路径",
     "write the path relative to this file's folder: a policy imports files of its own folder tree and of the standard library only",
     "请写相对于本文件所在文件夹的路径：政策只能导入其所在文件夹（含其下各级文件夹）中的文件和标准库中的文件")
DIAG(E0715, import_outside,
     "cannot import `%s`: it leads outside the policy's folder and the standard library",
     "无法导入 `%s`：它指向政策所在文件夹和标准库以外的位置",
     "a policy imports files of its own folder (and the folders below it) and of the standard library only; neither `..` nor a symbolic link may lead out of them: copy the file into the policy's folder",
     "政策只能导入其所在文件夹（含其下各级文件夹）中的文件和标准库中的文件，`..` 和符号链接都不能指向它们以外的位置：请把该文件复制到政策所在的文件夹中")
DIAG(E0716, import_folder,
     "cannot import `%s`: it is a folder",
     "无法导入 `%s`：这是一个文件夹",
     "an import names a .pol file: `import \"folder/file.pol\"`",
     "导入应指明一个 .pol 文件，例如 `import \"文件夹/文件.pol\"`")
DIAG(E0717, import_not_file,
     "cannot import `%s`: it is not a regular file (a named pipe, a device or a socket)",
     "无法导入 `%s`：它不是普通文件（而是命名管道、设备或套接字）",
     "an import is a file saved on disk: polrun neither waits on a pipe nor reads a device",
     "导入的必须是保存在磁盘上的文件：polrun 不会等待管道，也不会读取设备")
DIAG(E0718, stack_too_small,
     "the policy is nested too deeply for a stack of %zu KiB",
     "政策的嵌套层次过深，%zu KiB 的栈放不下",
     "raise the stack limit (`ulimit -s`: 8192 KiB holds 10000 levels) or split the expression into definitions",
     "请提高栈的上限（`ulimit -s`：8192 KiB 可容纳 10000 层），或者把表达式拆分成几个定义")
DIAG(E0719, memory_exhausted,
     "out of memory",
     "内存不足",
     "polrun needed more memory than it was given (`ulimit -v`, the memory limit of a container or a service): give it more, or split the input (a register into several batches)",
     "polrun 需要的内存超过了它能得到的（`ulimit -v`、容器或服务的内存上限）：请给它更多内存，或者拆分输入（把一份名册分成几批）")
DIAG(E0720, stack_below_minimum,
     "a stack of %zu KiB is too small for polrun: it needs %zu KiB at least",
     "%zu KiB 的栈对 polrun 来说太小：至少需要 %zu KiB",
     "raise the stack limit (`ulimit -s 128` or more; 8192 is usual): below it, polrun would run out of stack before reading a policy",
     "请提高栈的上限（`ulimit -s 128` 或更大；通常为 8192）：低于这个大小，polrun 在读取政策之前就会用尽栈")

/* ---- E08xx runtime errors: deciding an applicant ----
 * Every argument of these messages is text (numbers too): src/vm.c keeps
 * them in PolVmError so that the error can be rendered again. */

DIAG(E0801, division_by_zero,
     "division by zero",
     "除数为零",
     NULL, NULL)
DIAG(E0802, result_too_large,
     "the result is too large to be exact",
     "计算结果过大，无法精确表示",
     NULL, NULL)
DIAG(E0803, date_out_of_calendar,
     "the date leaves the calendar (years 1 to 9999)",
     "日期超出了日历的范围（公元 1 年至 9999 年）",
     NULL, NULL)
DIAG(E0804, duration_overflow,
     "the duration is too long",
     "期限过长",
     NULL, NULL)
DIAG(E0805, rule_conflict,
     "two rules of `%s` apply at once: `%s` and `%s`; make one an exception to the other",
     "`%s` 的两条规则同时适用：`%s` 和 `%s`；请把其中一条写成另一条的例外",
     NULL, NULL)                                   /* with a note: MSG other_rule_here */
DIAG(E0806, no_rule_applies,
     "no rule of `%s` applies, and it has no default",
     "`%s` 没有适用的规则，也没有默认值",
     "add `default ...` for the applicants no rule covers",
     "请加上 `default ...`，用于没有规则适用的申请人")
DIAG(E0807, too_many_steps,
     "the evaluation took more than %s steps",
     "求值超过了 %s 步",
     NULL, NULL)
DIAG(E0808, calls_too_deep,
     "definitions call each other more than %s deep",
     "定义之间的调用超过了 %s 层",
     NULL, NULL)
DIAG(E0809, out_of_stack,
     "the evaluation needs more stack than the VM has",
     "求值所需的栈空间超出了虚拟机的容量",
     NULL, NULL)
DIAG(E0820, value_not_in_force,
     "`%s` has no value on %s: its step from %s repeals it",
     "`%s` 在 %s 没有值：它自 %s 起的阶段废止了它",
     "decide the applicant on a date where it has a value, or give it a value for that date in a step of its own",
     "请以它有值的日期对该申请人作出决定，或为该日期另写一个给出值的阶段")

/* ---- E09xx the facts of an applicant ----
 * `run` prints them after the file and the JSON path (MSG bad_facts);
 * batch output carries the message alone, without the code. */

DIAG(E0901, cannot_read_facts,
     "cannot read facts %s: %s",
     "无法读取事实数据 %s：%s",
     NULL, NULL)
DIAG(E0902, facts_too_large,
     "facts of %zu bytes are over the limit of %u bytes",
     "事实数据有 %zu 字节，超过了 %u 字节的上限",
     NULL, NULL)
DIAG(E0903, invalid_utf8,
     "invalid UTF-8 (byte 0x%02X)",
     "不是有效的 UTF-8 编码（字节 0x%02X）",
     NULL, NULL)
DIAG(E0904, json_syntax,
     "expected %s, got %s",
     "此处应为%s，实际为%s",
     NULL, NULL)                                   /* MSG json_*, got_* */
DIAG(E0905, not_an_object,
     "expected an object (the applicant's facts), got %s",
     "应为一个对象（申请人的事实数据），实际为%s",
     NULL, NULL)
DIAG(E0906, text_after_object,
     "unexpected text after the end of the facts object",
     "事实数据对象结束之后还有多余的内容",
     NULL, NULL)
DIAG(E0907, string_not_closed,
     "string not closed: missing \"",
     "字符串没有结束：缺少 \"",
     NULL, NULL)
DIAG(E0908, control_character,
     "control character U+%04X in a string (write it escaped, e.g. \\n)",
     "字符串中有控制字符 U+%04X（请写成转义形式，如 \\n）",
     NULL, NULL)
DIAG(E0909, invalid_escape,
     "invalid escape \"\\%c\" in a string",
     "字符串中有无效的转义 \"\\%c\"",
     NULL, NULL)
DIAG(E0910, backslash_without_escape,
     "invalid escape in a string: a backslash must be followed by one of \" \\ / b f n r t u",
     "字符串中有无效的转义：反斜杠后面只能是 \" \\ / b f n r t u 之一",
     NULL, NULL)
DIAG(E0911, invalid_unicode_escape,
     "invalid escape in a string: \\u must be followed by four hex digits",
     "字符串中有无效的转义：\\u 后面必须是四位十六进制数字",
     NULL, NULL)
DIAG(E0912, lone_surrogate,
     "invalid escape in a string: a lone UTF-16 surrogate \\%.5s",
     "字符串中有无效的转义：单独的 UTF-16 代理项 \\%.5s",
     NULL, NULL)
DIAG(E0913, string_too_long,
     "string longer than %u bytes",
     "字符串超过了 %u 字节",
     NULL, NULL)
DIAG(E0914, nested_too_deeply,
     "nested deeper than %d levels",
     "嵌套超过了 %d 层",
     NULL, NULL)
DIAG(E0915, list_too_long,
     "list longer than %d items",
     "列表超过了 %d 项",
     NULL, NULL)
DIAG(E0916, unknown_key,
     "unknown key \"%s\"%s",
     "未知的键 \"%s\"%s",
     NULL, NULL)                                   /* MSG did_you_mean_key (when a member is close) */
DIAG(E0917, duplicate_key,
     "key \"%s\" given twice",
     "键 \"%s\" 出现了两次",
     NULL, NULL)
DIAG(E0918, missing_key,
     "missing required key \"%s\"",
     "缺少必需的键 \"%s\"",
     NULL, NULL)
DIAG(E0919, missing_key_required_when,
     "missing key \"%s\", required when %s is %s",
     "缺少键 \"%s\"：%s 为 %s 时必须提供",
     NULL, NULL)                                   /* the value: "\"unit\"", or MSG facts_one_of_words */
DIAG(E0920, null_key_required_when,
     "key \"%s\" is null, but it is required when %s is %s",
     "键 \"%s\" 为 null，但 %s 为 %s 时必须提供",
     NULL, NULL)
DIAG(E0921, trailing_comma_object,
     "a comma before \"}\" with no member after it",
     "\"}\" 之前有逗号，但逗号后面没有成员",
     NULL, NULL)
DIAG(E0922, trailing_comma_list,
     "a comma before \"]\" with no item after it",
     "\"]\" 之前有逗号，但逗号后面没有元素",
     NULL, NULL)
DIAG(E0923, expected_bool,
     "expected bool, got %s",
     "应为 true 或 false，实际为%s",
     NULL, NULL)
DIAG(E0924, expected_integer,
     "expected an integer, got %s",
     "应为整数，实际为%s",
     NULL, NULL)
DIAG(E0925, integer_below_minimum,
     "expected an integer at least %lld, got %s",
     "应为不小于 %lld 的整数，实际为%s",
     NULL, NULL)
DIAG(E0926, integer_out_of_range,
     "integer %s is out of range",
     "整数 %s 超出了范围",
     NULL, NULL)
DIAG(E0927, expected_decimal,
     "expected a decimal, got %s",
     "应为小数，实际为%s",
     NULL, NULL)
DIAG(E0928, decimal_out_of_range,
     "decimal %s is out of range",
     "小数 %s 超出了范围",
     NULL, NULL)
DIAG(E0929, expected_money,
     "expected money, got %s",
     "应为金额，实际为%s",
     NULL, NULL)
DIAG(E0930, money_form,
     "expected money (yuan, at most two decimals), got %s",
     "应为以元为单位、最多两位小数的金额，实际为%s",
     NULL, NULL)
DIAG(E0931, money_fullwidth_digits,
     "expected money (yuan, at most two decimals), got %s: use ASCII digits 0-9",
     "应为以元为单位、最多两位小数的金额，实际为%s：请使用半角数字 0-9",
     NULL, NULL)
DIAG(E0932, negative_amount,
     "negative amount %.*s is not allowed",
     "金额不能为负数：%.*s",
     NULL, NULL)
DIAG(E0933, amount_over_maximum,
     "amount %s is over the maximum 999999999999999.99",
     "金额 %s 超过了上限 999999999999999.99",
     NULL, NULL)
DIAG(E0934, expected_date,
     "expected a date YYYY-MM-DD, got %s",
     "应为日期 YYYY-MM-DD，实际为%s",
     NULL, NULL)
DIAG(E0935, expected_text,
     "expected text, got %s",
     "应为文本，实际为%s",
     NULL, NULL)
DIAG(E0936, text_with_nul,
     "text may not contain the NUL character \\u0000",
     "文本中不能含有 NUL 字符 \\u0000",
     NULL, NULL)
DIAG(E0937, not_enum_word,
     "expected one of %s; got %s%s",
     "应为以下之一：%s；实际为%s%s",
     NULL, NULL)                                   /* MSG did_you_mean_key (when a word is close) */
DIAG(E0938, expected_object,
     "expected an object, got %s",
     "应为对象，实际为%s",
     NULL, NULL)
DIAG(E0939, expected_list,
     "expected a list, got %s",
     "应为列表，实际为%s",
     NULL, NULL)
DIAG(E0940, no_evaluation_date,
     "no evaluation date: give \"%s\" in the facts or --date YYYY-MM-DD",
     "没有评估日期：请在事实数据中给出 \"%s\"，或使用 --date YYYY-MM-DD",
     NULL, NULL)
DIAG(E0941, no_evaluation_date_option,
     "no evaluation date: give --date YYYY-MM-DD",
     "没有评估日期：请使用 --date YYYY-MM-DD",
     NULL, NULL)
DIAG(E0942, integer_above_maximum,
     "expected an integer at most %lld, got %s",
     "应为不大于 %lld 的整数，实际为%s",
     NULL, NULL)
DIAG(E0943, integer_outside_range,
     "expected an integer from %lld to %lld, written without a sign, got %s",
     "应为 %lld 到 %lld 之间、不带正负号的整数，实际为%s",
     NULL, NULL)
DIAG(E0944, list_too_short,
     "expected at least %lld item%s, got %ld",
     "应至少有 %lld 项%.0s，实际为 %ld 项",
     NULL, NULL)
DIAG(E0945, list_over_bound,
     "more than %lld item%s",
     "超过了 %lld 项%.0s",
     NULL, NULL)
DIAG(E0946, key_must_be_absent,
     "key \"%s\" must be absent unless %s is %s",
     "键 \"%s\" 应当缺失：只有 %s 为 %s 时才可提供",
     NULL, NULL)

/* ---- E10xx compiled policies (.polc) ----
 * Every argument is text.
 * Reading one that cannot be read is E0701. */

DIAG(E1001, cannot_write,
     "cannot write %s: %s",
     "无法写入 %s：%s",
     NULL, NULL)
DIAG(E1002, not_compiled,
     "%s is not a compiled policy (no POLC magic number)",
     "%s 不是编译后的政策（没有 POLC 标志）",
     "a compiled policy is made by `polrun compile POLICY -o FILE.polc`; a policy's source ends in .pol",
     "编译后的政策由 `polrun compile 政策 -o 文件.polc` 生成；政策的源文件以 .pol 结尾")
DIAG(E1003, other_version,
     "%s has format version %s; this polrun reads version %s: compile the policy again",
     "%s 的格式版本为 %s，本 polrun 读取的是版本 %s：请重新编译政策",
     NULL, NULL)
DIAG(E1004, truncated,
     "%s is truncated or has trailing bytes",
     "%s 不完整，或末尾有多余的字节",
     "compile the policy again from its source: `polrun compile POLICY -o FILE.polc`",
     "请从源文件重新编译政策：`polrun compile 政策 -o 文件.polc`")
DIAG(E1005, checksum,
     "%s is corrupted (checksum mismatch)",
     "%s 已损坏（校验和不符）",
     "compile the policy again from its source: `polrun compile POLICY -o FILE.polc`",
     "请从源文件重新编译政策：`polrun compile 政策 -o 文件.polc`")
DIAG(E1006, malformed,
     "%s is malformed (at byte %s of its payload)",
     "%s 的内容格式有误（在数据的第 %s 字节）",
     "compile the policy again from its source: `polrun compile POLICY -o FILE.polc`",
     "请从源文件重新编译政策：`polrun compile 政策 -o 文件.polc`")
DIAG(E1007, fails_verification,
     "%s fails verification: %s",
     "%s 未通过校验：%s",
     "compile the policy again from its source: `polrun compile POLICY -o FILE.polc`",
     "请从源文件重新编译政策：`polrun compile 政策 -o 文件.polc`")

/* ---- E11xx case files (polrun test) ----
 * Printed on standard error, at the line of the case file, besides the
 * FAIL line of standard output (which stays in English). A case file that
 * cannot be read is E0701, one that --update cannot rewrite E1001. */

DIAG(E1101, case_bad_expect,
     "`%s` is neither `expect:` nor `expect error:`",
     "`%s` 既不是 `expect:` 也不是 `expect error:`",
     "a case ends with `expect:` and the members of the decision, or `expect error:` and the error",
     "案例以 `expect:` 加要比较的决定成员结尾，或以 `expect error:` 加预期的错误结尾")
DIAG(E1102, case_bad_line,
     "expected `key: value`, `facts:` or `expect:`, found `%s`",
     "此处应为 `key: value`、`facts:` 或 `expect:`，但遇到了 `%s`",
     "a case file starts with `case:` and `date:` lines, then `facts:` and the facts, then `expect:`",
     "案例文件以 `case:` 和 `date:` 行开头，然后是 `facts:` 和事实数据，最后是 `expect:`")
DIAG(E1103, case_unknown_header,
     "unknown header `%s`",
     "未知的头部 `%s`",
     "the headers are `case:` (the title) and `date:` (the evaluation date)",
     "可用的头部为 `case:`（标题）和 `date:`（评估日期）")
DIAG(E1104, case_no_title,
     "%s has no `case:` title",
     "%s 没有 `case:` 标题",
     NULL, NULL)
DIAG(E1105, case_no_facts,
     "%s has no `facts:` section",
     "%s 没有 `facts:` 部分",
     NULL, NULL)
DIAG(E1106, case_no_expect,
     "%s has no `expect:` section",
     "%s 没有 `expect:` 部分",
     NULL, NULL)
DIAG(E1107, case_bad_date,
     "`%s` is not a date YYYY-MM-DD",
     "`%s` 不是日期 YYYY-MM-DD",
     NULL, NULL)
DIAG(E1108, case_expect_not_json,
     "the JSON after `%s` is not valid: %s",
     "`%s` 之后的 JSON 无效：%s",
     NULL, NULL)
DIAG(E1109, case_expect_not_object,
     "the JSON after `%s` must be an object",
     "`%s` 之后的 JSON 必须是一个对象",
     "give the members of the decision to compare: `{\"total\": \"500000.00\"}`",
     "请给出要比较的决定成员：`{\"total\": \"500000.00\"}`")      /* after `expect error:`, MSG case_expect_error_help */
DIAG(E1110, case_expect_error_unknown_member,
     "an expected error has no member `%s`",
     "预期的错误没有成员 `%s`",
     "an expected error may give `exit` (the exit status), `path` (the JSON path of the error) and `message`",
     "预期的错误可以给出 `exit`（退出状态）、`path`（错误所在的 JSON 路径）和 `message`（错误信息）")
DIAG(E1111, case_expect_error_member_type,
     "`%s` of an expected error must be %s",
     "预期错误的 `%s` 必须是%s",
     NULL, NULL)                                   /* MSG case_whole_number, case_text */

/* ---- E12xx polrun batch: its input and output ---- */

DIAG(E1201, cannot_read_input,
     "reading standard input: %s",
     "读取标准输入时出错：%s",
     NULL, NULL)
DIAG(E1202, cannot_write_output,
     "writing decisions: %s",
     "写出决定时出错：%s",
     NULL, NULL)
DIAG(E1203, csv_header_too_long,
     "the CSV header row is longer than %zu bytes",
     "CSV 表头行超过了 %zu 字节",
     "the header is the first line of the input: does the input have line ends, and is it CSV?",
     "表头是输入的第一行：输入中有换行吗？它是 CSV 吗？")
DIAG(E1204, csv_header_unusable,
     "%s; every row is answered with this error",
     "%s；每一行都会得到这个错误",
     NULL, NULL)                                   /* MSG csv_header_* */
DIAG(E1205, stopped_by_signal,
     "stopped by %s after answering %ld %s%s; the records after them were not answered",
     "收到 %s，回答了 %ld %s%.0s后停止；其后的记录没有回答",
     "every answer written is whole; the records after those answered can be given to another run",
     "已写出的每个回答都是完整的；没有回答的记录可以交给另一次运行")  /* MSG batch_line, batch_row */
DIAG(E1206, stopped_inside_answer,
     "stopped by %s after answering %ld %s%s, while the output was not being read: its last %zu bytes are the start of the next answer, cut short",
     "收到 %s，回答了 %ld %s%.0s后停止，当时输出没有被读取：输出的最后 %zu 字节是下一个回答的开头，没有写完",
     "take those bytes off the end of the output: the answers before them are whole; the records after those answered can be given to another run",
     "请从输出末尾去掉这些字节：之前的回答都是完整的；没有回答的记录可以交给另一次运行")  /* MSG batch_line, batch_row */

/* ---- E13xx polrun serve: requests and the server ----
 * A request's error is answered as {"error": {"message", "code", "help"}}
 * with its HTTP status (src/serve.c); those of starting the server are
 * printed like any other diagnostic. */

DIAG(E1301, serve_no_endpoint,
     "there is no endpoint `%s`",
     "没有端点 `%s`",
     "the endpoints are /v1/policies, /v1/policies/{policy}, /v1/policies/{policy}/decide, /v1/policies/{policy}/batch, /healthz, /readyz and /metrics",
     "端点有 /v1/policies、/v1/policies/{policy}、/v1/policies/{policy}/decide、/v1/policies/{policy}/batch、/healthz、/readyz 和 /metrics")
DIAG(E1302, serve_no_policy,
     "no policy named `%s` is served",
     "没有名为 `%s` 的政策在提供服务",
     NULL, NULL)                                   /* MSG serve_policies_served */
DIAG(E1303, serve_method_not_allowed,
     "`%s` is not allowed on `%s`: use %s",
     "`%s` 不能用于 `%s`：请使用 %s",
     NULL, NULL)
DIAG(E1304, serve_body_too_large,
     "the request body is over this endpoint's limit of %zu bytes",
     "请求体超过了此端点 %zu 字节的上限",
     "send a large register in several batches, or start the server with a larger --decide-limit or --batch-limit",
     "请把大的名册分成几批发送，或以更大的 --decide-limit 或 --batch-limit 启动服务")
DIAG(E1305, serve_unknown_parameter,
     "unknown query parameter `%s`",
     "未知的查询参数 `%s`",
     NULL, NULL)                                   /* MSG serve_parameters_taken, serve_no_parameters */
DIAG(E1306, serve_bad_parameter,
     "query parameter `%s=%s`: %s",
     "查询参数 `%s=%s`：%s",
     NULL, NULL)                                   /* MSG serve_expect_* */
DIAG(E1307, serve_unauthorized,
     "this server needs the header `Authorization: Bearer <token>` with its token",
     "此服务需要带有其令牌的请求头 `Authorization: Bearer <令牌>`",
     NULL, NULL)
DIAG(E1308, serve_policy_not_loaded,
     "policy `%s` has no version that checks",
     "政策 `%s` 还没有通过检查的版本",
     NULL, NULL)                                   /* MSG serve_see_policy */
DIAG(E1309, serve_shutting_down,
     "the server is shutting down",
     "服务正在关闭",
     "send the request again in a moment: to another instance, or to this one once it has restarted",
     "请稍后重新发送请求：发给另一个实例，或等本实例重启后再发")
DIAG(E1310, serve_request_timeout,
     "the request was not received in full within the time limit of %u s",
     "请求未能在 %u 秒的时限内完整收到",
     "the limit is the server's --time-limit",
     "上限由服务的 --time-limit 设定")
DIAG(E1311, serve_cannot_listen,
     "cannot listen on %s: %s",
     "无法在 %s 上监听：%s",
     "is another process listening there? choose another address with --listen HOST:PORT",
     "是否已有其他进程在那里监听？请用 --listen 主机:端口 另选一个地址")
DIAG(E1312, serve_token_file,
     "cannot use the token file %s: %s",
     "无法使用令牌文件 %s：%s",
     "the file holds the token alone, on one line, readable by the server only",
     "该文件只含令牌本身，写在一行上，且只有服务进程可读")
DIAG(E1313, serve_duplicate_name,
     "two policies would be served as `%s`: %s and %s",
     "有两个政策都将以 `%s` 为名提供服务：%s 和 %s",
     "a policy is served under its file name without the extension: rename one of the files",
     "政策以其去掉扩展名的文件名提供服务：请给其中一个文件改名")
DIAG(E1314, serve_cannot_answer,
     "the server cannot answer this request: %s",
     "服务无法应答此请求：%s",
     NULL, NULL)

/* ---- words, helps with arguments, notes ---- */

/* the frame of a diagnostic (human format) */
MSG(error, "error", "错误")
MSG(warning, "warning", "警告")
MSG(note, "note", "注")
MSG(help, "help: ", "帮助：")
MSG(colon, ": ", "：")

/* helps with arguments */
MSG(did_you_mean, "did you mean `%s`?", "您是不是想写 `%s`？")
MSG(misspelt_keyword,
    "`%s` is no word of the language: did you mean `%s`?",
    "`%s` 不是本语言的关键字：您是不是想写 `%s`？")
MSG(enum_value_elsewhere,
    "`%s` is a value of %s: compare with it (`x = %s`) or write `%s.%s`",
    "`%s` 是 `%s` 的一个取值：请拿它作比较（`x = %s`），或写作 `%s.%s`")
MSG(ascii_quotes,
    "write text between ASCII double quotes: \"%.*s\"",
    "文本请用英文双引号括起：\"%.*s\"")
MSG(import_searched,
    "looked for it at `%s`, beside the importing file, and at `%s`, in the standard library (`--stdlib DIR` or POLRUN_STDLIB names another folder)",
    "已查找导入文件所在文件夹中的 `%s` 和标准库中的 `%s`（可用 `--stdlib DIR` 或 POLRUN_STDLIB 指定另一个文件夹）")
MSG(import_searched_no_stdlib,
    "looked for it at `%s`, beside the importing file (no standard library: `--stdlib DIR` or POLRUN_STDLIB names its folder)",
    "已查找导入文件所在文件夹中的 `%s`（没有标准库：可用 `--stdlib DIR` 或 POLRUN_STDLIB 指定其文件夹）")
MSG(mixed_keywords_help,
    "write `%s`: a file uses one set of keywords, that of its first keyword (`polrun fmt --keywords en|zh` converts a file)",
    "请写作 `%s`：一个文件只用一套关键字，即其第一个关键字所属的那一套（`polrun fmt --keywords en|zh` 可转换整个文件）")
MSG(write_ascii, "write the ASCII `%s`", "请改用半角的 `%s`")
MSG(keyword_as_name,
    "`%s` is a word of the language; write it in backticks to use it as a name, or choose another name",
    "`%s` 是本语言的关键字；要用作名称，请写在反引号中，或另取一个名称")
MSG(ends_mid_declaration, "the file ends in the middle of a declaration", "文件在一个声明的中途就结束了")
MSG(write_is_granted, "write `%s is granted`", "请写作 `%s is granted`")
MSG(write_call, "write `%s(...)` with %d argument%s", "请写作 `%s(...)`，并给出 %d 个参数%.0s")
MSG(write_otherwise,
    "write `%s otherwise <value>`, or add a condition `when %s is present` before it",
    "请写作 `%s otherwise <值>`，或在前面加上条件 `when %s is present`")
MSG(write_required_when,
    "`%s` is given only when `%s`: test that first (`%s and ...`, or a `when %s` before it), or write `%s otherwise <value>`",
    "`%s` 只在 `%s` 时提供：请先判断这一条件（`%s and ...`，或在前面加上 `when %s`），或写作 `%s otherwise <值>`")
MSG(write_if_present,
    "write `at most %s if present` to skip the ceiling when absent",
    "请写作 `at most %s if present`：缺失时不适用这个上限")
MSG(round_once_here,
    "round once, here where the amount is granted: `(%s) %s` (or `%s`, `%s`, `%s`); what comes before stays exact",
    "在发放金额处只取整一次：`(%s) %s`（或 `%s`、`%s`、`%s`）；此前的计算保持精确")
MSG(round_once_declare,
    "declare %s as `%s` to keep it exact, and round once, where the amount is granted: `%s (...) %s`",
    "请将%s声明为 `%s`，保持精确，只在发放金额处取整一次：`%s (...) %s`")
MSG(ratio_of_amounts,
    "money is multiplied by a number or a rate (`30%% of x`), and the ratio of two amounts is written `a / b`: `r * b / i` is written `r * (b / i)`",
    "金额只能乘以数字或比例（`30%% of x`），两个金额之比写作 `a / b`：`r * b / i` 应写作 `r * (b / i)`")
MSG(compare_with_yuan,
    "an amount is compared with an amount: write `%s 元`",
    "金额只能与金额比较：请写 `%s 元`")
MSG(number_to_money,
    "an amount is compared with an amount: make the number one, `%s * 1 元`",
    "金额只能与金额比较：请把这个数换成金额，`%s * 1 元`")
MSG(rounding_modes,
    "write the mode before `%s`: `%s` (toward zero), `%s` (away from zero), `%s` (to the nearest, a tie away from zero) or `%s` (to the nearest, a tie to the even one)",
    "请在 `%s` 之前写明取整方式：`%s`（向零取整）、`%s`（远离零取整）、`%s`（四舍五入）或 `%s`（四舍六入五成双）")
MSG(define_type_shown,
    "a definition says the type of its value after its name; this one gives %s: `%s`",
    "定义要在名称之后写明其值的类型；这里的值是%s：`%s`")
MSG(define_type_needed,
    "a definition says the type of its value after its name, for example `%s`",
    "定义要在名称之后写明其值的类型，例如 `%s`")
MSG(quote_both_ends,
    "text is written between two ASCII double quotes: \"%.*s\"",
    "文本要用两个英文双引号括起：\"%.*s\"")
/* what is wrong with the JSON of a case file's `expect:` (E1108), in place
 * of the JSON library's own words */
MSG(json_want_key,
    "a member name in double quotes (\"total\") or `}` was expected, found %s",
    "此处应为双引号括起的成员名（如 \"total\"）或 `}`，但遇到了%s")
MSG(json_want_colon,
    "`:` was expected after the member name, found %s",
    "成员名之后应为 `:`，但遇到了%s")
MSG(json_missing_comma,
    "a comma is missing before %s: members, and items of a list, are separated by commas",
    "%s之前缺少逗号：对象的成员之间、列表的元素之间要用逗号分隔")
MSG(json_want_object_end,
    "`,` or `}` was expected after a member, found %s",
    "成员之后应为 `,` 或 `}`，但遇到了%s")
MSG(json_want_list_end,
    "`,` or `]` was expected after an item, found %s",
    "列表元素之后应为 `,` 或 `]`，但遇到了%s")
MSG(json_want_value,
    "a value was expected (a number, text in double quotes, true, false, null, an object or a list), found %s",
    "此处应为一个值（数字、双引号括起的文本、true、false、null、对象或列表），但遇到了%s")
MSG(json_bad_word,
    "%s is not JSON: text is written between double quotes (\"like this\"), and the only bare words are true, false and null",
    "%s 不是 JSON：文本要写在英文双引号之间（\"像这样\"），不加引号的词只有 true、false 和 null")
MSG(json_trailing_comma,
    "a comma before `%s` with nothing after it: remove the comma",
    "`%s` 之前的逗号后面没有内容：请删去这个逗号")
MSG(json_ends_early,
    "the JSON ends before it is complete: is a `}`, `]` or `\"` missing?",
    "JSON 没有写完就结束了：是否缺少 `}`、`]` 或 `\"`？")
MSG(json_more_after,
    "more follows the end of the JSON value: %s",
    "JSON 值结束之后还有多余的内容：%s")
MSG(json_text_not_closed,
    "a text is not closed: its closing `\"` is missing on this line",
    "文本没有结束：这一行缺少结尾的 `\"`")
MSG(json_control_character,
    "a control character in a text: write it escaped (\\n, \\t)",
    "文本中有控制字符：请写成转义形式（\\n、\\t）")
MSG(json_bad_escape,
    "an invalid escape in a text: a backslash is followed by one of \" \\ / b f n r t, or by u and four hexadecimal digits",
    "文本中有无效的转义：反斜杠后面只能是 \" \\ / b f n r t 之一，或 u 加四位十六进制数字")
MSG(json_not_utf8,
    "the JSON is not valid UTF-8: save the file as UTF-8",
    "JSON 不是有效的 UTF-8 编码：请将文件保存为 UTF-8 编码")
MSG(json_number_too_large,
    "the number %s is too large",
    "数字 %s 过大")
MSG(json_too_deep,
    "the JSON is nested too deeply",
    "JSON 嵌套过深")
MSG(of_after_rate,
    "write `%s` after a rate: `30%% %s procurement_total`",
    "`%s` 写在比例之后：`30%% %s procurement_total`")

/* notes */
MSG(first_declaration_here, "the first declaration is here", "第一次声明在这里")
MSG(else_expected_here, "`%s` and its value were expected here, found %s", "此处应为 `%s` 及其取值，但遇到了%s")
MSG(first_header_here, "the first header is here", "第一个政策头在这里")
MSG(other_rule_here, "the other rule is here", "另一条规则在这里")

/* how the parser names tokens */
MSG(token_keyword, "keyword `%s`", "关键字 `%s`")
MSG(token_symbol, "`%s`", "`%s`")
MSG(token_end_of_file, "the end of the file", "文件末尾")
MSG(token_name, "a name", "名称")
MSG(token_text, "a text in double quotes", "双引号括起的文本")
MSG(token_number, "a number", "数字")
MSG(token_money, "an amount of money", "金额")
MSG(token_percent, "a percentage", "百分比")
MSG(token_date, "a date", "日期")
MSG(token_duration, "a duration", "期限")
MSG(token_items, "a number of items (`20 items`)", "项数（`20 items`）")
MSG(list_comma, ", ", "、")
MSG(list_or, " or ", "或")

/* where a particular word was expected (E0205) */
MSG(after_at_in_member, "after `at` in a member declaration", "成员声明中 `at` 之后")
MSG(in_required_when, "in `required when ... is one of {...}`", "`required when ... is one of {...}` 中")
MSG(before_otherwise_in_member, "before `otherwise` in a member declaration (`absent otherwise`)", "成员声明中 `otherwise` 之前（`absent otherwise`）")
MSG(after_amount_per, "after `amount per`", "`amount per` 之后")
MSG(after_amount_in, "after `amount in`", "`amount in` 之后")
MSG(in_ceiling, "in a ceiling (`at most 30 万元`)", "上限的写法为 `at most 30 万元`")
MSG(after_if_in_ceiling, "after `if` in a ceiling", "上限中 `if` 之后")
MSG(in_granted_at_zero, "in `granted at zero`", "`granted at zero` 中")
MSG(in_subject, "in `subject NAME: VALUE, ...`", "`subject 名称: 值, ...` 中")
MSG(after_earlier, "after `earlier`", "`earlier` 之后")
MSG(after_for_in_measure, "after `for` in a measure (`for each c in LIST`)", "措施中 `for` 之后（`for each c in 列表`）")
MSG(in_policy_header, "in the policy header (`kind relief`)", "政策头中（`kind relief`）")
MSG(in_is_one_of, "in `is one of {...}`", "`is one of {...}` 中")
MSG(in_is_not_one_of, "in `is not one of {...}`", "`is not one of {...}` 中")
MSG(in_within_period, "in `within period in force`", "`within period in force` 中")
MSG(after_policy_in_expr, "or `end` after `policy` in an expression", "或 `end`，用于表达式中的 `policy` 之后")
MSG(in_scale_bracket, "in a bracket of a scale (`up to 30000 元: 5%%`, `above: 35%%`)", "税率表的级距中（`up to 30000 元: 5%%`、`above: 35%%`）")
MSG(after_scale_rate, "after the rate of a bracket (`, deduction 1500 元`)", "级距税率之后（`, deduction 1500 元`）")
MSG(in_two_word_type, "in a type of two words (`unrounded money`)", "两个词的类型（`unrounded money`）中")
MSG(after_unrounded, "after `unrounded` in a type", "类型中 `unrounded` 之后")

/* types, as the checker names them */
MSG(type_error, "an erroneous value", "有误的值")
MSG(type_bool, "bool", "真假值")
MSG(type_integer, "integer", "整数")
MSG(type_decimal, "decimal", "小数")
MSG(type_money, "money", "金额")
MSG(type_unrounded_money, "unrounded money", "未取整的金额")
MSG(type_date, "date", "日期")
MSG(type_duration, "duration", "期限")
MSG(type_text, "text", "文本")
MSG(type_list, "list of %s", "%s列表")
MSG(type_optional, "optional %s", "可选的%s")
MSG(type_named, "%s", "`%s`")
MSG(the_facts, "the facts", "事实数据")
MSG(a_condition, "a condition (true or false)", "条件（真或假）")

/* what needs a value (E0401, E0402, E0404, E0429) */
MSG(what_arithmetic, "arithmetic", "算术运算")
MSG(what_comparison, "a comparison", "比较")
MSG(what_rounding, "rounding", "取整")
MSG(what_code, "`%s`", "`%s`")
MSG(what_rule_when, "a rule's `when`", "规则的 `when`")
MSG(what_when, "`when`", "`when`")
MSG(what_amount, "the amount", "`amount` 的值")
MSG(what_source, "the source of measure `%s`", "措施 `%s` 的依据")
MSG(what_ordered_by, "`ordered by`", "`ordered by`")
MSG(what_parameter, "parameter `%s`", "参数 `%s`")
MSG(what_value_of, "the value of `%s`", "`%s` 的值")
MSG(what_ceiling, "a ceiling", "上限")
MSG(what_bound, "a bound", "上限")
MSG(what_rate, "a rate", "税率")
MSG(what_deduction, "a deduction", "速算扣除数")
MSG(a_number, "a number", "数字")
MSG(what_argument, "argument `%s` of `%s`", "参数 `%s`（属于 `%s`）")

/* arithmetic (E0406) */
MSG(op_add, "add", "相加")
MSG(op_subtract, "subtract", "相减")
MSG(op_multiply, "multiply", "相乘")
MSG(op_divide, "divide", "相除")
MSG(op_rate_of, "take a rate of", "按比例计算")

/* what declares nothing (E0705) */
MSG(the_policy_file, "the policy file", "政策文件")
MSG(the_imported_file, "the imported file", "被导入的文件")

/* what is too large for the bytecode (E0708) */
MSG(big_operand, "an operand (a constant, local, or list of values) beyond 65535",
    "超过 65535 的操作数（常量、局部变量或取值列表）")
MSG(big_jump, "a jump longer than 32767 bytes of code", "超过 32767 字节代码的跳转")
MSG(big_loop, "a loop longer than 32768 bytes of code", "超过 32768 字节代码的循环")
MSG(big_tables, "more than 65535 constants, fact paths or chunks", "超过 65535 个常量、事实路径或代码块")
MSG(big_list, "a list of more than 32000 values", "超过 32000 个值的列表")

/* system errors, for E0701 and E0702 (others stay as the C library words them) */
MSG(errno_noent, "No such file or directory", "没有这个文件或目录")
MSG(errno_acces, "Permission denied", "没有读取权限")
MSG(errno_isdir, "Is a directory", "这是一个目录")
MSG(errno_io, "Input/output error", "输入输出错误")

/* where a text-direction control is (E0120) */
MSG(in_text, "text", "文本")
MSG(in_comment, "a comment", "注释")

/* the scanner's own failure (flex): not a mistake in the policy */
MSG(scanner_failed, "the scanner failed: %s", "扫描器出错：%s")

/* the command line (src/main.c) */
MSG(usage_hint, "run `polrun --help` for usage", "用法请见 `polrun --help`")
MSG(usage_needs_value, "%s needs a value", "%s 需要一个值")
MSG(usage_error_format, "--error-format %s: choose human, gnu or json", "--error-format %s：请选择 human、gnu 或 json")
MSG(usage_lang, "--lang %s: choose zh or en", "--lang %s：请选择 zh 或 en")
MSG(usage_keywords, "--keywords %s: choose en or zh", "--keywords %s：请选择 en 或 zh")
MSG(usage_fmt_mode, "%s: choose one of --write, --check and --dump-ast", "%s：--write、--check 和 --dump-ast 只能选一个")
MSG(usage_jobs, "--jobs %s: give a number of threads from 1 to %d", "--jobs %s：请给出 1 到 %d 之间的线程数")
MSG(usage_io_format, "%s %s: choose ndjson or csv", "%s %s：请选择 ndjson 或 csv")
MSG(usage_unknown_option, "unknown option %s", "未知选项 %s")
MSG(usage_bad_date, "--date %s: expected a date YYYY-MM-DD that exists", "--date %s：应为真实存在的日期 YYYY-MM-DD")
MSG(usage_run_facts, "%s: give the applicant's facts with --facts FILE (- for standard input)",
    "%s：请用 --facts 文件 给出申请人的事实数据（- 表示标准输入）")
MSG(usage_test_cases, "%s: name the case files to replay", "%s：请给出要重放的案例文件")
MSG(usage_compile_output, "%s: name the output with -o FILE.polc", "%s：请用 -o 文件.polc 指定输出文件")
MSG(usage_doc_output, "%s: name the output folder with -o DIR", "%s：请用 -o 目录 指定输出目录")
MSG(usage_no_command_given, "no command given", "没有给出命令")
MSG(usage_policy, "%s: name the policy file", "%s：请给出政策文件")
MSG(usage_unexpected_argument, "unexpected argument %s", "多余的参数 %s")
MSG(usage_unknown_command, "unknown command `%s`", "未知命令 `%s`")
MSG(check_failed, "polrun: %s: %d error%s", "polrun：%s：共 %d 个错误%.0s")
MSG(check_ok, "%s: ok (%d measures, %d definitions, %d parameters)", "%s：检查通过（%d 项措施，%d 个定义，%d 个参数）")
MSG(bad_facts, "error[%s]: bad facts in %s: %s: %s", "错误[%s]：%s 中的事实数据有误：%s：%s")

/* New entries go at the end of the table: the values of the ones before
 * them stay the same. */

/* internal errors of the VM: the checker and the verifier rule them out, so
 * they have no code (a policy cannot cause them; a bug in polrun can) */
MSG(vm_optional_absent, "an optional value is absent here", "此处的可选值缺失")
MSG(vm_definition_cycle, "`%s` depends on itself", "`%s` 依赖于它自身")
MSG(vm_measure_cycle, "measure `%s` depends on itself", "措施 `%s` 依赖于它自身")
MSG(vm_items_unordered, "the items of measure `%s` were not all given an order", "措施 `%s` 的各项未全部给出排序依据")
MSG(vm_no_item, "measure `%s` decides an item before taking one", "措施 `%s` 在取出某一项之前就对其作出决定")
MSG(vm_unknown_instruction, "corrupt bytecode: unknown instruction %s", "字节码已损坏：未知指令 %s")

/* what the facts decoder expected and found (E0904, E0905, E0916) */
MSG(json_a_key, "a key in double quotes", "双引号括起的键")
MSG(json_colon_after_key, "\":\" after the key \"%s\"", "键 \"%s\" 之后的 \":\"")
MSG(json_comma_or_brace, "\",\" or \"}\"", "\",\" 或 \"}\"")
MSG(json_comma_or_bracket, "\",\" or \"]\"", "\",\" 或 \"]\"")
MSG(json_a_value, "a value", "一个值")
MSG(got_end_of_text, "the end of the text", "文本末尾")
MSG(got_control_character, "the control character U+%04X", "控制字符 U+%04X")
MSG(got_curly_quotes, " (JSON needs straight double quotes \")", "（JSON 须使用半角的直双引号 \"）")
MSG(got_object, "an object", "一个对象")
MSG(got_array, "an array", "一个数组")
MSG(got_nothing, "nothing", "空内容")
MSG(did_you_mean_key, "; did you mean \"%s\"?", "；您是不是想写 \"%s\"？")
MSG(facts_one_of_words, "one of %s", "%s 之一")

/* polrun batch: the message of a line that is not an applicant (no code:
 * batch error objects carry none), a warning, and failures of the system */
MSG(batch_empty_line, "empty line: expected the applicant's facts as a JSON object",
    "空行：此处应为申请人的事实数据（一个 JSON 对象）")
MSG(batch_line, "line", "行")
MSG(batch_row, "row", "行 CSV 记录")
MSG(batch_row_too_long, "the row is longer than %u bytes (is a quoted cell never closed?)",
    "这一行超过了 %u 字节（是否有一个带引号的单元格没有结束？）")
MSG(csv_unknown_columns,
    "the CSV header names columns the facts do not declare: %s (a row with a value in one of them is answered with an error)",
    "CSV 表头中有事实声明里没有的列：%s（在这些列中有值的行会得到错误）")
MSG(out_of_memory, "out of memory (%zu bytes)", "内存不足（%zu 字节）")
MSG(facts_out_of_memory, "out of memory while reading the facts", "读取事实数据时内存不足")
MSG(cannot_start_thread, "cannot start a worker thread: %s", "无法启动工作线程：%s")

/* polrun batch --input csv: rows that are not CSV, headers that cannot be
 * used (E1204), cells that do not fit their column; --output csv */
MSG(csv_quote_not_closed, "cell %d: a quoted cell is not closed (the quote at byte %zu has no closing quote)",
    "第 %d 个单元格：带引号的单元格没有结束（第 %zu 字节的引号没有对应的结束引号）")
MSG(csv_text_after_quote, "cell %d: text after the closing quote (a quote inside a quoted cell is written \"\")",
    "第 %d 个单元格：结束引号之后还有内容（带引号的单元格中的引号应写作 \"\"）")
MSG(csv_quote_in_cell, "cell %d: a quote inside an unquoted cell (quote the whole cell and write the quote as \"\")",
    "第 %d 个单元格：不带引号的单元格中出现了引号（请给整个单元格加上引号，并把其中的引号写作 \"\"）")
MSG(csv_header_unreadable, "the CSV header row cannot be read: %s", "无法读取 CSV 表头行：%s")
MSG(csv_header_quote_open,
    "cell %d: a quoted cell is not closed on the header's line (the quote at byte %zu); the header is the first line and a column name holds no line end",
    "第 %d 个单元格：带引号的单元格在表头这一行中没有结束（第 %zu 字节的引号）；表头就是第一行，列名中不能有换行")
MSG(csv_header_empty, "the CSV header row is empty: the first line of a CSV input names its columns",
    "CSV 表头行是空的：CSV 输入的第一行应写出各列的名称")
MSG(csv_header_twice, "the CSV header names column %d `%.*s` twice (columns %d and %d)",
    "CSV 表头的第 %d 列 `%.*s` 出现了两次（第 %d 列和第 %d 列）")
MSG(csv_cell_json, "expected %s written as JSON in the cell, but %s", "单元格中应为以 JSON 写出的%s，但%s")
MSG(csv_a_list, "a list", "列表")
MSG(csv_an_object, "an object", "对象")
MSG(csv_json_string_open, "a string in it is not closed", "其中有一个字符串没有结束")
MSG(csv_json_too_deep, "it is nested too deeply", "嵌套过深")
MSG(csv_json_bracket, "a \"]\" does not match its opening bracket", "有一个 \"]\" 与它的左括号不匹配")
MSG(csv_json_brace, "a \"}\" does not match its opening brace", "有一个 \"}\" 与它的左花括号不匹配")
MSG(csv_json_text_after, "there is text after its end", "它结束之后还有内容")
MSG(csv_json_start, "it does not start with \"[\" or \"{\"", "它不是以 \"[\" 或 \"{\" 开头")
MSG(csv_json_not_closed, "it is not closed", "它没有结束")
MSG(csv_empty_row, "empty row: expected the applicant's facts, one cell per column of the header",
    "空行：此处应为申请人的事实数据，表头的每一列对应一个单元格")
MSG(csv_cell_count, "the row has %d cell%s, the header has %d column%s", "这一行有 %d 个单元格%.0s，表头有 %d 列%.0s")
MSG(csv_error_cell, "line %ld: %s: %s", "第 %ld 行：%s：%s")
MSG(csv_too_many_columns, "the CSV header has %d columns, more than %d", "CSV 表头有 %d 列，超过了 %d 列")
MSG(csv_column_too_deep, "the CSV header names column %d nested more than %d deep", "CSV 表头第 %d 列的名称嵌套超过 %d 层")

/* the text explanation (--explain=text, src/decision.c) */
MSG(ex_policy, "policy %s: in force %s through %s; evaluated on %s: %s", "政策 %s：施行期 %s 至 %s；评估日期 %s：%s")
MSG(ex_in_force, "in force", "在施行期内")
MSG(ex_not_in_force, "NOT in force", "不在施行期内")
MSG(ex_applies, "applies when %s: %s", "适用条件 %s：%s")
MSG(ex_yes, "yes", "是")
MSG(ex_no, "NO", "否")
MSG(ex_definitions, "definitions:", "定义：")
MSG(ex_decided_by, "   (%s)", "   （%s）")
MSG(ex_at, " at %s:%d", "，见 %s:%d")
MSG(ex_by_formula, "formula%s", "公式%s")
MSG(ex_by_default, "default%s", "默认值%s")
MSG(ex_by_exception, "exception %s%s", "例外 %s%s")
MSG(ex_by_rule, "rule %s%s", "规则 %s%s")
MSG(ex_measure, "%s %s (%s) %s", "%s %s（%s）%s")
MSG(article_numbered, "art. %s", "第%s条")
MSG(ex_granted, "granted", "给予支持")
MSG(ex_refused, "refused", "不予支持")
MSG(ex_zero_amount, "zero_amount", "金额为零")
MSG(ex_not_applicable, "not_applicable", "不适用")
MSG(ex_measure_not_in_force, "not_in_force", "不在施行期内")
/* the same outcomes in a policy of `kind relief` and of `kind service` */
MSG(ex_granted_relief, "relief granted", "给予减免")
MSG(ex_refused_relief, "relief refused", "不予减免")
MSG(ex_zero_amount_relief, "relief of zero", "减免额为零")
MSG(ex_granted_service, "provided", "提供服务")
MSG(ex_refused_service, "not provided", "不予提供")
MSG(ex_when, "  %s when %s", "  %s 条件 %s")
MSG(ex_first_failing, "   <- first failing condition", "   <- 第一个不满足的条件")
MSG(ex_exactly, "  exactly %s, rounded %s: %s", "  精确值 %s，%s：%s")
MSG(ex_round_to, "%s to %s", "%s到%s")
MSG(ex_round_down, "down", "向下取整")
MSG(ex_round_up, "up", "向上取整")
MSG(ex_round_half_up, "half up", "四舍五入")
MSG(ex_round_half_even, "half even", "四舍六入五成双")
MSG(ex_yuan, "yuan", "元")
MSG(ex_fen, "fen", "分")
MSG(ex_amount, "  amount %s = %s", "  金额 %s = %s")
MSG(ex_one_item, "\"1 item\"", "\"1 项\"")
MSG(ex_items, "\"%d items\"", "\"%d 项\"")
MSG(ex_present, "\"present\"", "\"已提供\"")
MSG(ex_at_most, "  at most %s = ", "  上限 %s = ")
MSG(ex_ceiling_bit, "   <- this ceiling bit", "   <- 此上限生效")
MSG(ex_result, "  => %s%s", "  => %s%s")
MSG(ex_below_zero, " (below zero, so zero)", "（低于零，取零）")
MSG(ex_exactly_item, "  %s: exactly %s, rounded %s: %s", "  %s：精确值 %s，%s：%s")
MSG(ex_branch, "branch `%s` at %s", "分支 `%s`，见 %s")
MSG(ex_scale, "scale %s(%s): bracket %d%s: %s = %s", "税率表 %s(%s)：第 %d 级%s：%s = %s")
MSG(ex_range_up_to, " (up to %s)", "（不超过 %s）")
MSG(ex_range_between, " (above %s up to %s)", "（超过 %s 至 %s）")
MSG(ex_range_above, " (above %s)", "（超过 %s）")
MSG(ex_for_each, "  for each %s in %s", "  逐项：每一项 %s，取自 %s")
MSG(ex_ordered_by, " ordered by %s", "，按 %s 排序")
MSG(ex_no_items, "  no items", "  没有任何一项")
MSG(ex_item, "  %s %s %s: %s", "  %s %s %s：%s")

/* more system errors (pol_strerror): writing output, reading endless files */
MSG(errno_nospc, "No space left on device", "设备上没有剩余空间")
MSG(errno_fbig, "File too large", "文件过大")
MSG(errno_pipe, "Broken pipe", "管道已断开")

/* polrun fmt (src/fmt.c) */
MSG(usage_fmt_write_stdin, "fmt --write cannot rewrite standard input", "fmt --write 不能改写标准输入")
MSG(fmt_not_formatted, "polrun: %s: %d error%s, not formatted", "polrun：%s：共 %d 个错误%.0s，未格式化")
MSG(fmt_changes_meaning, "%s: internal error: the formatted text would not mean the same; nothing was changed "
    "(please report this with the file)", "%s：内部错误：格式化后的文本含义会改变，因此没有做任何修改（请连同该文件一起报告此问题）")
MSG(standard_output, "standard output", "标准输出")
/* replacing a file (src/replace.c): the reason of E1001, and its help */
MSG(not_regular_file, "not a regular file", "不是普通文件")
MSG(replace_needs_folder, "%s is replaced by a new file written beside it: its folder must let you create files",
    "%s 的新内容先写入同一文件夹中的新文件，再替换原文件：该文件夹必须允许您创建文件")
/* the compiler's own failure: not a mistake in the policy */
MSG(compiler_failed, "internal error: the compiler produced invalid bytecode: %s (please report this with the policy)",
    "内部错误：编译器生成了无效的字节码：%s（请连同政策文件一起报告此问题）")

/* options that do not apply (src/main.c) */
MSG(usage_option_not_for, "%s does not apply to `%s`", "%s 不适用于 `%s` 命令")
MSG(usage_batch_explain_text, "--explain=text: batch writes one line per applicant; use --explain (the explanation in JSON)",
    "--explain=text：batch 每个申请人只写一行；请使用 --explain（JSON 形式的解释）")
MSG(usage_not_with_csv_output, "%s cannot be written in CSV: use it with --output ndjson", "%s 不能写成 CSV：请与 --output ndjson 一起使用")
MSG(usage_needs_csv_output, "%s applies to --output csv only", "%s 只适用于 --output csv")

/* the language server (src/lsp*.c): code actions, lenses, hover, rename */
MSG(lsp_fix_replace, "replace with `%s`", "改为 `%s`")
MSG(lsp_fix_all, "apply every suggested fix (%d)", "应用全部建议的修改（%d 处）")
MSG(lsp_case_passes, "✓ this case passes: run it again", "✓ 本案例通过：再次运行")
MSG(lsp_case_fails, "✗ this case fails: run it again", "✗ 本案例未通过：再次运行")
MSG(lsp_case_not_run, "this case cannot be run: see its problems", "本案例无法运行：请查看其问题")
MSG(lsp_lens_granted, "granted in %d of %d recorded case%s", "已记录的案例中有 %d 个给予（共 %d 个%.0s）")
MSG(lsp_lens_no_cases, "no recorded cases", "没有已记录的案例")
MSG(lsp_hover_fact, "a fact of the applicant (`facts`)", "申请人的一项事实（`facts`）")
MSG(lsp_hover_member, "a member of record `%s`", "记录 `%s` 的成员")
MSG(lsp_hover_enum_value, "a value of `%s`", "`%s` 的一个取值")
MSG(lsp_hover_argument, "a parameter of `%s`", "`%s` 的参数")
MSG(lsp_hover_local, "each element of `%s` in turn", "依次为 `%s` 的每个元素")
MSG(lsp_hover_article, "article %s", "第%s条")
MSG(lsp_rename_nothing, "there is no name to rename here", "此处没有可以重命名的名称")
MSG(lsp_rename_keyword, "`%s` cannot be a name: it is a word of the language or not a name at all", "`%s` 不能用作名称：它是本语言的关键字，或根本不是名称")
MSG(lsp_rename_clash, "`%s` is already a name (%s)", "`%s` 已经是一个名称（%s）")

/* the words of the language, as hover explains them */
MSG(kw_policy, "starts the policy header: `policy \"id\"`, then its title, source and period in force", "政策头的开始：`policy \"编号\"`，其后是标题、依据和施行期")
MSG(kw_title, "the title of the policy or of a measure", "政策或措施的标题")
MSG(kw_source, "the document the policy encodes (its reference number); in a measure, the document that decided it, copied into the decision", "政策所依据的文件（文号）；在措施中为决定该措施的文件，写入决定")
MSG(kw_in, "`in force from ...`: the period in force; `x in list` in a quantifier; `amount in kind`", "`in force from ...`：施行期；量词中的 `x in 列表`；`amount in kind`")
MSG(kw_force, "`in force from D for N years` or `through D`: when the policy is in force", "`in force from D for N years` 或 `through D`：政策的施行期")
MSG(kw_from, "`in force from D`: the first day in force", "`in force from D`：施行的第一天")
MSG(kw_for, "`for N years`: how long the policy is in force; in `sum v for x in list`, the variable", "`for N years`：施行多久；在 `sum v for x in 列表` 中引出变量")
MSG(kw_through, "`through D`: the last day in force, included", "`through D`：施行的最后一天（含当天）")
MSG(kw_applies, "`applies when C`: the condition for the policy to apply at all", "`applies when 条件`：政策适用的总体条件")
MSG(kw_when, "a condition of a measure or a rule: every `when` must hold", "措施或规则的条件：所有 `when` 都须成立")
MSG(kw_identified, "`identified by m`: the fact that identifies the applicant in decisions", "`identified by 成员`：在决定中标识申请人的事实")
MSG(kw_by, "`identified by m`: the fact that identifies the applicant", "`identified by 成员`：标识申请人的事实")
MSG(kw_as, "`as of m`: the fact that gives the evaluation date", "`as of 成员`：给出评估日期的事实")
MSG(kw_of, "`is one of {...}`, `list of T`, `30%% of x`, `as of m`", "`is one of {...}`、`list of T`、`30%% of x`、`as of 成员`")
MSG(kw_import, "`import \"file.pol\"`: the declarations of another file (beside this one, then the standard library)", "`import \"文件.pol\"`：引用另一个文件的声明（先在本文件旁边查找，再在标准库中查找）")
MSG(kw_module, "`module \"name\"`: this file is a module that policies import", "`module \"名称\"`：本文件是供政策引用的模块")
MSG(kw_enum, "`enum Name { a, b }`: a type with a fixed list of values", "`enum 名称 { a, b }`：取值固定的类型")
MSG(kw_record, "`record Name { member: type }`: a group of facts", "`record 名称 { 成员: 类型 }`：一组事实")
MSG(kw_facts, "`facts { ... }`: what an applicant states, the policy's input", "`facts { ... }`：申请人提供的事实，即政策的输入")
MSG(kw_optional, "the member may be absent (or null)", "该成员可以缺失（或为 null）")
MSG(kw_or, "either condition holds; `T or null`: the key is required, its value may be null", "任一条件成立；`T or null`：键必须有，值可以为 null")
MSG(kw_null, "`T or null`: the value may be null", "`T or null`：值可以为 null")
MSG(kw_required, "`required when m = v` (or `m is one of {a, b}`): required for some kinds of applicant only", "`required when m = v`（或 `m is one of {a, b}`）：只对某几类申请人必填")
MSG(kw_at, "`at most X`: a ceiling of a capped or computed amount, or the largest integer (`at most 20 items`: the longest list) a fact may hold; `at least N`: the smallest; `granted at zero`", "`at most X`：封顶金额或计算金额的上限，或事实允许的最大整数（`at most 20 items`：列表的最多项数）；`at least N`：允许的最小值；`granted at zero`")
MSG(kw_parameter, "`parameter name = value`: a named constant of the policy (an amount, a rate)", "`parameter 名称 = 值`：政策中的具名常量（金额、比例）")
MSG(kw_define, "`define name: type = value`: a named term that measures use", "`define 名称: 类型 = 值`：供措施使用的具名术语")
MSG(kw_rule, "`rule label when C: value`: a base rule of a definition", "`rule 标签 when 条件: 值`：定义的基本规则")
MSG(kw_exception, "`exception label to rule when C: value`: overrides a rule where its condition holds", "`exception 标签 to 规则 when 条件: 值`：条件成立时覆盖某条规则")
MSG(kw_to, "`exception x to label`: the rule an exception overrides; `rounded down to fen`", "`exception x to 标签`：例外所覆盖的规则；`rounded down to fen`")
MSG(kw_default, "`default value`: a definition's value when no rule applies", "`default 值`：没有规则适用时定义的值")
MSG(kw_measure, "`measure name`: one support measure, with its article, conditions and amount", "`measure 名称`：一项支持措施，含条款、条件和金额")
MSG(kw_article, "`article \"八\"`: the article of the policy that a measure encodes", "`article \"八\"`：措施所依据的政策条款")
MSG(kw_responsible, "the departments responsible for a measure", "负责该措施的部门")
MSG(kw_amount, "what a measure grants: `amount fixed X`, `amount capped X`, `amount computed X`, `amount per regulation` or `amount in kind`", "措施给予什么：`amount fixed X`、`amount capped X`、`amount computed X`、`amount per regulation` 或 `amount in kind`")
MSG(kw_fixed, "`amount fixed X`: the measure grants exactly X", "`amount fixed X`：措施给予的金额恰为 X")
MSG(kw_capped, "`amount capped X at most Y`: X, but no more than each ceiling", "`amount capped X at most Y`：金额为 X，但不超过每个上限")
MSG(kw_per, "`amount per regulation`: the amount is set by separate rules", "`amount per regulation`：金额由另行规定确定")
MSG(kw_otherwise, "`x otherwise y`: x when it is present, else y", "`x otherwise y`：x 存在时取 x，否则取 y")
MSG(kw_is, "`x is present`, `x is absent`, `m is granted`, `x is one of {...}`", "`x is present`、`x is absent`、`m is granted`、`x is one of {...}`")
MSG(kw_any, "`any x in list where C`: some element satisfies C", "`any x in 列表 where 条件`：至少一个元素满足条件")
MSG(kw_all, "`all x in list where C`: every element satisfies C", "`all x in 列表 where 条件`：每个元素都满足条件")
MSG(kw_count, "`count x in list where C`: how many elements satisfy C", "`count x in 列表 where 条件`：满足条件的元素个数")
MSG(kw_sum, "`sum v for x in list where C`: the total of v over the elements that satisfy C", "`sum v for x in 列表 where 条件`：满足条件的元素的 v 之和")
MSG(kw_where, "the condition of a quantifier", "量词的条件")
MSG(kw_if, "`if C then a else b`: a when C holds, else b", "`if 条件 then a else b`：条件成立时取 a，否则取 b")
MSG(kw_then, "the value of `if` when its condition holds", "`if` 的条件成立时的值")
MSG(kw_else, "the value of `if` when its condition does not hold", "`if` 的条件不成立时的值")
MSG(kw_and, "both conditions hold", "两个条件都成立")
MSG(kw_not, "the condition does not hold", "条件不成立")
MSG(kw_true, "the condition that always holds", "恒成立的条件")
MSG(kw_false, "the condition that never holds", "恒不成立的条件")
MSG(kw_rounded, "`x rounded down to fen`: money times a rate made a whole number of fen; `d rounded down` for a date", "`x rounded down to fen`：金额乘以比例后取整到分；日期写作 `d rounded down`")
MSG(kw_list, "`list of T`: any number of T", "`list of T`：任意个 T")
MSG(kw_evaluation, "`evaluation date`: the day the applicant is decided for (`as of`, or `--date`)", "`evaluation date`：评估申请人所依据的日期（`as of` 或 `--date`）")
MSG(kw_date, "a calendar day, written YYYY-MM-DD", "日历上的一天，写作 YYYY-MM-DD")
MSG(kw_within, "`d within period in force`: the day is in the policy's period in force", "`d within period in force`：该日期在政策的施行期内")
MSG(kw_scale, "`scale name`: a progressive table, brackets `up to X: rate` and `above: rate`, applied like a function: `name(base)`", "`scale 名称`：累进税率表，各级写作 `up to X: 税率` 和 `above: 税率`，像函数一样使用：`名称(基数)`")
MSG(kw_above, "`above: rate`: the last bracket of a scale, every base above the bound before it", "`above: 税率`：税率表的最后一级，适用于高于前一级上限的全部基数")
MSG(kw_deduction, "`, deduction 1500 元`: the quick deduction of a bracket (base × rate − deduction)", "`, deduction 1500 元`：该级的速算扣除数（基数 × 税率 − 速算扣除数）")
MSG(kw_present, "`x is present`: the optional value was given", "`x is present`：可选的值已给出")
MSG(kw_absent, "`x is absent`: the optional value was not given; `absent otherwise`: a member given only when its `required when` holds", "`x is absent`：可选的值未给出；`absent otherwise`：成员只在其 `required when` 成立时提供")
MSG(kw_granted, "`m is granted`: the measure m grants the applicant something; `granted at zero`: an amount of 0.00 is granted", "`m is granted`：措施 m 给予了申请人支持；`granted at zero`：金额为 0.00 时仍予给予")
MSG(kw_most, "`at most X`: a ceiling of the amount, or the largest integer a fact may hold", "`at most X`：金额的上限，或事实允许的最大整数")
MSG(kw_least, "`at least N`: the smallest integer a fact may hold", "`at least N`：事实允许的最小整数")
MSG(kw_kind, "`amount in kind`: a service or a right, not money; `kind relief` in the policy header: what kind of scheme it is", "`amount in kind`：服务或权利，而非资金；政策头中的 `kind relief`：政策的类型")
MSG(kw_computed, "`amount computed X`: the amount is the result of a formula (basis `computed`)", "`amount computed X`：金额由公式计算得出（basis 为 `computed`）")
MSG(kw_zero, "`granted at zero`: an amount of 0.00 is granted, not left out", "`granted at zero`：金额为 0.00 时仍予给予，不略去")
MSG(kw_scheme, "`kind grant`, `kind relief`, `kind service`: the kind of scheme, which chooses the words of explanations", "`kind grant`、`kind relief`、`kind service`：政策的类型，决定说明中所用的措辞")
MSG(kw_one, "`x is one of {a, b}`: x equals one of the values (`is not one of`: none of them)", "`x is one of {a, b}`：x 等于其中一个值（`is not one of`：都不等于）")
MSG(kw_items, "`at most 20 items`, `1 to 4 items`: how many items a list of the facts may hold", "`at most 20 items`、`1 to 4 items`：事实中列表允许的项数")

/* polrun serve (src/serve.c) */
MSG(serve_policies_served, "the policies served are %s", "正在提供服务的政策有 %s")
MSG(serve_parameters_taken, "this endpoint takes the query parameters %s", "此端点接受的查询参数有 %s")
MSG(serve_no_parameters, "this endpoint takes no query parameters", "此端点不接受查询参数")
MSG(serve_given_twice, "given twice", "出现了两次")
MSG(serve_expect_explain, "expected 1 (or json), text or 0", "应为 1（或 json）、text 或 0")
MSG(serve_expect_explain_batch, "expected 1 (or json) or 0: a batch answers each applicant on one line, so it has no text explanation",
    "应为 1（或 json）或 0：批量应答每个申请人只占一行，因此没有文本形式的解释")
MSG(serve_expect_date, "expected a date YYYY-MM-DD that exists", "应为真实存在的日期 YYYY-MM-DD")
MSG(serve_expect_output, "expected ndjson or csv", "应为 ndjson 或 csv")
MSG(serve_expect_bom, "expected 1 or 0", "应为 1 或 0")
MSG(serve_not_with_csv, "an explanation cannot be written in CSV: ask for output=ndjson",
    "解释不能写成 CSV：请使用 output=ndjson")
MSG(serve_bom_needs_csv, "applies to output=csv only", "只适用于 output=csv")
MSG(serve_see_policy, "GET /v1/policies/%s shows the diagnostics of its last load",
    "GET /v1/policies/%s 会显示其最近一次加载的诊断信息")
MSG(serve_token_empty, "it is empty", "文件是空的")
MSG(serve_token_spaces, "the token has spaces or line breaks in it", "令牌中含有空格或换行")
MSG(usage_serve_listen, "--listen %s: write HOST:PORT, e.g. 127.0.0.1:8080, [::1]:8080 or :8080 for every interface",
    "--listen %s：请写作 主机:端口，例如 127.0.0.1:8080、[::1]:8080，或以 :8080 表示所有网络接口")
MSG(usage_serve_number, "%s takes a whole number from %u to %u, not `%s`", "%s 需要 %u 到 %u 之间的整数，而不是 `%s`")
MSG(usage_serve_size, "%s takes a size in bytes, with K, M or G for KiB, MiB or GiB (16M), not `%s`",
    "%s 需要以字节计的大小，可用 K、M、G 表示 KiB、MiB、GiB（如 16M），而不是 `%s`")

/* polrun test: what an expected error is made of (src/cases.c) */
MSG(case_expect_error_help, "give the error expected: `{\"exit\": 3, \"path\": \"$.tier\"}` (`{}`: any error)",
    "请给出预期的错误：`{\"exit\": 3, \"path\": \"$.tier\"}`（`{}`：任何错误）")
MSG(case_whole_number, "a whole number (`\"exit\": 3`)", "整数（`\"exit\": 3`）")
MSG(case_text, "a JSON string", "JSON 字符串")
/* dated values: the words of their diagnostics and explanations */
MSG(help_schedule_gap, "start the first step on the policy's first day (`from %s: ...`), or write `from %s: not in force` first if it truly has no value then",
    "请让第一个阶段从政策生效的第一天开始（`from %s: ...`）；如果那时确实没有值，请先写 `from %s: not in force`")
MSG(the_step_from, "the step from %s", "自 %s 起的阶段")
MSG(other_step_here, "the other step from that date is here", "同一日期的另一个阶段在这里")
MSG(the_rule, "rule `%s`", "规则 `%s`")
MSG(the_exception, "exception `%s`", "例外 `%s`")
MSG(the_default, "the default", "默认值")
MSG(vm_no_step, "`%s` has no step for the evaluation date", "`%s` 没有适用于求值日期的阶段")
MSG(ex_days_from, "from %s", "自 %s 起")
MSG(ex_days_through, "%s through %s", "%s 至 %s")
MSG(ex_steps, "dated values on %s:", "%s 适用的分段取值：")
MSG(ex_step, "  %s = %s   (step %s%s)", "  %s = %s   （阶段：%s%s）")
MSG(ex_repealed, "  %s: not in force   (step %s%s)", "  %s：不生效   （阶段：%s%s）")
MSG(ex_cited, ", %s", "，%s")
MSG(ex_verified, ", verified %s", "，%s 核对")
MSG(ex_cond_days, "   [%s]", "   [%s]")
MSG(ex_not_in_force_on, "   not in force on %s: holds", "   %s 不适用：视为满足")
MSG(ex_cap_not_in_force_on, "   not in force on %s: no ceiling", "   %s 不适用：无此上限")
MSG(ex_measure_days, "  the measure is in force %s", "  该措施的适用期：%s")
MSG(stale_verified, ": verified %s", "：%s 核对")
MSG(stale_never, ": never verified", "：从未核对")
MSG(stale_summary, "%s: %d dated value%s not verified since %s", "%s：有 %d 个分段取值%.0s自 %s 以来未经核对")
MSG(stale_none, "%s: every dated value verified since %s", "%s：所有分段取值自 %s 以来均已核对")
MSG(usage_stale_date, "--stale %s: expected a date YYYY-MM-DD that exists", "--stale %s：应为真实存在的日期 YYYY-MM-DD")
/* polrun diff */
MSG(usage_diff_format, "--format %s: choose text, json or csv", "--format %s：请选择 text、json 或 csv")
MSG(usage_diff_policies, "%s: name the policy before the change and the policy after it", "%s：请给出修改前和修改后的政策文件")
MSG(usage_diff_cases, "--cases: name the case files after the two policies", "--cases：请在两个政策文件之后给出案例文件")
MSG(usage_diff_no_bom, "--no-bom applies to diff --format csv only", "--no-bom 只适用于 diff --format csv")
MSG(usage_diff_cases_input, "--input: diff --cases reads case files, not standard input", "--input：diff --cases 读取案例文件，不读标准输入")
MSG(diff_versions, "before: %s; after: %s", "修改前：%s；修改后：%s")
MSG(diff_counts, "%ld applicants, %ld changed (%ld gained, %ld lost)", "申请人 %ld 个，有变化 %ld 个（增加 %ld 个，减少 %ld 个）")
MSG(diff_undecided_count, "%ld not decided under either version (their facts are refused or the policy fails on them)",
    "%ld 个在两个版本下都未能决定（事实数据被拒绝，或政策在其上出错）")
MSG(diff_total, "total: %s before, %s after", "合计：修改前 %s，修改后 %s")
MSG(diff_measure, "%s: granted %ld before, %ld after; total %s before, %s after", "%s：修改前给予 %ld 个，修改后给予 %ld 个；合计修改前 %s，修改后 %s")
MSG(diff_no_change, "no decision changed", "没有决定发生变化")
MSG(diff_first, "the first %d of the %ld changed applicants:", "有变化的申请人中的前 %d 个（共 %ld 个）：")
MSG(diff_all, "the %ld changed applicants:", "有变化的申请人（共 %ld 个）：")
MSG(diff_one, "the changed applicant:", "有变化的申请人（共 1 个）：")
MSG(diff_line, "line %ld", "第 %ld 行")
MSG(diff_applicant, "%s (%s): total %s → %s", "%s（%s）：合计 %s → %s")
MSG(diff_measure_change, "%s: %s → %s", "%s：%s → %s")
MSG(diff_not_granted, "not granted", "未给予")
MSG(diff_undecided, "not decided", "未能决定")
MSG(diff_error_old, "before: %s", "修改前：%s")
MSG(diff_error_new, "after: %s", "修改后：%s")
MSG(after_a_source, "after a value's source (`source \"...\" verified 2026-01-15`)", "值的依据之后（`source \"...\" verified 2026-01-15`）")

#ifdef POL_DIAG_UNDEF_DIAG
#undef DIAG
#undef POL_DIAG_UNDEF_DIAG
#endif
#ifdef POL_DIAG_UNDEF_MSG
#undef MSG
#undef POL_DIAG_UNDEF_MSG
#endif

#endif

