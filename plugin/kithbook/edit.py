"""Writing the user's files without ever losing a byte they wrote.

- New files are created exclusively (O_EXCL): a file that appeared meanwhile
  is never overwritten.
- Edits replace only the lines of the one front matter key they change; every
  other byte (comments, key order, quoting, the body, CRLF, a BOM) stays as it
  was, and an edit that changes nothing writes nothing.
- Every write of an existing file goes to a temporary file in the same
  folder, is flushed to disk, then renamed over the original in one step.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import glob
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from kithbook.errors import KithError
from kithbook.frontmatter import PLAIN_READER, FrontMatterError, RecordLoader, decode, split

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locks, writes are not serialized
    fcntl = None

TEMPORARY_SUFFIX = ".kith-tmp"
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|\r?$)")  # LF or CRLF


class EditError(KithError, ValueError):
    """An edit that cannot be made safely; the file is left untouched."""


def create_exclusive(path: Path, text: str) -> None:
    """Create `path` with `text`; FileExistsError if anything is already there.

    The text is written to a temporary file first and linked into place, so the file
    appears whole or not at all: a kill mid-write never leaves an empty record."""
    with _staging(path, text.encode("utf-8")) as temporary:
        os.chmod(temporary, 0o644)
        _link_exclusive(temporary, path)


def _link_exclusive(temporary: str, path: Path) -> None:
    """Give the staged file its name, failing if the name is taken."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: exclusive create, then copy
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(descriptor, Path(temporary).read_bytes())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def _staging(path: Path, data: bytes, *, durable: bool = True) -> Iterator[str]:
    """`data` in a new hidden temporary file beside `path`, flushed to disk (unless the
    caller syncs a whole batch itself), for the caller to move into place; removed
    afterwards if it is still there. While it exists its writer holds a lock on it, which
    is how `_remove_stale_temporaries` tells a live writer's file from one a killed write
    left."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=TEMPORARY_SUFFIX)
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
        if durable:
            os.fsync(descriptor)
        yield temporary
    finally:
        os.close(descriptor)
        with contextlib.suppress(OSError):
            os.unlink(temporary)


BATCH = 256  # files staged (open and locked) at once: well under the usual 1,024 descriptors


class Unfinished(KithError):
    """A batch of new files that stopped part-way: `created` are in place, whole; nothing
    after them was written and no temporary file is left."""

    def __init__(self, message: str, created: list[Path]) -> None:
        super().__init__(message)
        self.created = created


def create_all(files: Sequence[tuple[Path, str]]) -> list[Path]:
    """Create every file exclusively, in order, each whole or not at all; the paths.

    What `create_exclusive` does for one file, with one sync for many: each batch is
    staged beside its files (written, locked), made durable by one sync of the file
    system (one `fsync` per file where that is not available), then linked into place in
    order; the folders are synced at the end. A name taken meanwhile, or any other
    failure, stops everything there (`Unfinished`, naming the file): the files before it
    stay, nothing after it is written. Temporary files a killed batch left in these
    folders are removed first."""
    folders = list(dict.fromkeys(path.parent for path, _ in files))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries_in(folder)
    created: list[Path] = []
    for start in range(0, len(files), BATCH):
        _create_batch(files[start:start + BATCH], created)
    for folder in folders:
        _sync_folder(folder)
    return created


def _create_batch(files: Sequence[tuple[Path, str]], created: list[Path]) -> None:
    """Stage, sync once, link in order; each path linked is added to `created`."""
    with contextlib.ExitStack() as stack:  # on leaving, every temporary file is removed
        staged: list[tuple[Path, str]] = []
        for path, text in files:
            with _stopping_at(path, created):
                temporary = stack.enter_context(_staging(path, text.encode("utf-8"),
                                                         durable=False))
                os.chmod(temporary, 0o644)
            staged.append((path, temporary))
        with _stopping_at(files[0][0], created):
            _make_durable([temporary for _, temporary in staged])
        for path, temporary in staged:
            with _stopping_at(path, created):
                _link_exclusive(temporary, path)
            created.append(path)


@contextlib.contextmanager
def _stopping_at(path: Path, created: list[Path]) -> Iterator[None]:
    """An OSError while writing `path` stops the batch: `Unfinished`, naming it."""
    try:
        yield
    except OSError as err:
        what = "appeared meanwhile" if isinstance(err, FileExistsError) else (
            f"could not be written ({err.strerror or err})")
        raise Unfinished(f"{path} {what}; nothing more was written", list(created)) from None


def _make_durable(temporaries: list[str]) -> None:
    """Flush staged files to disk: one `syncfs` of their file system on Linux, else one
    `fsync` each."""
    folders = dict.fromkeys(os.path.dirname(name) for name in temporaries)
    if not all(_sync_file_system(folder) for folder in folders):
        for name in temporaries:
            _fsync_path(name)


def _fsync_path(path: str | Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@functools.cache
def _syncfs() -> Any:
    """Linux's `syncfs(fd)` through ctypes, or None where the C library has none."""
    try:
        import ctypes

        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError, TypeError):  # not Linux (or no C library to ask)
        return None
    function.argtypes = [ctypes.c_int]
    return function


