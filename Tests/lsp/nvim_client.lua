-- Neovim's built-in LSP client against `sopc lsp` (run by LSPClientTests):
--   SOPC_BIN=… SOPC_FILE=…/lakip.sop.yaml SOPC_NVIM_OUT=result.json nvim --headless --clean -u NONE -l? \
--     -c "luafile Tests/lsp/nvim_client.lua"
-- Opens the file, makes an unsaved edit with an unknown actor, waits for the diagnostics, renames the step
-- 'draf' with the server's WorkspaceEdit applied by Neovim, and writes what it saw as JSON.
local sopc = os.getenv("SOPC_BIN")
local file = os.getenv("SOPC_FILE")
local out = os.getenv("SOPC_NVIM_OUT")
local result = { errors = {} }

local function finish()
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qall!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local config = { name = "sopc", cmd = { sopc, "lsp" }, root_dir = vim.fn.fnamemodify(file, ":h") }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config)
  else -- Neovim before 0.8
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, client_id)
  end
  local client = vim.lsp.get_client_by_id(client_id)
  result.attached = vim.wait(20000, function() return client.initialized end, 20) and true or false

  -- An unsaved edit: the first `actor: kabiro` becomes `actor: kabir`.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    if line:match("^%s+actor: kabiro$") then
      vim.api.nvim_buf_set_lines(buf, i - 1, i, false, { (line:gsub("kabiro", "kabir")) })
      result.editedLine = i - 1
      break
    end
  end
  vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == "unknown-actor" then return true end
    end
    return false
  end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, { code = d.code, lnum = d.lnum, col = d.col, message = d.message, source = d.source })
  end

  -- Rename the step 'draf' (also the target of a decision's no:) (on its `id:` line) and apply the WorkspaceEdit.
  lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local row, col
  for i, line in ipairs(lines) do
    local s = line:find("id: draf$")
    if s then row, col = i - 1, s + 3 break end
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = row, character = col },
    newName = "susun-draf",
  }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/rename", params, 20000)
  local edit = responses and responses[client_id] and responses[client_id].result
  result.renameEdits = 0
  if edit then
    for _, edits in pairs(edit.changes or {}) do result.renameEdits = result.renameEdits + #edits end
    vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding or "utf-16")
  end
  result.renamed = 0
  for _, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find("susun-draf", 1, true) then result.renamed = result.renamed + 1 end
  end
  result.offset_encoding = client.offset_encoding
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
