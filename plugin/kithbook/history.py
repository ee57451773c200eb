"""The vault's git history, read in one pass: the user's activity log.

One `git log` over the vault folder, parsed as it streams, gives every
commit (date, subject, files) and, per file, the commits that changed it,
following renames. A second, cheap `git diff` runs beside it to find files
changed since the last commit. Never one git process per file: the
benchmark in `benchmarks/bench_history.py` holds the reader to the cost of
the bare `git log` it runs.

Nothing here fails a build: without git, outside a repository or in a
shallow clone the reader returns what it can and says why in `notices`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import posixpath
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator, KeysView, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import IO, NamedTuple

from kithbook.collector import collector_paused
from kithbook.settings import Settings

# Each commit starts with an empty token (two NULs): paths and statuses are
# never empty, so the marker cannot be confused with them, and a subject
# (the last field) cannot hold a NUL.
LOG_FORMAT = "%x00%x00%H%x1f%P%x1f%aI%x1f%D%x1f%s"
# Settings a user's config could change under us, pinned for a parseable log.
GIT_CONFIG = ("-c", "core.quotepath=off", "-c", "log.showRoot=true",
              "-c", "log.showSignature=false", "-c", "diff.renames=true", "-c", "color.ui=never")
# Excluding every ref leaves only the "grafted" decoration, which marks the
# boundary of a shallow clone (`%D` would otherwise list branch names).
NO_REFS = "--decorate-refs=refs/kithbook/none"
CHUNK = 1 << 18
SHALLOW_NOTICE = (
    "This is a shallow clone: git history before {date} is missing, so dates added on or"
    " before it are the clone's boundary, not the real ones (fetch with `--unshallow` or"
    " `fetch-depth: 0` for the full history)."
)


class Commit(NamedTuple):
    """One commit that touched the vault: `files` are named as they were in that commit."""

    sha: str
    when: dt.datetime  # the author date, in the author's own offset
    subject: str
    files: tuple[str, ...]
    grafted: bool = False  # the boundary of a shallow clone: its "additions" are not real

    @property
    def short(self) -> str:
        return self.sha[:7]


class Revision(NamedTuple):
    """One version of a text file: the commit that wrote it (None: not yet committed)."""

    commit: Commit | None
    text: str


@dataclass(frozen=True, slots=True)
class FileHistory:
    """One file's commits, newest first, across renames; and whether it has unsaved work."""

    path: str
    commits: tuple[Commit, ...] = ()
    uncommitted: bool = False  # new or changed since the last commit

    @property
    def created(self) -> Commit | None:
        return self.commits[-1] if self.commits else None

    @property
    def created_exactly(self) -> bool:
        """False when the first commit seen is a shallow clone's boundary, not the real one."""
        return bool(self.commits) and not self.commits[-1].grafted

    @property
    def last_changed(self) -> Commit | None:
        return self.commits[0] if self.commits else None

    @property
    def revisions(self) -> int:
        return len(self.commits)


@dataclass(frozen=True, slots=True)
class History:
    """Everything read from git: the commits, per-file histories, and what went wrong."""

    available: bool  # False: no git, or not a repository (the pages then show no dates)
    commits: tuple[Commit, ...] = ()  # newest first
    oldest: Mapping[str, Commit] = field(default_factory=dict)  # per file: its first commit
    revised: Mapping[str, Sequence[Commit]] = field(default_factory=dict)  # if more than one
    changed: frozenset[str] = frozenset()  # changed since the last commit
    notices: tuple[str, ...] = ()
    shallow: bool = False

    def of(self, path: str) -> FileHistory:
        """The history of the file now at `path` (relative to the vault, with `/`)."""
        commits = self.commits_of(path)
        if not commits:
            commits = self.commits_of(unicodedata.normalize("NFC", path))
        return FileHistory(path, commits, path in self.changed or not commits)

    def commits_of(self, path: str) -> tuple[Commit, ...]:
        """The commits of the file now at `path`, newest first."""
        if (items := self.revised.get(path)) is not None:
            return tuple(items)
        return (self.oldest[path],) if path in self.oldest else ()

    @property
    def paths(self) -> KeysView[str]:
        """Every file with a commit, by its current name (deleted files by their last)."""
        return self.oldest.keys()


NO_HISTORY = History(available=False)


def log_command() -> list[str]:
    """The one `git log` the reader runs (the benchmark times it bare, too).

    No pathspec: git then skips history simplification, which made the log
    2.4 times slower on 2,000 commits even for `-- .`; the parser keeps the
    vault's folders instead. `--relative` limits the output to the folder git
    runs in and names files from there, for a vault inside a larger repository.
    """
    return ["git", *GIT_CONFIG, "log", "-z", "--date-order", f"--format={LOG_FORMAT}", NO_REFS,
            "--name-status", "-M", "--no-color", "--relative"]


def changed_command() -> list[str]:
    """Files changed since the last commit, staged or not (new files have no history at all)."""
    return ["git", *GIT_CONFIG, "diff", "--name-only", "-z", "--no-color", "--relative", "HEAD",
            "--", "."]


