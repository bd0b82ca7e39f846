" Checks the Vim files of editors/vim: the syntax file loads without errors
" and gives the expected groups, and the indent file re-indents indent.pol
" to its own layout. Run by tests/editors/run.sh as
"   vim -u NONE -N -es -S tests/editors/vim-test.vim
" with $POL_EDITORS (editors/vim) and $POL_SAMPLES (tests/editors); writes
" its report to $POL_REPORT and exits non-zero on any failure.
" The samples are UTF-8: under LANG=C Vim would start in latin1 (the Vim
" files themselves say `scriptencoding utf-8`, so they read right in any
" 'encoding').
set encoding=utf-8
scriptencoding utf-8
set nocompatible
let s:failures = []
let s:passed = 0
execute 'set runtimepath^=' . fnameescape($POL_EDITORS)
filetype plugin indent on
syntax on
let v:errmsg = ''

function! s:Fail(msg) abort
  call add(s:failures, a:msg)
endfunction

" The group at the first match of PATTERN (cursor on the match's start,
" moved OFFSET characters right).
function! s:Expect(pattern, group, ...) abort
  let l:offset = a:0 ? a:1 : 0
  call cursor(1, 1)
  if search(a:pattern, 'cW') == 0
    call s:Fail('pattern not found: ' . a:pattern)
    return
  endif
  if l:offset > 0
    execute 'normal! ' . l:offset . 'l'
  endif
  let l:got = synIDattr(synID(line('.'), col('.'), 1), 'name')
  if l:got ==# a:group
    let s:passed += 1
  else
    call s:Fail(printf('%s:%d:%d `%s`: expected %s, got %s', expand('%:t'), line('.'), col('.'), a:pattern, a:group, l:got))
  endif
endfunction

execute 'edit ' . fnameescape($POL_SAMPLES . '/grammar/measures.pol')
if &filetype !=# 'pol'
  call s:Fail('filetype of a .pol file is "' . &filetype . '"')
endif
if &commentstring !=# '# %s'
  call s:Fail('commentstring is "' . &commentstring . '"')
endif
call s:Expect('^# SYNTAX', 'polComment')
call s:Expect('^policy', 'polDeclaration')
call s:Expect('"measure-sample"', 'polString')
call s:Expect('in force from', 'polKeyword')
call s:Expect('2025-03-01 through', 'polDate')
call s:Expect('500000 元', 'polMoney')
call s:Expect('500000 元', 'polMoney', 7)
call s:Expect('50 万元', 'polMoney')
call s:Expect('1.5 亿元', 'polMoney')
call s:Expect('¥500,000.00', 'polMoney')
call s:Expect('¥500,000.00', 'polMoney', 8)
call s:Expect('500000 yuan', 'polMoney', 7)
call s:Expect('1,000,000 元', 'polMoney')
call s:Expect('30%', 'polPercent')
call s:Expect('12.5%', 'polPercent')
call s:Expect('0.125', 'polNumber')
call s:Expect('= 2025$', 'polNumber', 2)
call s:Expect('6 months', 'polDuration')
call s:Expect('10 days', 'polDuration', 3)
call s:Expect('"line', 'polString')
call s:Expect('\\n', 'polEscape')
call s:Expect('^parameter in_yuan', 'polDeclaration')
call s:Expect('in_yuan', 'polDeclName')
call s:Expect(': money = 500000', 'polType', 2)
call s:Expect('unrounded money = already_paid', 'polType')
call s:Expect('^scale', 'polDeclaration')
call s:Expect('经营所得税率$', 'polDeclName')
call s:Expect('up to 30000', 'polKeyword')
call s:Expect('above: 35', 'polKeyword')
call s:Expect('deduction 1500', 'polKeyword')
call s:Expect('money = already_paid / 3', 'polType')
call s:Expect('^define rate_for_size', 'polDeclaration')
call s:Expect('rate_for_size', 'polDeclName')
call s:Expect('^  default', 'polKeyword', 2)
call s:Expect('rule small_firms', 'polRule')
call s:Expect('small_firms when', 'polLabel')
call s:Expect('is one of', 'polOperatorWord')
call s:Expect('is one of', 'polOperatorWord', 7)
call s:Expect('is not one of', 'polOperatorWord')
call s:Expect('is not one of', 'polOperatorWord', 12)
call s:Expect('evaluation date', 'polSpecial')
call s:Expect('evaluation date', 'polSpecial', 11)
call s:Expect('policy start', 'polSpecial')
call s:Expect('policy end', 'polSpecial', 7)
call s:Expect('is present', 'polOperatorWord', 3)
call s:Expect('within period in force', 'polOperatorWord', 12)
call s:Expect('year(', 'polFunction')
call s:Expect('×', 'polOperator')
call s:Expect('^measure digital_subsidy', 'polDeclaration')
call s:Expect('digital_subsidy$', 'polDeclName')
call s:Expect('article "八"', 'polArticleKw')
call s:Expect('"八"', 'polArticle')
call s:Expect('  # “对纳入', 'polComment', 2)
call s:Expect('when digital is', 'polConditional')
call s:Expect('\.in_pilot and', 'polMember', 1)
call s:Expect('amount capped', 'polKeyword')
call s:Expect('rounded down to fen', 'polOperatorWord', 16)
call s:Expect('at most 30', 'polKeyword', 3)
call s:Expect('if present', 'polKeyword', 3)
call s:Expect('is granted', 'polOperatorWord', 3)
call s:Expect('Size\.small', 'polTypeName')
call s:Expect('amount in kind', 'polKeyword', 10)
call s:Expect('amount per regulation', 'polKeyword', 11)
call s:Expect('count d', 'polRepeat')
call s:Expect('or true', 'polBoolean', 3)