def _sync_file_system(folder: str) -> bool:
    """Write everything pending on `folder`'s file system to disk; False when it cannot
    be done this way (the caller syncs file by file)."""
    syncfs = _syncfs()
    if syncfs is None:
        return False
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        return bool(syncfs(descriptor) == 0)
    finally:
        os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    """Make the names just linked in `folder` durable (where folders can be synced)."""
    with contextlib.suppress(OSError):  # Windows cannot open a folder to sync it
        _fsync_path(folder)


@contextlib.contextmanager
def vault_lock(root: Path) -> Iterator[None]:
    """Writers to one vault take turns: an exclusive lock (flock) on the vault folder
    itself, held from reading to writing, so concurrent commands never interleave their
    read-modify-write and no lock file is left behind. Where flock does not exist
    (Windows), writes are not serialized."""
    if fcntl is None:  # pragma: no cover - not on POSIX
        yield
        return
    descriptor = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename; on any failure the old file is intact."""
    _remove_stale_temporaries(path)
    with _staging(path, data) as temporary:
        with contextlib.suppress(OSError):
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files a killed write left beside `path` (hidden, never read as records);
    a file another writer is still writing (it holds its lock) is left alone."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*{TEMPORARY_SUFFIX}"):
        _remove_if_stale(stale)


def _remove_stale_temporaries_in(folder: Path) -> None:
    """`_remove_stale_temporaries` for every file in `folder`, in one listing."""
    with os.scandir(folder) as entries:
        found = [Path(entry.path) for entry in entries
                 if entry.name.startswith(".") and entry.name.endswith(TEMPORARY_SUFFIX)]
    for stale in found:
        _remove_if_stale(stale)


def _remove_if_stale(temporary: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(temporary, os.O_RDONLY)
        try:
            if fcntl is not None:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # or OSError
            temporary.unlink()
        finally:
            os.close(descriptor)


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the front matter lines are in the raw text, and how lines end."""

    lines: list[str]  # with their own line endings
    start: int  # index of the first line inside the block
    end: int  # index of the closing fence
    newline: str


def _layout(raw: str) -> _Layout:
    lines = raw.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if not lines or lines[0].lstrip("\ufeff").rstrip("\r\n").rstrip() != "---":
        raise EditError("the file has no front matter to edit")
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in ("---", "..."):
            return _Layout(lines, 1, index, newline)
    raise EditError("the front matter is not closed")


def _key_span(layout: _Layout, key: str) -> tuple[int, int] | None:
    """Lines [first, last) of a top-level key: its line and the indented lines under it."""
    lines = layout.lines
    for index in range(layout.start, layout.end):
        match = _KEY_LINE.match(lines[index])
        if match and match.group(1) == key:
            last = index + 1
            # indented lines and blank ones (a block scalar may hold blank lines)
            while last < layout.end and (lines[last][:1] in (" ", "\t", "-") or
                                         not lines[last].strip()):
                last += 1
            while last - 1 > index and not lines[last - 1].strip():
                last -= 1
            return index, last
    return None


