" Vim syntax file
" Language:    polrun policy (.pol): government support measures as code
" Maintainer:  the polrun project
" Follows grammar/lexer.l of polrun: keywords, types, money (500000 元,
" 50 万元, 1.5 亿元, ¥500,000.00, 500000 yuan), percentages, dates,
" durations, article citations, text, # comments. Words after a dot are
" member names, never keywords. Full-width punctuation and Chinese
" quotation marks outside text and comments are errors.

" The file is UTF-8 whatever the user's 'encoding' (LANG=C gives latin1).
scriptencoding utf-8

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
syn sync minlines=1

" Keywords. They are matches, not :syn keyword, so that the phrases below
" (`policy start`, `is present`, `at most`...) can take precedence.
syn keyword polTodo         contained TODO FIXME XXX NOTE
syn match   polDeclaration  "\<\%(policy\|facts\)\>"
syn match   polDeclaration  "\<\%(measure\|define\|parameter\|scale\)\>" nextgroup=polDeclName skipwhite
syn match   polDeclaration  "\<\%(enum\|record\)\>" nextgroup=polTypeName skipwhite
syn match   polInclude      "\<\%(import\|module\)\>"
syn match   polDeclName     contained "\%([A-Za-z_]\|[^\x00-\x7f]\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)*"
syn match   polTypeName     contained "\%([A-Za-z_]\|[^\x00-\x7f]\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)*"
syn match   polRule         "\<\%(rule\|exception\)\>" nextgroup=polLabel skipwhite
syn match   polLabel        contained "\%([A-Za-z_]\|[^\x00-\x7f]\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)*"
syn match   polConditional  "\<\%(when\|if\|then\|else\)\>"
syn match   polRepeat       "\<\%(any\|all\|count\|sum\|where\)\>"
syn match   polOperatorWord "\<\%(and\|or\|not\|is\|of\|otherwise\|within\|rounded\)\>"
syn match   polKeyword      "\<\%(title\|source\|in\|force\|from\|for\|through\|applies\|identified\|by\|as\)\>"
syn match   polKeyword      "\<\%(responsible\|amount\|fixed\|capped\|per\|at\|to\|default\|evaluation\)\>"
syn match   polBoolean      "\<\%(true\|false\)\>"
syn match   polConstant     "\<null\>"
syn match   polStorage      "\<\%(optional\|list\|required\)\>"
syn match   polStorage      "\<or\s\+null\>"
syn match   polStorage      "\<list\s\+of\>"
syn match   polStorage      "\<required\s\+when\>"
syn match   polStorage      "\<absent\s\+otherwise\>"

" Words that are keywords only in their place.
syn match   polKeyword      "\<at\s\+\%(most\|least\)\>"
syn match   polKeyword      "^\s*\%(up\s\+to\|above\)\>"
syn match   polKeyword      ",\s*\zsdeduction\>"
syn match   polKeyword      "\<if\s\+present\>"
syn match   polKeyword      "\<amount\s\+\%(fixed\|capped\|computed\|per\s\+regulation\|in\s\+kind\)\>"
syn match   polKeyword      "\<granted\s\+at\s\+zero\>"
syn match   polKeyword      "\<for\s\+each\>"
syn match   polKeyword      "\<ordered\s\+by\>"
syn match   polKeyword      "^\s*\zssubject\ze\s\+[^ \t:]\+\s*:"
syn match   polKeyword      "\<kind\s\+\%(grant\|relief\|service\)\>"
syn match   polOperatorWord "\<is\s\+\%(present\|absent\|granted\)\>"
syn match   polOperatorWord "\<is\s\+\%(not\s\+\)\=one\s\+of\>"
syn match   polOperatorWord "\<within\s\+period\s\+in\s\+force\>"
syn match   polKeyword      "\<not\s\+in\s\+force\>"
syn match   polKeyword      "\<source\s\+of\>"
syn match   polKeyword      "\<verified\ze\s\+\d\{4}-\d\{2}-\d\{2}\>"
syn match   polOperatorWord "\<rounded\s\+\%(down\|up\|half\s\+up\|half\s\+even\)\>\%(\s\+to\s\+\%(fen\|yuan\)\>\)\="