execute 'edit ' . fnameescape($POL_SAMPLES . '/grammar/header.pol')
call s:Expect('^import', 'polInclude')
call s:Expect('# not a comment', 'polString')
call s:Expect('〔2025〕', 'polString')
call s:Expect('^enum Kind', 'polDeclaration')
call s:Expect('Kind {', 'polTypeName')
call s:Expect('optional text', 'polStorage')
call s:Expect('or null', 'polStorage', 3)
call s:Expect('list of Station', 'polStorage')
call s:Expect('of Station', 'polTypeName', 3)
call s:Expect('required when', 'polStorage', 9)
call s:Expect('at least 0', 'polKeyword', 3)
call s:Expect('20 items', 'polNumber')
call s:Expect('20 items', 'polNumber', 4)
call s:Expect('absent otherwise', 'polStorage')
call s:Expect('absent otherwise', 'polStorage', 9)
call s:Expect('员工人数', '')

" A policy in Chinese keywords: the generated part of the syntax file.
execute 'edit ' . fnameescape($POL_SAMPLES . '/grammar/zh-keywords.pol')
call s:Expect('^政策', 'polDeclaration')
call s:Expect('"zh-sample"', 'polString')
call s:Expect('^  标题', 'polKeyword', 2)
call s:Expect('在 施行 自', 'polKeyword', 5)
call s:Expect('2025-03-01 至', 'polKeyword', 11)
call s:Expect('^枚举', 'polDeclaration')
call s:Expect('Size {', 'polTypeName')
call s:Expect('id: 文本', 'polType', 4)
call s:Expect('可选 文本', 'polStorage')
call s:Expect('^参数 ceiling', 'polDeclaration')
call s:Expect('ceiling: 金额', 'polDeclName')
call s:Expect(': 金额 = 30', 'polType', 2)
call s:Expect('30 万元', 'polMoney')
call s:Expect('3 年', 'polDuration', 2)
call s:Expect('^定义', 'polDeclaration')
call s:Expect('rate: 小数', 'polDeclName')
call s:Expect('rate: 小数', 'polType', 6)
call s:Expect('^  默认', 'polKeyword', 2)
call s:Expect('规则 small_firms', 'polRule')
call s:Expect('small_firms 当', 'polLabel')
call s:Expect('small_firms 当', 'polConditional', 12)
call s:Expect('是 之一 的', 'polOperatorWord')
call s:Expect('是 之一 的', 'polKeyword', 2)
call s:Expect('是 之一 的', 'polOperatorWord', 5)
call s:Expect('in_pilot 且', 'polOperatorWord', 9)
call s:Expect('是 存在', 'polKeyword', 2)
call s:Expect('^措施 subsidy', 'polDeclaration')
call s:Expect('subsidy$', 'polDeclName')
call s:Expect('条款 "八"', 'polArticleKw')
call s:Expect('"八"', 'polArticle')
call s:Expect('当 非 (', 'polOperatorWord', 2)
call s:Expect('是 缺失', 'polKeyword', 2)
call s:Expect('数额 限额', 'polKeyword', 3)
call s:Expect('取整 向下 到 分', 'polOperatorWord')
call s:Expect('取整 向下 到 分', 'polKeyword', 3)
call s:Expect('取整 向下 到 分', 'polKeyword', 8)
call s:Expect('不 超过', 'polKeyword', 2)
call s:Expect('^参数 不动产比例', 'polDeclName', 3)
call s:Expect('= 不动产比例 >', '', 2)
call s:Expect('10% 且', 'polOperatorWord', 4)

execute 'edit ' . fnameescape($POL_SAMPLES . '/grammar/dated.pol')
call s:Expect('from 2022-01-01: 90%', 'polKeyword')
call s:Expect('from 2022-01-01: 90%', 'polDate', 5)
call s:Expect('verified 2025', 'polKeyword')
call s:Expect('verified 2025', 'polDate', 9)
call s:Expect('not in force', 'polKeyword', 7)
call s:Expect('source of large_rate', 'polKeyword', 7)
call s:Expect('in force from 2022-01-01 through', 'polKeyword', 9)
call s:Expect('from 2024-01-01 when', 'polConditional', 16)