def yaml_line(key: str, value: Any) -> str:
    """`key: value` as YAML on one line, unquoted wherever that reads back the same."""
    if isinstance(value, dt.date):
        return f"{key}: {value.isoformat()}"
    plain = _plain_text(value)
    if plain is not None:
        line = f"{key}: {plain}"
        read = PLAIN_READER.read(line)
        if read is not None and read[0] == {key: value}:
            return line
    if isinstance(value, str):  # as PyYAML would quote it, at a fraction of the cost
        line = f"{key}: '" + value.replace("'", "''") + "'"
        read = PLAIN_READER.read(line)
        if read is not None and read[0] == {key: value}:
            return line
    dumped = yaml.safe_dump({key: value}, default_flow_style=True, allow_unicode=True,
                            sort_keys=False, width=1_000_000)
    text = dumped.strip()
    return text[1:-1] if text.startswith("{") and text.endswith("}") else text


def _plain_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "[" + ", ".join(value) + "]"
    return None


def set_key(raw: str, key: str, line: str) -> str:
    """`raw` with the top-level `key` written as `line` (added at the end if absent).

    A trailing comment on a one-line key is kept. The result must parse, with
    every other key unchanged, or EditError is raised.
    """
    layout = _layout(raw)
    lines = list(layout.lines)
    span = _key_span(layout, key)
    current = split(decode(raw.encode())).data
    if span is not None and key in current and current == {**current, key: _value_of(line)}:
        return raw  # the same value, however it was written: not a byte changes
    if span is None:
        lines.insert(layout.end, line + layout.newline)
    else:
        first, last = span
        comment = _trailing_comment(lines[first]) if last == first + 1 else ""
        lines[first:last] = [line + comment + layout.newline]
    return _checked("".join(lines), raw, key, before=current)


def grow_key(raw: str, key: str, value: list[Any] | dict[str, Any]) -> str:
    """`raw` with the list or mapping `key` set to `value`, written the way the file
    writes it: when `key` is a block (items on lines of their own) and `value` only adds
    to it, the new entries go under the last one, indented alike, and every line there
    stays as it was; otherwise as `set_key` writes it (one flow line)."""
    layout = _layout(raw)
    span = _key_span(layout, key)
    if span is not None:
        first, last = span
        inline = layout.lines[first].split(":", 1)[1].strip()
        current = split(decode(raw.encode())).data.get(key)
        entries = _added_entries(current, value)
        if last > first + 1 and (not inline or inline.startswith("#")) and entries:
            item = next(line for line in layout.lines[first + 1:last]
                        if line.strip() and not line.lstrip().startswith("#"))
            indent = item[:len(item) - len(item.lstrip())]
            lines = list(layout.lines)
            lines[last:last] = [indent + entry + layout.newline for entry in entries]
            return _checked("".join(lines), raw, key)
    return set_key(raw, key, yaml_line(key, value))


def _added_entries(current: Any, value: list[Any] | dict[str, Any]) -> list[str] | None:
    """The block lines (`- item`, `label: url`) that make `current` into `value`, when
    `value` only adds to it; None otherwise."""
    if isinstance(current, list) and isinstance(value, list) and (
            value[:len(current)] == current and len(value) > len(current)):
        return ["- " + yaml_line("k", item)[3:] for item in value[len(current):]]
    if isinstance(current, dict) and isinstance(value, dict) and len(value) > len(current) and (
            list(value.items())[:len(current)] == list(current.items())):
        return [yaml_line(str(k), v) for k, v in list(value.items())[len(current):]]
    return None


def unset_key(raw: str, key: str) -> str:
    """`raw` without the top-level `key` (unchanged if it is absent)."""
    layout = _layout(raw)
    span = _key_span(layout, key)
    if span is None:
        return raw
    lines = list(layout.lines)
    del lines[span[0]:span[1]]
    return _checked("".join(lines), raw, key)


def _value_of(line: str) -> Any:
    return yaml.load(line, Loader=RecordLoader).popitem()[1]


def _trailing_comment(line: str) -> str:
    body = line.rstrip("\r\n")
    match = re.search(r"[ \t]+#[^'\"]*$", body)
    return match.group(0) if match else ""