def read_history(root: Path, *, folders: Sequence[str] = (), worktree: bool = True) -> History:
    """The history of the vault at `root` (which may be a subfolder of its repository).

    `folders` (relative to `root`) keeps only the files below them, all when
    empty; `worktree=False` skips the check for changes not yet committed.
    """
    if not root.is_dir():
        return History(False, notices=(f"{root} is not a folder, so there is no history.",))
    try:
        log = _start(log_command(), root)
    except FileNotFoundError:
        return History(False, notices=("git is not installed, so there is no history: dates"
                                       " added and last edited are not shown.",))
    except OSError as err:
        return History(False, notices=(f"git could not be run: {err.strerror}.",))
    try:  # beside the log, on the other core
        changed = _start(changed_command(), root) if worktree else None
    except OSError:
        changed = None
    assert log.stdout is not None and log.stderr is not None
    with collector_paused():  # a tenth of the parse on 5,000 files
        parsed = parse_log(_chunks(log.stdout), folders)
    error = log.stderr.read().decode("utf-8", "replace")
    status = log.wait()
    uncommitted = _changed_files(changed) if changed else frozenset()
    if status != 0:
        return _failed(root, error)
    notices: tuple[str, ...] = ()
    if parsed.boundary:
        notices = (SHALLOW_NOTICE.format(date=parsed.boundary.date().isoformat()),)
    return History(True, parsed.commits, parsed.oldest, parsed.revised, uncommitted, notices,
                   parsed.boundary is not None)


