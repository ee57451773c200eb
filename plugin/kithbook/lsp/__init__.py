"""`kith lsp`: the vault as a language server, for every editor that speaks LSP.

`text` converts positions (LSP counts UTF-16 code units), `document` finds keys,
values, slugs and `[[links]]` in a record's text, `session` keeps the vault in
memory as the editor changes it, `features` answers the editor's requests from
it, and `server` wires those answers to pygls, the way the CLI wires the core to
Click.
"""