def _checked(new: str, old: str, key: str, *, before: dict[str, Any] | None = None) -> str:
    """Refuse an edit whose result would not parse or would change another key."""
    try:
        if before is None:
            before = split(decode(old.encode())).data
        after = split(decode(new.encode())).data
    except FrontMatterError as err:
        raise EditError(f"the edit would break the front matter (line {err.line}:"
                        f" {err.message}); nothing was written") from None
    others = {k for k in before.keys() | after.keys() if k != key}
    if any(before.get(k) != after.get(k) for k in others):
        raise EditError(f"editing '{key}' would change other keys; nothing was written")
    return new


def parse_value(text: str) -> Any:
    """A value typed on the command line: YAML when it reads as a scalar or a flat list
    (`30d`, `true`, `[a, b]`), otherwise the text itself."""
    try:
        value = yaml.load(f"v: {text}", Loader=RecordLoader)["v"]
    except (yaml.YAMLError, TypeError):
        return text
    if isinstance(value, dict) or (isinstance(value, list) and
                                   any(isinstance(v, list | dict) for v in value)):
        return text
    return value


def read_text(path: Path) -> str:
    """The file's text exactly as stored (BOM and line endings kept)."""
    return path.read_bytes().decode("utf-8")


def edit_file(path: Path, key: str, value: Any | None, *, remove: bool = False) -> bool:
    """Set (or remove) one key in a record file; True when the file changed."""
    raw = read_text(path)
    new = unset_key(raw, key) if remove else set_key(raw, key, yaml_line(key, value))
    if new == raw:
        return False
    write_atomic(path, new.encode("utf-8"))
    return True


class GitError(KithError, RuntimeError):
    """A commit that could not be made; the files are written all the same."""


def commit_files(root: Path, paths: list[Path], message: str) -> None:
    """Commit `paths` (and nothing else) with `message`, so `git log` reads as the activity log."""
    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=False)

    try:
        if git("rev-parse", "--is-inside-work-tree").returncode != 0:
            raise GitError(f"{root} is not a git repository: the change is written, not committed")
        names = [str(p) for p in paths]
        added = git("add", "--", *names)
        done = added if added.returncode else git("commit", "-q", "-m", message, "--", *names)
    except FileNotFoundError:
        raise GitError("git is not installed: the change is written, not committed") from None
    if done.returncode != 0:
        raise GitError(f"git could not commit: {done.stderr.strip() or done.stdout.strip()}")


def uncommitted(root: Path, paths: list[Path]) -> list[str]:
    """Those of `paths` (existing files) whose text differs from the last commit, or that
    were never committed, as git names them; [] outside a repository or without git.

    `--commit` asks this before writing: `git commit -- FILE` commits the whole file, so
    edits the user has not committed yet would go into the command's commit unseen."""
    names = [str(p) for p in paths if p.exists()]
    if not names:
        return []
    try:
        done = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "-z",
                               "--untracked-files=all", "--", *names],
                              capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return []
    if done.returncode != 0:
        return []  # not a repository: commit_files says so after the write
    fields, found = iter(done.stdout.split("\0")), []
    for entry in fields:
        if len(entry) > 3:
            found.append(entry[3:])
            if entry[0] in "RC":
                next(fields, None)  # a staged rename's old name follows
    return sorted(found)


_NEXT_HEADING = re.compile(r"(?m)^#{1,2} ")


def at_section_end(raw: str, heading_end: int, text: str, newline: str = "\n") -> str:
    """`raw` with `text` at the end of the Markdown section whose heading line ends at
    `heading_end` (before the next `#` or `##` heading, or the end of the file), one
    blank line kept before a following heading; everything else byte for byte."""
    following = _NEXT_HEADING.search(raw, heading_end)
    cut = following.start() if following else len(raw)
    before, after = raw[:cut].rstrip("\r\n"), raw[cut:]
    return f"{before}{newline}{text}{newline}" + (f"{newline}{after}" if after else "")


