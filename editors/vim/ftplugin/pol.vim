" Vim filetype plugin for polrun .pol policy files
" Language: polrun policy (.pol)

" The file is UTF-8 whatever the user's 'encoding' (LANG=C gives latin1).
scriptencoding utf-8

if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

let s:cpo_save = &cpo
set cpo&vim

setlocal commentstring=#\ %s
setlocal comments=:#
setlocal formatoptions-=t formatoptions+=croql
setlocal expandtab shiftwidth=2 softtabstop=2
" Names may hold any non-ASCII character (员工人数): keep them one word.
setlocal iskeyword=@,48-57,_,192-255
setlocal suffixesadd=.pol

" :make checks the policy of the current buffer; errors go to the quickfix
" list (see editors/README.md).
if executable('polrun')
  setlocal makeprg=polrun\ check\ --error-format=gnu\ %
endif
" `file:line:col: error[E0301]: message` (the code is optional), warnings and
" notes alike.
setlocal errorformat=%f:%l:%c:\ %trror[%*[^]]]:\ %m,%f:%l:%c:\ %trror:\ %m,%f:%l:%c:\ %tarning[%*[^]]]:\ %m,%f:%l:%c:\ %tarning:\ %m,%f:%l:%c:\ %tote:\ %m

" polrun counts columns in characters, Vim's quickfix in bytes: after a
" :make in a .pol buffer, turn each column into the byte Vim expects, so
" that the cursor lands on the error even after Chinese text.
augroup polrun_quickfix
  autocmd! * <buffer>
  autocmd QuickFixCmdPost <buffer> call s:CharColumnsToBytes()
augroup END

if !exists('*s:CharColumnsToBytes')
  function! s:CharColumnsToBytes() abort
    if expand('<amatch>') !~# '^\%(make\|cfile\|cgetfile\|caddfile\)$' || &l:makeprg !~# 'polrun'
      return
    endif
    let l:list = getqflist()
    let l:changed = 0
    for l:e in l:list
      if !l:e.valid || l:e.bufnr <= 0 || l:e.col <= 1 || l:e.vcol
        continue
      endif
      let l:lines = getbufline(l:e.bufnr, l:e.lnum)
      if empty(l:lines) && filereadable(bufname(l:e.bufnr))
        let l:lines = readfile(bufname(l:e.bufnr), '', l:e.lnum)[l:e.lnum - 1 :]
      endif
      if empty(l:lines)
        continue
      endif
      let l:byte = byteidx(l:lines[0], l:e.col - 1)
      if l:byte >= 0 && l:byte + 1 != l:e.col
        let l:e.col = l:byte + 1
        let l:changed = 1
      endif
    endfor
    if l:changed
      call setqflist(l:list, 'r')
    endif
  endfunction
endif

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab< shiftwidth< softtabstop< iskeyword< suffixesadd< makeprg< errorformat<'
      \ . ' | execute "autocmd! polrun_quickfix * <buffer>"'

let &cpo = s:cpo_save
unlet s:cpo_save
