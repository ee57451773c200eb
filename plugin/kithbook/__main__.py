"""`python -m kithbook` runs the `kith` command."""

from kithbook.cli import main

main(prog_name="kith")
