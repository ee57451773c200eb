"""Commands for editors: `kith lsp`, the language server."""

from __future__ import annotations

import datetime as dt

import click

from kithbook.cli import VaultContext, dated, main, pass_vault, today_for
from kithbook.settings import Settings


@main.command()
@click.option("--stdio", is_flag=True, hidden=True,
              help="Talk over stdin and stdout (the default; accepted for editors that pass it).")
@dated
@pass_vault
def lsp(context: VaultContext, stdio: bool) -> None:
    """Run the language server for editors (LSP over stdin and stdout).

    Example: kith lsp   (started by the editor; see the guide's Editors page)

    The vault is the --vault folder, else the nearest one holding mkdocs.yml at
    or above the folder the editor opened. Diagnostics are what kith check
    reports, as you type; completion, hover, go to definition, document links,
    quick fixes and renaming a person work on slugs and [[links]].
    """
    # Imported here: the LSP libraries take most of a second to load, which every other
    # command (an import of 10,000 messages included) would otherwise pay at start-up.
    from kithbook.lsp.server import serve

    given = context.given_today

    def today(settings: Settings) -> dt.date:
        # The clock is read here, in the adapter, each time the server asks.
        return today_for(settings, dt.datetime.now(dt.UTC), given=given)

    serve(today, context.given.resolve() if context.given else None)
