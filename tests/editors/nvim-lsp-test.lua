-- Neovim's built-in LSP client against polrun lsp, headless
-- (tests/editors/run.sh):
--   POLRUN=... POLICY=... nvim --headless --clean -u NONE -l? (see run.sh)
-- Configured as editors/README.md says; opens a copy of the Changsha
-- policy with a typo, waits for the diagnostic, hovers a parameter, and
-- writes what it saw to OUT, one line each.
local polrun, policy, out = os.getenv("POLRUN"), os.getenv("POLICY"), os.getenv("OUT")
local lines = {}
local function say(s) table.insert(lines, s) end
local function finish()
  vim.fn.writefile(lines, out)
  vim.cmd("qa!")
end
vim.cmd("set runtimepath+=" .. os.getenv("EDITORS") .. "/vim")
vim.cmd("filetype off")
vim.cmd("filetype plugin indent on")
-- the configuration of editors/README.md, with this build's polrun
vim.api.nvim_create_autocmd("FileType", {
  pattern = "pol",
  callback = function(args)
    local client = vim.lsp.start_client({name = "polrun", cmd = {polrun, "lsp"}, root_dir = vim.fn.getcwd()})
    if client then vim.lsp.buf_attach_client(args.buf, client) end
  end,
})
vim.cmd("edit " .. policy)
local buf = vim.api.nvim_get_current_buf()
say("filetype " .. vim.bo.filetype)
local ok = vim.wait(10000, function() return #vim.lsp.buf_get_clients(buf) > 0 and vim.lsp.buf_get_clients(buf)[1].initialized end, 50)
if not ok then say("no client") finish() return end
-- a typo, typed into the buffer
local row
for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  if l == "  when little_giant_tier" and not row then row = i end
end
vim.api.nvim_buf_set_lines(buf, row - 1, row, false, {"  when litle_giant_tier"})
ok = vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
for _, d in ipairs(vim.diagnostic.get(buf)) do
  say(string.format("diagnostic %d:%d %s %s", d.lnum + 1, d.col + 1, d.code or "", (d.message:gsub("\n", " | "))))
end
-- hover on a parameter
local prow
for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  if l:find("^parameter digital_rate") then prow = i end
end
local result = vim.lsp.buf_request_sync(buf, "textDocument/hover",
  {textDocument = {uri = vim.uri_from_bufnr(buf)}, position = {line = prow - 1, character = 12}}, 5000)
for _, r in pairs(result or {}) do
  if r.result then say("hover " .. (r.result.contents.value:gsub("\n", " | "))) end
end
-- the fix clears it
vim.api.nvim_buf_set_lines(buf, row - 1, row, false, {"  when little_giant_tier"})
ok = vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 50)
say("cleared " .. tostring(ok))
finish()