def _start(command: list[str], root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=root, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk


def _changed_files(process: subprocess.Popen[bytes]) -> frozenset[str]:
    out, _ = process.communicate()
    if process.returncode != 0:  # no commits yet: nothing to compare with, and nothing committed
        return frozenset()
    return frozenset(p for p in out.decode("utf-8", "surrogateescape").split("\0") if p)


def _failed(root: Path, error: str) -> History:
    if "does not have any commits yet" in error:
        return History(True, notices=("The git repository has no commits yet: every record is"
                                      " not yet committed.",))
    if "not a git repository" in error.lower():
        return History(False, notices=(f"{root.name or root} is not in a git repository, so"
                                       " there is no history (run `git init` and commit to"
                                       " start one).",))
    first = next((line for line in error.splitlines() if line.strip()), "no message")
    return History(False, notices=(f"git log failed, so there is no history: {first.strip()}",))


class Parsed(NamedTuple):
    commits: tuple[Commit, ...]  # newest first; only those that touched the kept folders
    oldest: dict[str, Commit]  # per file (by its current name): the commit that created it
    revised: dict[str, list[Commit]]  # files with more than one commit: all of them, newest first
    boundary: dt.datetime | None  # the oldest commit of a shallow clone, else None


def parse_log(chunks: Iterable[bytes], folders: Sequence[str] = ()) -> Parsed:
    """Commits and each file's commits from `git log -z --name-status` output.

    Renames are followed by walking from the newest commit back: a file
    renamed from A to B is B's history before the rename too. A name deleted
    in a commit older than one that touched it was re-created in between, so
    what comes before the deletion is another file's history.

    Most files have one commit: they cost one entry in `oldest`, written for a
    whole commit at once (`dict.fromkeys`), which keeps the parse within the
    benchmark's budget. Only files seen again get a list in `revised`.
    """
    prefixes = _prefixes(folders)
    commits: list[Commit] = []
    oldest: dict[str, Commit] = {}
    revised: dict[str, list[Commit]] = {}
    alias: dict[str, str | None] = {}  # a name in older history -> the file's current name
    boundary: dt.datetime | None = None

    def again(path: str, commit: Commit) -> None:
        if (items := revised.get(path)) is None:
            revised[path] = [oldest[path], commit]
        else:
            items.append(commit)

    for header, statuses, paths, renamed in _records(chunks):
        if prefixes and not all(map(str.startswith, paths, repeat(prefixes))):
            kept = [i for i, path in enumerate(paths) if path.startswith(prefixes)]
            statuses, paths = [statuses[i] for i in kept], [paths[i] for i in kept]
        commit = _commit(header, tuple(paths))
        if commit.grafted:
            boundary = commit.when if boundary is None else min(boundary, commit.when)
        if not paths:
            continue
        commits.append(commit)
        if not alias and not renamed and "D" not in statuses:  # the common case, in bulk
            for path in oldest.keys() & paths:
                again(path, commit)
            oldest.update(dict.fromkeys(paths, commit))
            continue
        for status, path in zip(statuses, paths, strict=True):
            current = alias.get(path, path) if alias else path
            if current is None:  # a name reused after an earlier file was deleted or moved
                continue
            if current in oldest:
                if status == "D":  # deleted, yet touched later: re-created, so a new file
                    alias[path] = None
                    continue
                again(current, commit)
            oldest[current] = commit
            if status == "R":  # the old name is this file in older commits
                alias[renamed[path]] = current
                alias[path] = None
    return Parsed(tuple(commits), oldest, revised, boundary)


def _prefixes(folders: Sequence[str]) -> tuple[str, ...]:
    """`people/`, `meetings/`...; none (keep everything) when a folder is the vault itself."""
    normal = [posixpath.normpath(folder.replace(os.sep, "/")) for folder in folders]
    return () if "." in normal else tuple(folder + "/" for folder in normal)


Record = tuple[str, list[str], list[str], dict[str, str]]  # header, statuses, paths, renames


def _records(chunks: Iterable[bytes]) -> Iterator[Record]:
    """One record per commit, decoded and split chunk by chunk as git writes them.

    A commit starts with two NULs; its header ends with one; then come
    `status NUL path NUL` (`R100 NUL old NUL new NUL` for a rename).
    """
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    carry = ""
    for chunk in chunks:
        records = (carry + decoder.decode(chunk)).split("\0\0")
        carry = records.pop()
        for record in records:
            if record := record.lstrip("\0"):
                yield _record(record)
    if record := (carry + decoder.decode(b"", final=True)).lstrip("\0"):
        yield _record(record)


def _record(record: str) -> Record:
    header, _, rest = record.partition("\0")
    tokens = rest.lstrip("\n").rstrip("\0").split("\0") if rest.strip("\0\n") else []
    statuses = tokens[0::2]
    if not any(map(str.startswith, statuses, repeat(("R", "C")))):  # the common case
        return header, statuses, tokens[1::2], {}
    statuses, paths, renamed = [], [], {}
    index = 0
    while index < len(tokens):
        status = tokens[index][0]
        if status in "RC":  # a copy (only with -C) starts a file, like an addition
            statuses.append("R" if status == "R" else "A")
            paths.append(tokens[index + 2])
            renamed[tokens[index + 2]] = tokens[index + 1]
            index += 3
        else:
            statuses.append(status)
            paths.append(tokens[index + 1])
            index += 2
    return header, statuses, paths, renamed


def _commit(header: str, files: tuple[str, ...]) -> Commit:
    sha, _parents, when, decoration, subject = header.split("\x1f", 4)
    grafted = "grafted" in decoration.split(", ")
    return Commit(sha, dt.datetime.fromisoformat(when), subject, files, grafted)


# The revisions of one text file (the pitch): one `git log -p` whose diffs
# carry the whole file as context, so each revision's full text is in the diff.

WHOLE_FILE = "--unified=100000000"


def revisions_command(path: str) -> list[str]:
    return ["git", *GIT_CONFIG, "log", "--follow", "-p", WHOLE_FILE, "--no-ext-diff",
            "--no-textconv", "--no-color", f"--format={LOG_FORMAT}", NO_REFS, "--", path]


def read_revisions(root: Path, path: str) -> tuple[Revision, ...]:
    """Every committed version of the file at `root/path`, oldest first, then the file as it
    is now when that differs (a revision not yet committed). Empty when git cannot say."""
    current = _read_text(root / path)
    try:
        done = subprocess.run(revisions_command(path), cwd=root, capture_output=True,
                              stdin=subprocess.DEVNULL, check=False)
    except OSError:
        done = None
    revisions = parse_revisions(done.stdout) if done and done.returncode == 0 else []
    if current is not None and (not revisions or revisions[-1].text != current):
        revisions.append(Revision(None, current))
    return tuple(revisions)


def _read_text(file: Path) -> str | None:
    try:
        return file.read_text(encoding="utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None


def parse_revisions(output: bytes) -> list[Revision]:
    """The texts in `git log -p --unified=<huge>` output, oldest first."""
    revisions: list[Revision] = []
    for record in output.decode("utf-8", "replace").split("\0\0")[1:]:
        header, _, patch = record.partition("\n")
        revisions.append(Revision(_commit(header, ()), _new_text(patch)))
    revisions.reverse()
    return revisions


def _new_text(patch: str) -> str:
    """The file after the change: context and added lines of the (single, whole-file) hunk."""
    lines: list[str] = []
    in_hunk = False
    last_kept = False  # whether the line before a "\\ No newline" marker belongs to the new file
    for line in patch.split("\n"):
        if not in_hunk:
            in_hunk = line.startswith("@@")
        elif line[:1] in (" ", "+"):
            lines.append(line[1:] + "\n")
            last_kept = True
        elif line[:1] == "\\":
            if last_kept and lines:
                lines[-1] = lines[-1][:-1]
        else:
            last_kept = False
    return "".join(lines)


def file_key(root: Path, file: Path) -> str:
    """`file` relative to the vault `root`, with `/`, as the history names it."""
    return os.path.relpath(file, root).replace(os.sep, "/")


def read_vault_history(root: Path, settings: Settings, docs: Path) -> tuple[History,
                                                                             tuple[Revision, ...]]:
    """What the site shows: the history of the records and the hand-written pages (not of
    code or anything else the repository holds), and the revisions of the pitch."""
    folders = [settings.people_dir, settings.meetings_dir, file_key(root, docs)]
    history = read_history(root, folders=[f for f in folders if not f.startswith("..")])
    if not history.available:
        return history, ()
    return history, read_revisions(root, file_key(root, docs / "pitch.md"))
