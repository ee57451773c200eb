//! Zed has no setting that starts an arbitrary language server: an extension must
//! name it. This one runs `kith lsp`, found on the PATH of the project's shell.

use zed_extension_api::{self as zed, LanguageServerId, Result};

struct Kithbook;

impl zed::Extension for Kithbook {
    fn new() -> Self {
        Kithbook
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let kith = worktree
            .which("kith")
            .ok_or_else(|| "kith is not on PATH: install Kithbook (pip install kithbook)".to_string())?;
        Ok(zed::Command {
            command: kith,
            args: vec!["lsp".to_string()],
            env: worktree.shell_env(),
        })
    }
}

zed::register_extension!(Kithbook);
