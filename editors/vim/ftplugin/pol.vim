" Vim filetype plugin for polrun .pol policy files
" Language: polrun policy (.pol)

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
setlocal errorformat=%f:%l:%c:\ %trror:\ %m,%f:%l:%c:\ %tarning:\ %m,%f:%l:%c:\ %tote:\ %m

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab< shiftwidth< softtabstop< iskeyword< suffixesadd< makeprg< errorformat<'

let &cpo = s:cpo_save
unlet s:cpo_save
