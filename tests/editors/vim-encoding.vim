scriptencoding utf-8
" The Vim files in a Vim whose 'encoding' is not UTF-8 (a Chinese user's
" GBK, cp936): Vim converts the UTF-8 sample to cp936 as it reads it, and
" the syntax file's `scriptencoding utf-8` converts its patterns alike, so
" the Chinese keywords are still found. Run by tests/editors/run.sh as
"   vim -u NONE -N -es --cmd 'set encoding=cp936' -S tests/editors/vim-encoding.vim
" with $POL_EDITORS and $POL_SAMPLES; writes the groups of three words of
" grammar/zh-keywords.pol, and the encoding, to $POL_REPORT.
set nocompatible
execute 'set runtimepath^=' . fnameescape($POL_EDITORS)
filetype plugin indent on
syntax on
set fileencodings=utf-8
execute 'edit ' . fnameescape($POL_SAMPLES . '/grammar/zh-keywords.pol')
let s:groups = [&encoding]
for [s:pattern, s:offset] in [['^政策', 0], ['不 超过', 2], [': 金额 = 30', 2]]
  call cursor(1, 1)
  if search(s:pattern, 'cW') == 0
    call add(s:groups, 'not-found')
    continue
  endif
  if s:offset > 0
    execute 'normal! ' . s:offset . 'l'
  endif
  call add(s:groups, synIDattr(synID(line('.'), col('.'), 1), 'name'))
endfor
call writefile([join(s:groups)], $POL_REPORT)
qa!
