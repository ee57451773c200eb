-- Drives `kith lsp` from Neovim's own LSP client (headless), as a user's editor would.
-- Reads KITH (the kith command) and VAULT from the environment; writes what it saw,
-- as JSON, to VAULT/../neovim.json. Used by tests/test_lsp_neovim.py.
local kith, root = os.getenv('KITH'), os.getenv('VAULT')
local seen = {}
local id = vim.lsp.start_client({ name = 'kith', cmd = { kith, 'lsp' }, root_dir = root })
vim.cmd('edit ' .. root .. '/meetings/2026-11-20-maya-okafor-coffee.md')
vim.lsp.buf_attach_client(0, id)
local client = vim.lsp.get_client_by_id(id)
vim.wait(20000, function() return client.initialized end)

local function at(line, column)
  vim.api.nvim_win_set_cursor(0, { line, column })
  return vim.lsp.util.make_position_params()
end

-- An unsaved typo, as if typed.
vim.api.nvim_buf_set_lines(0, 3, 4, false, { 'kind: cofee' })
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end)
seen.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(seen.diagnostics, { line = d.lnum, col = d.col, end_col = d.end_col,
                                   message = d.message })
end
local params = vim.lsp.util.make_range_params()
vim.api.nvim_win_set_cursor(0, { 4, 7 })
params = vim.lsp.util.make_range_params()
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, 3) }
local actions = client.request_sync('textDocument/codeAction', params, 10000, 0).result
seen.action = actions[1].title
vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
seen.fixed = vim.api.nvim_buf_get_lines(0, 3, 4, false)[1]
vim.wait(20000, function() return #vim.diagnostic.get(0) == 0 end)
seen.after_fix = #vim.diagnostic.get(0)

vim.api.nvim_buf_set_lines(0, 2, 3, false, { 'with: ma' })
local items = client.request_sync('textDocument/completion', at(3, 8), 10000, 0).result
seen.completion = {}
for _, item in ipairs(items.items or items) do
  table.insert(seen.completion, { label = item.label, detail = item.detail })
end
vim.api.nvim_buf_set_lines(0, 2, 3, false, { 'with: maya-okafor' })

seen.hover = client.request_sync('textDocument/hover', at(3, 8), 10000, 0).result.contents.value
seen.definition = client.request_sync('textDocument/definition', at(5, 14), 10000, 0).result.uri

params = at(3, 8)
params.newName = 'maya-adeyemi'
local edit = client.request_sync('textDocument/rename', params, 10000, 0).result
vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding)
vim.cmd('silent! wall')

vim.fn.writefile({ vim.fn.json_encode(seen) }, root .. '/../neovim.json')
vim.cmd('qa!')
