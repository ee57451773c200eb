"""Finding the person a user means from what they typed on the command line."""

from __future__ import annotations

import difflib

from kithbook.errors import KithError
from kithbook.model import Vault
from kithbook.names import fold_name
from kithbook.records import SLUG


class NotFound(KithError, LookupError):
    """No single person matches; the message says why and suggests one."""


def find_person(vault: Vault, query: str) -> str:
    """The slug of the person named by `query`: a slug, or an unambiguous part of a name."""
    if query in vault.people:
        return query
    wanted = fold_name(query.strip())
    if not wanted:
        raise NotFound("no person given")
    matches = sorted(slug for slug, person in vault.people.items()
                     if wanted in fold_name(person.name) or wanted in slug)
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(f"{vault.people[s].name} ({s})" for s in matches[:6])
        raise NotFound(f"'{query}' matches {len(matches)} people: {names}; be more precise")
    raise NotFound(f"no person matches '{query}'{_closest(vault, wanted)}")


def _closest(vault: Vault, wanted: str) -> str:
    """`; did you mean Maya Okafor (maya-okafor)?` for a misspelt slug, name or part of
    one (`mya`), or nothing."""
    words: dict[str, str] = {}
    for slug, person in vault.people.items():
        name = fold_name(person.name)
        for word in (slug, name, *name.split(), *slug.split("-")):
            words.setdefault(word, slug)
    close = difflib.get_close_matches(wanted, list(words), n=1, cutoff=0.6)
    if not close:
        return ""
    slug = words[close[0]]
    return f"; did you mean {vault.people[slug].name} ({slug})?"


# Names Windows reserves for devices: a file so named cannot be opened there.
RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                      *(f"lpt{n}" for n in range(10))})


def safe_slug(text: str) -> str:
    """A slug from the command line, refused if it could name anything but a record file."""
    if not SLUG.fullmatch(text):
        raise NotFound(f"'{text}' is not a slug (lowercase letters, digits and hyphens only)")
    if text in RESERVED:
        raise NotFound(f"'{text}' is a reserved file name on Windows; choose another slug")
    return text
