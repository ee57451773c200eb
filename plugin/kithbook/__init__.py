"""Kithbook: a personal relationship manager for informational interviews.

The core (model, frontmatter, load, check, ...) knows nothing of MkDocs or
Click; `mkdocs_plugin` and `cli` are thin adapters over it.
"""