def replace_slug_in_key(raw: str, key: str, old: str, new: str) -> str:
    """`raw` with the slug `old` replaced by `new` where it is a whole value of one key
    (`with: [old, b]`, `- old`, `introduced_by: old`), and nowhere else: not inside a
    referral's free text ("old's colleague"), not in a comment. The result must read as
    the old value with exactly those items changed, or the key is written anew."""
    layout = _layout(raw)
    span = _key_span(layout, key)
    if span is None:
        return raw
    before = split(decode(raw.encode())).data
    current = before.get(key)
    wanted = _with_slug_replaced(current, old, new)
    if wanted == current:
        return raw
    lines = list(layout.lines)
    whole = re.compile(rf"""(^|[\[,:]|^[ \t]*-)([ \t]*)(['"]?){re.escape(old)}\3"""
                       r"""(?=[ \t]*(?:[,\]]|[ \t]#|\r?\n?$))""")
    for index in range(*span):
        head, colon, value = lines[index].partition(":") if index == span[0] else \
            ("", "", lines[index])
        body, comment = _split_comment(value)
        lines[index] = head + colon + whole.sub(rf"\g<1>\g<2>\g<3>{new}\g<3>", body) + comment
    result = _checked("".join(lines), raw, key, before=before)
    if split(decode(result.encode())).data.get(key) != wanted:  # a form the lines missed
        result = set_key(raw, key, yaml_line(key, wanted))
    return result


def _with_slug_replaced(value: Any, old: str, new: str) -> Any:
    if value == old:
        return new
    if isinstance(value, list):
        return [_with_slug_replaced(item, old, new) for item in value]
    return value


def _split_comment(text: str) -> tuple[str, str]:
    """A line's value and its trailing comment (` # ...` outside quotes)."""
    quote = ""
    for position, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (position == 0 or text[position - 1] in " \t"):
            ending = text[len(text.rstrip("\r\n")):]
            return text[:position], text[position:len(text) - len(ending)] + ending
    return text, ""


def replace_list_item(raw: str, key: str, old: str, new: str) -> str:
    """`raw` with the first item `old` of the list under `key` (or its single value) made
    `new`, in place where it can be found as written (quoted or not), so the other items,
    their quoting and comments stay; otherwise the key is written again whole."""
    current = split(decode(raw.encode())).data
    value = current.get(key)
    if isinstance(value, list) and old in value:
        at = value.index(old)
        wanted: Any = [*value[:at], new, *value[at + 1:]]
    elif value == old:
        wanted = new
    else:
        raise EditError(f"'{old}' is not under {key}:")
    layout = _layout(raw)
    span = _key_span(layout, key)
    assert span is not None
    head = "".join(layout.lines[:span[0]])
    segment = "".join(layout.lines[span[0]:span[1]])
    tail = "".join(layout.lines[span[1]:])
    quoted = ('"' + old.replace("\\", "\\\\").replace('"', '\\"') + '"',
              "'" + old.replace("'", "''") + "'", old)
    for spelling in quoted:
        at = segment.find(spelling, len(key) + 1)
        if at < 0:
            continue
        candidate = head + segment[:at] + new + segment[at + len(spelling):] + tail
        try:
            if split(decode(candidate.encode())).data.get(key) == wanted:
                return _checked(candidate, raw, key, before=current)
        except FrontMatterError:
            continue
    return set_key(raw, key, yaml_line(key, wanted))


@dataclass(frozen=True, slots=True)
class Change:
    """One file in a multi-file change: its new bytes, or None to delete it."""

    path: Path
    data: bytes | None
    create: bool = False  # the file must not exist yet


def apply_all(changes: list[Change]) -> None:
    """Apply every change or none: new contents are staged beside their files first,
    then swapped in; if a swap fails, the files already swapped are put back."""
    originals = {c.path: c.path.read_bytes() for c in changes if not c.create}
    for change in changes:
        if change.create and change.path.exists():
            raise EditError(f"{change.path} already exists; nothing was written")
    with contextlib.ExitStack() as stack:
        staged = [(change, stack.enter_context(_staging(change.path, change.data)))
                  for change in changes if change.data is not None]
        done: list[Change] = []
        try:
            for change, temporary in staged:
                if change.create:  # a file that appeared meanwhile is never overwritten
                    os.chmod(temporary, 0o644)
                    _link_exclusive(temporary, change.path)
                else:
                    os.replace(temporary, change.path)
                done.append(change)
            for change in changes:
                if change.data is None:
                    change.path.unlink()
                    done.append(change)
        except BaseException:
            for change in done:
                if change.path in originals:
                    write_atomic(change.path, originals[change.path])
                elif change.create:
                    with contextlib.suppress(OSError):
                        change.path.unlink()
            raise
