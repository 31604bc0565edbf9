-- Drives headless Neovim the way a user works: load the documented configuration (init.lua),
-- open each file, wait for Vigil's diagnostic, run `vim.lsp.buf.code_action()` on it and pick
-- the fix by its title (vim.ui.select is where a user would choose), save, and wait for the
-- diagnostic to go away. Everything seen is written as JSON to $VIGIL_RESULT for
-- test/editors/neovim.test.ts; Neovim exits 0 when the script ran to the end, 1 otherwise.
--
-- Environment: VIGIL_INIT (the configuration to load), VIGIL_SERVER (read by it), VIGIL_RESULT,
-- VIGIL_CASES (JSON list of { file, code, pick }), VIGIL_TIMEOUT_MS (per wait and overall).

local wait_ms = tonumber(vim.env.VIGIL_TIMEOUT_MS or '15000')
local report = { cases = {}, notifications = {}, steps = {} }
local finished = false

local function step(text)
  table.insert(report.steps, text)
end

local function finish(ok, err)
  if finished then return end
  finished = true
  report.ok = ok
  report.error = err
  local file = assert(io.open(vim.env.VIGIL_RESULT, 'w'))
  file:write(vim.json.encode(report))
  file:close()
  vim.cmd(ok and 'qall!' or 'cquit! 1')
end

-- An overall deadline on top of the waits below: timers fire while vim.wait() runs.
vim.defer_fn(function()
  finish(false, 'timed out; last step: ' .. tostring(report.steps[#report.steps]))
end, 2 * wait_ms)

-- Messages Neovim would show a user ("No code actions available", server errors).
vim.notify = function(message, level)
  table.insert(report.notifications, { message = tostring(message), level = level })
end

local function wait_for(what, condition)
  step('waiting for ' .. what)
  if not vim.wait(wait_ms, condition, 20) then
    error('gave up waiting for ' .. what, 0)
  end
end

--- Diagnostics in buffer `buf` with rule code `code`, as plain tables (1-based lines, 0-based
--- byte columns as Neovim stores them).
local function diagnostics(buf, code)
  local found = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
    if code == nil or diagnostic.code == code then
      table.insert(found, {
        code = diagnostic.code,
        source = diagnostic.source,
        message = diagnostic.message,
        severity = diagnostic.severity,
        line = diagnostic.lnum + 1,
        col = diagnostic.col,
        end_line = diagnostic.end_lnum + 1,
        end_col = diagnostic.end_col,
      })
    end
  end
  return found
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, true), '\n') .. '\n'
end

local function run_case(case)
  local result = { file = case.file, offered = {} }
  table.insert(report.cases, result)
  step('opening ' .. case.file)
  vim.cmd('edit ' .. vim.fn.fnameescape(case.file))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype

  wait_for(case.code .. ' in ' .. case.file, function()
    return #diagnostics(buf, case.code) > 0
  end)
  result.before = diagnostics(buf, case.code)
  result.all_before = diagnostics(buf, nil)

  -- Put the cursor on the finding, as a user would, and ask for code actions there.
  local first = result.before[1]
  vim.api.nvim_win_set_cursor(0, { first.line, first.col })
  local tick = vim.api.nvim_buf_get_changedtick(buf)
  local picked = false
  vim.ui.select = function(items, opts, on_choice)
    local choice
    for _, item in ipairs(items) do
      local title = opts.format_item(item)
      table.insert(result.offered, title)
      if title == case.pick then choice = item end
    end
    picked = choice ~= nil
    on_choice(choice)
  end
  local notified = #report.notifications
  step('code action on ' .. case.file)
  vim.lsp.buf.code_action()
  wait_for('the code action menu', function()
    return #result.offered > 0 or #report.notifications > notified
  end)
  if not picked then
    error('no code action titled "' .. case.pick .. '"', 0)
  end
  wait_for('the fix to change the buffer', function()
    return vim.api.nvim_buf_get_changedtick(buf) ~= tick
  end)
  result.fixed = buffer_text(buf)

  -- The edit reaches the server as didChange; the fresh analysis drops the finding.
  wait_for(case.code .. ' to go away in ' .. case.file, function()
    return #diagnostics(buf, case.code) == 0
  end)
  result.after = diagnostics(buf, nil)
  vim.cmd('write')
  result.modified = vim.bo[buf].modified
end

local ok, err = xpcall(function()
  dofile(vim.env.VIGIL_INIT)
  for _, case in ipairs(vim.json.decode(vim.env.VIGIL_CASES)) do
    run_case(case)
  end
  local clients = vim.lsp.get_active_clients()
  report.clients = #clients
  report.client_name = clients[1] and clients[1].name
  for _, client in ipairs(clients) do
    client.stop()
  end
  wait_for('the server to stop', function()
    return #vim.lsp.get_active_clients() == 0
  end)
end, function(message)
  return debug.traceback(tostring(message), 2)
end)
finish(ok, (not ok) and err or nil)