execute 'edit ' . fnameescape($POL_SAMPLES . '/grammar/invalid-punctuation.pol')
call s:Expect('“全角引号”', 'polError')
call s:Expect('：', 'polError')
call s:Expect('1，', 'polError', 1)
call s:Expect('全角，逗号', 'polString', 2)
call s:Expect('注释里的“引号”', 'polComment', 4)

execute 'edit ' . fnameescape($POL_SAMPLES . '/grammar/quoted-names.pol')
call s:Expect('`amount`: money', 'polQuotedName', 1)
call s:Expect('`registered-capital`: money', 'polQuotedName', 11)
call s:Expect('`count` > 2', 'polQuotedName', 1)
call s:Expect('fixed `amount`', 'polQuotedName', 7)

" Valid policies ($POL_VALID lists them) show no polError.
if $POL_VALID !=# ''
  let s:marked = 0
  for s:file in readfile($POL_VALID)
    execute 'edit ' . fnameescape(s:file)
    for s:l in range(1, line('$'))
      let s:text = getline(s:l)
      let s:c = 1
      while s:c <= len(s:text)
        if synIDattr(synID(s:l, s:c, 1), 'name') =~# 'Error$'
          call s:Fail(printf('%s:%d:%d is marked as an error in a valid policy', s:file, s:l, s:c))
          let s:marked += 1
          break
        endif
        let s:c += 1
      endwhile
    endfor
  endfor
  if s:marked == 0
    let s:passed += 1
  endif
endif

" Quickfix: the errorformat of the ftplugin reads `polrun check
" --error-format=gnu` ($POL_GNU holds its output for invalid-punctuation.pol).
if $POL_GNU !=# ''
  execute 'cgetfile ' . fnameescape($POL_GNU)
  let s:qf = getqflist()
  let s:errors = filter(copy(s:qf), 'v:val.valid && v:val.type ==# "e"')
  let s:notes = filter(copy(s:qf), 'v:val.valid && v:val.type ==# "n"')
  let s:want_errors = len(filter(readfile($POL_GNU), 'v:val =~# ": error\\%(\\[[^]]*\\]\\)\\=: "'))
  if len(s:errors) == s:want_errors && s:want_errors > 0
    let s:passed += 1
  else
    call s:Fail(printf('quickfix: %d errors read, wanted %d', len(s:errors), s:want_errors))
  endif
  if !empty(s:notes)
    let s:passed += 1
  else
    call s:Fail('quickfix: the notes (help lines) were not read')
  endif
  if !empty(s:errors) && bufname(s:errors[0].bufnr) =~# 'invalid-punctuation\.pol$' && s:errors[0].lnum == 4 && s:errors[0].col == 9
    let s:passed += 1
  else
    call s:Fail('quickfix: first error not at invalid-punctuation.pol:4:9: ' . string(s:errors[:0]))
  endif
endif

" :make turns polrun's character columns into Vim's byte columns: an error
" at character 23 of "  amount fixed 5 万元 - already_paid ..." is on
" `already_paid` (byte 27).
execute 'edit ' . fnameescape($POL_SAMPLES . '/grammar/measures.pol')
call cursor(1, 1)
call search('already_paid rounded', 'cW')
let s:lnum = line('.')
let s:want_col = col('.')
let s:fake = tempname() . '-polrun.txt'
call writefile([printf('%s:%d:23: error[E0301]: a test message', expand('%:p'), s:lnum)], s:fake)
let &l:makeprg = 'cat ' . s:fake
silent make!
let s:qf = getqflist()
if len(s:qf) == 1 && s:qf[0].lnum == s:lnum && s:qf[0].col == s:want_col && s:qf[0].type ==# 'e' && s:qf[0].text ==# 'a test message'
  let s:passed += 1
else
  call s:Fail(printf('make: wanted line %d, byte column %d; got %s', s:lnum, s:want_col, string(s:qf)))
endif
call delete(s:fake)

" Indentation: flatten indent.pol and its copy in Chinese keywords,
" re-indent each, compare.
for s:sample in ['indent.pol', 'indent.zh.pol']
  execute 'edit ' . fnameescape($POL_SAMPLES . '/' . s:sample)
  let s:want = getline(1, '$')
  silent %left
  silent normal! gg=G
  let s:got = getline(1, '$')
  let s:bad = 0
  for s:i in range(len(s:want))
    if s:got[s:i] !=# s:want[s:i]
      call s:Fail(printf('%s:%d: re-indented as "%s", wanted "%s"', s:sample, s:i + 1, s:got[s:i], s:want[s:i]))
      let s:bad = 1
    endif
  endfor
  if !s:bad
    let s:passed += 1
  endif
  set nomodified
endfor

if v:errmsg !=# ''
  call s:Fail('Vim reported: ' . v:errmsg)
endif
call writefile(s:failures + [printf('vim: %d passed, %d failed', s:passed, len(s:failures))], $POL_REPORT)
if empty(s:failures)
  qall!
endif
cquit!
