" Vim indent file
" Language: polrun policy (.pol)
"
" The layout polrun's policies use: declarations at the left margin, their
" clauses (header clauses, measure clauses, rules, members) one step in,
" ceilings under `amount capped` one step further, and a line continuing an
" expression (after `=`, `where`, `then`, `else` or an open `{`) one step
" in from the line it continues. A comment line is indented like the code
" line that follows it.

scriptencoding utf-8

if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal autoindent
setlocal indentexpr=GetPolIndent(v:lnum)
setlocal indentkeys=0{,0},0#,!^F,o,O,=policy,=measure,=define,=parameter,=scale,=enum,=record,=facts,=import,=module,=when,=amount,=at,=rule,=exception,=default,=article,=title,=responsible,=source,=granted,=kind,=up,=above
let b:undo_indent = 'setlocal autoindent< indentexpr< indentkeys<'

if exists('*GetPolIndent')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" The words are those of both keyword sets of src/keywords.def, English
" then Chinese (tests/editors re-indents a sample in each).
let s:top = '^\s*\%(policy\|module\|import\|enum\|record\|facts\|parameter\|define\|measure\|scale'
      \ . '\|政策\|模块\|引用\|枚举\|记录\|事实\|参数\|定义\|措施\|税率表\)\>'
      \ . '\%(\s\+\%(start\|end\|开始\|结束\)\>\)\@!'
let s:clause = '^\s*\%(title\|source\|in\s\+force\|identified\|as\s\+of\|applies\|article\|responsible\|when\|amount\|rule\|exception\|default\|granted\s\+at\s\+zero\|kind\s\+\%(grant\|relief\|service\)\|up\s\+to\|above\s*:'
      \ . '\|标题\|依据\|在\s\+施行\|识别\|按\s\+的\|适用\|条款\|责任单位\|当\|数额\|规则\|例外\|默认\|给予\s\+不\s\+排除零\|类别\s\+\%(资助\|减免\|服务\)\|级\s\+到\|以上\s*:\)\>'
let s:ceiling = '^\s*\%(at\s\+\%(most\|least\)\|不\s\+\%(超过\|少于\)\)\>'
let s:amount = '^\s*\%(amount\|数额\)\>'
let s:if = '\<\%(if\|如果\)\>'
let s:else = '^\s*\%(else\|否则\)\>'
let s:continued = '\%(=\|\<where\|\<then\|\<else\|\<满足\|\<则\|\<否则\)$'

function! s:IsCode(lnum) abort
  let l:line = getline(a:lnum)
  return l:line !~ '^\s*$' && l:line !~ '^\s*#'
endfunction

" The line without a trailing comment (a # inside text is kept).
function! s:Code(lnum) abort
  let l:line = getline(a:lnum)
  let l:out = ''
  let l:in_text = 0
  let l:i = 0
  while l:i < len(l:line)
    let l:c = l:line[l:i]
    if l:in_text
      if l:c ==# '\'
        let l:out .= l:c
        let l:i += 1
        let l:c = l:line[l:i]
      elseif l:c ==# '"'
        let l:in_text = 0
      endif
    elseif l:c ==# '"'
      let l:in_text = 1
    elseif l:c ==# '#'
      break
    endif
    let l:out .= l:c
    let l:i += 1
  endwhile
  return substitute(l:out, '\s\+$', '', '')
endfunction

function! s:PrevCode(lnum) abort
  let l:n = a:lnum - 1
  while l:n > 0 && !s:IsCode(l:n)
    let l:n -= 1
  endwhile
  return l:n
endfunction

function! s:NextCode(lnum) abort
  let l:n = a:lnum + 1
  let l:last = line('$')
  while l:n <= l:last && !s:IsCode(l:n)
    let l:n += 1
  endwhile
  return l:n <= l:last ? l:n : 0
endfunction

function! GetPolIndent(lnum) abort
  let l:sw = shiftwidth()
  let l:line = getline(a:lnum)

  " A comment line goes with the code that follows it.
  if l:line =~ '^\s*#'
    let l:next = s:NextCode(a:lnum)
    return l:next ? s:CodeIndent(l:next) : 0
  endif
  return s:CodeIndent(a:lnum)
endfunction

function! s:CodeIndent(lnum) abort
  let l:sw = shiftwidth()
  let l:line = getline(a:lnum)
  let l:prev = s:PrevCode(a:lnum)

  if l:line =~ s:top || l:prev == 0
    return 0
  endif
  let l:pcode = s:Code(l:prev)
  let l:pind = indent(l:prev)

  if l:line =~ '^\s*}'
    " the line that opened the block
    let l:n = l:prev
    while l:n > 0 && s:Code(l:n) !~ '{\s*$'
      let l:n = s:PrevCode(l:n)
    endwhile
    return l:n > 0 ? indent(l:n) : 0
  endif
  if l:pcode =~ '{\s*$'
    return l:pind + l:sw
  endif
  if l:line =~ s:ceiling
    " a ceiling: one step in from its `amount` clause
    let l:n = l:prev
    while l:n > 0 && getline(l:n) !~ s:amount && getline(l:n) !~ s:top
      let l:n = s:PrevCode(l:n)
    endwhile
    return l:n > 0 && getline(l:n) =~ s:amount ? indent(l:n) + l:sw : 2 * l:sw
  endif
  if l:line =~ s:clause
    return l:sw
  endif
  if l:line =~ s:else
    " under the `if` it belongs to
    let l:n = l:prev
    while l:n > 0 && s:Code(l:n) !~ s:if && getline(l:n) !~ s:top
      let l:n = s:PrevCode(l:n)
    endwhile
    return l:n > 0 && s:Code(l:n) =~ s:if ? indent(l:n) : l:pind
  endif
  if l:pcode =~ s:continued
    return l:pind + l:sw
  endif
  if l:pcode =~ s:top
    return l:sw
  endif
  if l:pcode =~ s:ceiling
    return l:sw
  endif
  return l:pind
endfunction

let &cpo = s:cpo_save
unlet s:cpo_save
