-- Vigil in Neovim 0.7 or later, without plugins: one language server for the session, rooted
-- at the working directory, attached to every Python, TypeScript and JavaScript buffer.
-- docs/editors.md shows this file; the Neovim test runs it as it is.
local server = vim.env.VIGIL_SERVER or vim.fn.expand('~/vigil/dist/server.js')
local client_id

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact' },
  callback = function(args)
    if not client_id then
      client_id = vim.lsp.start_client({
        name = 'vigil',
        cmd = { 'node', server, '--stdio' },
        root_dir = vim.fn.getcwd(),
        -- The `vigil` section, as in VS Code's settings without the `vigil.` prefix.
        settings = { vigil = { fix = { timeoutSeconds = 10 } } },
        -- Neovim 0.7 neither announces `workspace/configuration` nor sends the settings by
        -- itself: push them once the server is up.
        on_init = function(client)
          client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
        end,
      })
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