" BEGIN Chinese keywords, generated from src/keywords.def by tools/editor-keywords.py
" The Chinese set: reserved words everywhere, contextual words next to a
" reserved word or in their place, types, units after a number.
syn match   polDeclaration  "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(事实\|政策\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polInclude      "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(引用\|模块\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polConditional  "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(否则\|如果\|则\|当\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polRepeat       "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(任一\|合计\|所有\|满足\|计数\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polOperatorWord "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(取整\|四舍\|处于\|缺省\|且\|或\|是\|的\|非\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polBoolean      "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(假\|真\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polConstant     "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(空值\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polStorage      "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(列表\|可选\|必填\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polKeyword      "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(责任单位\|依据\|定额\|对于\|按照\|排序\|数额\|施行\|标题\|此前\|评估\|识别\|适用\|限额\|默认\|不\|依\|到\|在\|按\|自\|至\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polDeclaration  "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(税率表\|参数\|定义\|措施\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!" nextgroup=polDeclName skipwhite
syn match   polDeclaration  "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(枚举\|记录\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!" nextgroup=polTypeName skipwhite
syn match   polRule         "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(例外\|规则\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!" nextgroup=polLabel skipwhite
syn match   polKeyword      "\%(\%(责任单位\|税率表\|事实\|任一\|例外\|依据\|列表\|参数\|取整\|可选\|合计\|否则\|四舍\|处于\|如果\|定义\|定额\|对于\|引用\|必填\|所有\|按照\|排序\|措施\|政策\|数额\|施行\|日期\|条款\|枚举\|标题\|模块\|此前\|满足\|空值\|缺省\|规则\|计数\|记录\|评估\|识别\|适用\|限额\|默认\|不\|且\|依\|假\|则\|到\|在\|当\|或\|按\|是\|的\|真\|自\|至\|非\)\s\+\)\@40<=\%(六入五成双\|非资金支持\|排除零\|给予项\|之一\|五入\|取偶\|向上\|向下\|存在\|少于\|开始\|期间\|每个\|结束\|给予\|缺失\|规定\|计算\|超过\|元\|分\|级\|项\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polKeyword      "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(六入五成双\|非资金支持\|排除零\|给予项\|之一\|五入\|取偶\|向上\|向下\|存在\|少于\|开始\|期间\|每个\|结束\|给予\|缺失\|规定\|计算\|超过\|元\|分\|级\|项\)\ze\s\+\%(责任单位\|税率表\|事实\|任一\|例外\|依据\|列表\|参数\|取整\|可选\|合计\|否则\|四舍\|处于\|如果\|定义\|定额\|对于\|引用\|必填\|所有\|按照\|排序\|措施\|政策\|数额\|施行\|日期\|条款\|枚举\|标题\|模块\|此前\|满足\|空值\|缺省\|规则\|计数\|记录\|评估\|识别\|适用\|限额\|默认\|不\|且\|依\|假\|则\|到\|在\|当\|或\|按\|是\|的\|真\|自\|至\|非\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polKeyword      "^\s*\zs对象\ze\s\+[^ \t:]\+\s*:"
syn match   polKeyword      ",\s*\zs速算扣除数\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polKeyword      "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!核验于\ze\s\+\d\{4}-\d\{2}-\d\{2}"
syn match   polKeyword      "^\s*\zs以上\ze\s*:"
syn match   polKeyword      "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!类别\s\+\%(减免\|服务\|资助\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polType         "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!\%(未取整\|真假值\|小数\|整数\|文本\|日期\|期限\|金额\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polType         "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!未取整\s\+金额\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polArticleKw    "\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@4<!条款\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!" nextgroup=polArticle skipwhite
" END Chinese keywords

" Types, user types (capitalised by convention) and built-in functions.
syn match   polType         "\<\%(bool\|integer\|decimal\|money\|date\|duration\|text\)\>"
syn match   polType         "\<unrounded\s\+money\>"
syn match   polTypeName     "\<[A-Z][A-Za-z0-9_]*\>"
syn match   polFunction     "\<\%(min\|max\|year\|month\|day\)\ze\s*("

" The dates of an evaluation and of the policy.
syn match   polSpecial      "\<evaluation\s\+date\>"
syn match   polSpecial      "\<earlier\s\+grants\>"
syn match   polSpecial      "\<policy\s\+\%(start\|end\)\>"

" A name in backticks (`amount`, `registered-capital`) is a name, whatever
" the word; it starts before the word, so no keyword is matched inside.
syn match   polQuotedName   "`\%([A-Za-z0-9_-]\|[^\x00-\x7f]\)\+`"

" A member after a dot is a name, whatever the word.
syn match   polMember       "\.\s*\zs\%([A-Za-z_]\|[^\x00-\x7f]\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)*"

" Literals. Later matches win, so the longer forms come last.
syn match   polNumber       "\%(\w\|\.\)\@1<!\d\+\%(\.\d\+\)\=\%(\w\|\.\)\@!"
syn match   polPercent      "\%(\w\|\.\)\@1<!\%(\d\{1,3}\%(,\d\{3}\)\+\|\d\+\)\%(\.\d\+\)\=%"
syn match   polDuration     "\%(\w\|\.\)\@1<!\d\+\s\+\%(years\|year\|months\|month\|days\|day\)\>"
syn match   polNumber       "\%(\w\|\.\)\@1<!\d\+\s\+items\=\>"
syn match   polMoney        "\%(\w\|\.\)\@1<!\%(\d\{1,3}\%(,\d\{3}\)\+\|\d\+\)\%(\.\d\+\)\=\s*\%(万元\|亿元\|元\)"
syn match   polMoney        "\%(\w\|\.\)\@1<!\%(\d\{1,3}\%(,\d\{3}\)\+\|\d\+\)\%(\.\d\+\)\=\s\+yuan\>"
syn match   polMoney        "¥\s*\%(\d\{1,3}\%(,\d\{3}\)\+\|\d\+\)\%(\.\d\+\)\="
syn match   polDate         "\%(\w\|\.\)\@1<!\d\{4}-\d\{2}-\d\{2}\w\@!"
" BEGIN Chinese units, generated from src/keywords.def by tools/editor-keywords.py
syn match   polDuration     "\%(\w\|\.\)\@1<!\d\+\s*\%(个月\|天\|年\)\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
syn match   polNumber       "\%(\w\|\.\)\@1<!\d\+\s\+项\%([A-Za-z0-9_]\|[^\x00-\x7f]\)\@!"
" END Chinese units

" Operators.
syn match   polOperator     "!=\|<=\|>=\|[=<>+*/?-]\|≠\|≤\|≥\|×\|÷"

" Errors the scanner reports: Chinese quotation marks around text, and
" punctuation typed in full width (，：（）｛｝＝、 and the ideographic space).
syn match   polError        "“[^”]*”"
syn match   polError        "[\u2018-\u201f\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff5b-\uff5e]"

" Text, article citations and comments take precedence over everything
" above. Text is one line between ASCII double quotes; an unterminated text
" ends at the end of the line, as in the scanner.
syn match   polEscape       contained +\\["\\nt]+
syn match   polBadEscape    contained +\\[^"\\nt]+
syn region  polString       start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline contains=polEscape,polBadEscape
" article "一": the article of the policy text a measure encodes.
syn match   polArticleKw    "\<article\>" nextgroup=polArticle skipwhite
syn region  polArticle      contained start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline contains=polEscape
syn match   polComment      "#.*$" contains=polTodo,@Spell

hi def link polComment      Comment
hi def link polTodo         Todo
hi def link polString       String
hi def link polEscape       SpecialChar
hi def link polBadEscape    Error
hi def link polArticleKw    Keyword
hi def link polArticle      Label
hi def link polDeclaration  Structure
hi def link polInclude      Include
hi def link polDeclName     Function
hi def link polTypeName     Type
hi def link polRule         Keyword
hi def link polLabel        Label
hi def link polConditional  Conditional
hi def link polRepeat       Repeat
hi def link polOperatorWord Operator
hi def link polKeyword      Keyword
hi def link polBoolean      Boolean
hi def link polConstant     Constant
hi def link polStorage      StorageClass
hi def link polSpecial      Special
hi def link polType         Type
hi def link polFunction     Function
hi def link polMember       Identifier
hi def link polQuotedName   Identifier
hi def link polNumber       Number
hi def link polPercent      Number
hi def link polDuration     Number
hi def link polMoney        Number
hi def link polDate         Constant
hi def link polOperator     Operator
hi def link polError        Error

let b:current_syntax = 'pol'

let &cpo = s:cpo_save
unlet s:cpo_save
