"""Edits that must never lose or corrupt what the user wrote (issue 16): CRLF files with
values on the next line, block scalars with blank lines, concurrent writers, a kill
while creating a file, renames that touch references only, and commands given bad
input that must answer with a message."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kithbook import edit
from kithbook.edit import BATCH, Unfinished, create_all, create_exclusive, vault_lock

from .conftest import kith

CRLF_ADA = ("---\r\nname: Ada Lovelace\r\ntags:\r\n  - maths\r\n  - poetry\r\n"
            "introduced_by:\r\n  grace\r\n---\r\n\r\n## Research\r\nNotes.\r\n")
GRACE = "---\nname: Grace Hopper\n---\n"


def read(root: Path, relative: str) -> bytes:
    return (root / relative).read_bytes()


def test_crlf_values_on_the_next_line_are_replaced_not_repeated(make_vault):
    root = make_vault({"people/ada.md": CRLF_ADA.encode(), "people/grace.md": GRACE})
    assert kith(root, "set", "ada", "tags", "[chess]").exit_code == 0
    assert read(root, "people/ada.md") == (
        b"---\r\nname: Ada Lovelace\r\ntags: [chess]\r\nintroduced_by:\r\n  grace\r\n---\r\n"
        b"\r\n## Research\r\nNotes.\r\n")
    result = kith(root, "unset", "ada", "introduced_by")
    assert result.exit_code == 0 and "unchanged" not in result.output
    assert b"introduced_by" not in read(root, "people/ada.md")
    assert kith(root, "check").exit_code == 0


def test_crlf_rename_rewrites_a_reference_on_the_next_line(make_vault):
    root = make_vault({"people/ada.md": CRLF_ADA.encode(), "people/grace.md": GRACE,
                       "meetings/2026-11-20-ada.md": (
                           b"---\r\ndate: 2026-11-20\r\nwith:\r\n  - grace\r\n  - ada\r\n---\r\n")})
    result = kith(root, "rename", "grace", "grace-hopper")
    assert result.exit_code == 0, result.output
    assert b"introduced_by:\r\n  grace-hopper\r\n" in read(root, "people/ada.md")
    assert b"with:\r\n  - grace-hopper\r\n  - ada\r\n" in read(root, "meetings/2026-11-20-ada.md")
    check = kith(root, "check")
    assert check.exit_code == 0, check.output


def test_merge_of_crlf_files_adds_no_second_copy_of_a_key(make_vault):
    duplicate = "---\r\nname: Ada L.\r\ntags:\r\n  - chess\r\n---\r\n"
    root = make_vault({"people/ada.md": CRLF_ADA.encode(), "people/ada-l.md": duplicate.encode(),
                       "people/grace.md": GRACE})
    result = kith(root, "merge", "ada-l", "ada")
    assert result.exit_code == 0, result.output
    text = read(root, "people/ada.md").decode()
    assert text.count("tags:") == 1 and "chess" in text and "poetry" in text
    assert kith(root, "check").exit_code == 0


def test_import_update_of_a_crlf_file_adds_no_second_copy_of_a_key(make_vault):
    root = make_vault({"people/ada-lovelace.md": CRLF_ADA.encode(), "people/grace.md": GRACE})
    (root / "ada.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n"
                                   b"CATEGORIES:chess\r\nEND:VCARD\r\n")
    result = kith(root, "import", "vcard", str(root / "ada.vcf"), "--update")
    assert result.exit_code == 0, result.output
    text = read(root, "people/ada-lovelace.md").decode()
    assert text.count("tags:") == 1 and "chess" in text and "maths" in text
    assert kith(root, "check").exit_code == 0


def test_set_replaces_a_whole_block_scalar_with_blank_lines(make_vault):
    text = ("---\nname: Ada\nsource: |\n  first paragraph\n\n  second paragraph\n\n"
            "  third\ncompany: Engines\n---\nbody\n")
    root = make_vault({"people/ada.md": text})
    assert kith(root, "set", "ada", "source", "met at a conference").exit_code == 0
    assert read(root, "people/ada.md").decode() == (
        "---\nname: Ada\nsource: met at a conference\ncompany: Engines\n---\nbody\n")


def test_rename_changes_references_only_never_free_text_or_comments(make_vault):
    root = make_vault({
        "people/ada.md": "---\nname: Ada\n---\n",
        "people/grace.md": "---\nname: Grace\nintroduced_by: ada  # ada at the meetup\n---\n",
        "meetings/2026-11-20-ada.md": (
            "---\ndate: 2026-11-20\nwith: [ada, grace]  # with ada\n"
            "referrals: [\"Linus, ada's colleague\", ada]\n---\nada said hello\n"),
    })
    result = kith(root, "rename", "ada", "ada-lovelace")
    assert result.exit_code == 0, result.output
    assert read(root, "people/grace.md").decode() == (
        "---\nname: Grace\nintroduced_by: ada-lovelace  # ada at the meetup\n---\n")
    assert read(root, "meetings/2026-11-20-ada.md").decode() == (
        "---\ndate: 2026-11-20\nwith: [ada-lovelace, grace]  # with ada\n"
        "referrals: [\"Linus, ada's colleague\", ada-lovelace]\n---\nada said hello\n")


WRITERS = 20


def test_twenty_concurrent_writers_to_one_file_lose_no_edit(make_vault):
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n\n## Research\nKeep this.\n"})
    command = [sys.executable, "-m", "kithbook", "--vault", str(root), "set", "ada"]
    processes = [subprocess.Popen([*command, f"note_{n}", f"value {n}", "--force"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for n in range(WRITERS)]
    outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in processes]  # type: ignore[union-attr]
    assert all(code == 0 for code, _ in outcomes), outcomes
    text = read(root, "people/ada.md").decode()
    for n in range(WRITERS):
        assert f"note_{n}: value {n}\n" in text, text
    assert text.endswith("---\n\n## Research\nKeep this.\n")
    assert not [p for p in (root / "people").iterdir() if p.name.startswith(".")]


def test_a_writing_command_waits_for_the_vault_lock_even_while_planning(make_vault):
    """`kith import --update` plans against the vault: it must not read before the lock."""
    root = make_vault({"people/ada-lovelace.md": "---\nname: Ada Lovelace\n---\n"})
    (root / "ada.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n"
                                   b"CATEGORIES:chess\r\nEND:VCARD\r\n")
    with vault_lock(root):
        process = subprocess.Popen(
            [sys.executable, "-m", "kithbook", "--vault", str(root), "import", "vcard",
             str(root / "ada.vcf"), "--update"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(3)
        assert process.poll() is None  # waiting for the lock
        # meanwhile another writer changes the file: the import must see this change
        (root / "people/ada-lovelace.md").write_text(
            "---\nname: Ada Lovelace\ntags: [maths]\n---\n", encoding="utf-8")
    assert process.wait(timeout=120) == 0, process.stderr.read()  # type: ignore[union-attr]
    text = read(root, "people/ada-lovelace.md").decode()
    assert "maths" in text and "chess" in text and text.count("tags") == 1


def test_the_vault_lock_is_an_flock_on_the_folder(tmp_path):
    with vault_lock(tmp_path):
        other = os.open(tmp_path, os.O_RDONLY)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(other)
    assert list(tmp_path.iterdir()) == []  # no lock file left behind


def test_a_kill_while_creating_leaves_no_file(tmp_path, monkeypatch):
    target = tmp_path / "ada.md"

    def killed(descriptor: int) -> None:
        raise KeyboardInterrupt  # the process dies between writing and syncing

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        create_exclusive(target, "---\nname: Ada\n---\n")
    assert list(tmp_path.iterdir()) == []  # neither an empty record nor a temporary file


def test_create_never_replaces_a_file_that_appeared(tmp_path):
    target = tmp_path / "ada.md"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        create_exclusive(target, "theirs")
    assert target.read_text(encoding="utf-8") == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["ada.md"]


def test_another_writer_s_temporary_file_is_left_alone_and_a_dead_one_s_removed(make_vault):
    """Each writer holds a lock on its temporary file: one nobody holds was left by a kill."""
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    live = root / "people" / ".ada.md.x1.kith-tmp"
    dead = root / "people" / ".ada.md.x2.kith-tmp"
    live.write_text("in progress", encoding="utf-8")
    dead.write_text("left by a kill", encoding="utf-8")
    writer = os.open(live, os.O_RDONLY)
    try:
        fcntl.flock(writer, fcntl.LOCK_EX)  # another writer, at work
        assert kith(root, "set", "ada", "title", "Countess").exit_code == 0
        assert live.exists() and not dead.exists()
    finally:
        os.close(writer)


def _batch(folder: Path, count: int) -> list[tuple[Path, str]]:
    return [(folder / f"touch-{n:04d}.md", f"---\ndate: 2026-11-{1 + n % 28:02d}\n---\n{n}\n")
            for n in range(count)]


def _temporaries(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(edit.TEMPORARY_SUFFIX)]


@pytest.mark.skipif(sys.platform != "linux", reason="syncfs is Linux's")
def test_a_batch_creates_every_file_whole_with_one_sync_a_batch(tmp_path, monkeypatch):
    """More files than one batch holds open: each whole, readable by all, nothing left
    over; the file system is synced once a batch, not each file on its own."""
    calls: list[str] = []
    real = edit._syncfs()
    assert real is not None

    def counted_syncfs(descriptor: int) -> int:
        calls.append("syncfs")
        return int(real(descriptor))

    monkeypatch.setattr(edit, "_syncfs", lambda: counted_syncfs)
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    files = _batch(tmp_path / "meetings", BATCH + 45)  # the folder is made as well
    assert create_all(files) == [path for path, _ in files]
    for path, text in files:
        assert path.read_text(encoding="utf-8") == text
        assert path.stat().st_mode & 0o777 == 0o644
    assert calls == ["syncfs", "syncfs", "fsync"]  # two batches, then the folder's names
    assert _temporaries(tmp_path) == []


def test_without_syncfs_a_batch_syncs_each_file(tmp_path, monkeypatch):
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(edit, "_syncfs", lambda: None)  # not Linux
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    files = _batch(tmp_path, 5)
    assert create_all(files) == [path for path, _ in files]
    assert len(synced) == 5 + 1  # each file before it is linked, then the folder
    assert [p.read_text(encoding="utf-8") for p, _ in files] == [t for _, t in files]


@pytest.mark.parametrize("taken", [2, BATCH + 3])
def test_a_name_taken_meanwhile_stops_the_batch_there(tmp_path, monkeypatch, taken):
    """The name appears while the batch is being synced, after it was staged: the files
    before it stay, it keeps its own text, nothing after it is written, no temporary
    file is left, and the error says which file and what was created."""
    files = _batch(tmp_path, BATCH + 10)
    victim = files[taken][0]
    real = edit._make_durable

    def someone_else_writes(temporaries: list[str]) -> None:
        real(temporaries)
        if not victim.exists() and any(victim.name in t for t in temporaries):
            victim.write_text("theirs", encoding="utf-8")

    monkeypatch.setattr(edit, "_make_durable", someone_else_writes)
    with pytest.raises(Unfinished, match=f"{victim.name} appeared meanwhile;"
                                         " nothing more was written") as stopped:
        create_all(files)
    assert stopped.value.created == [path for path, _ in files[:taken]]
    assert victim.read_text(encoding="utf-8") == "theirs"
    assert sorted(tmp_path.iterdir()) == sorted([*stopped.value.created, victim])
    for path, text in files[:taken]:
        assert path.read_text(encoding="utf-8") == text


def test_a_full_disk_in_the_second_batch_keeps_the_first_and_writes_nothing_more(
        tmp_path, monkeypatch):
    """Staging is written before anything is linked: a write that fails in a batch leaves
    none of that batch behind, half-written or whole, and no temporary file."""
    files = _batch(tmp_path, BATCH + 10)
    real_write, writes = os.write, []

    def disk_full_at_the_third_of_the_second_batch(descriptor: int, data: bytes) -> int:
        writes.append(descriptor)
        if len(writes) == BATCH + 3:
            raise OSError(28, "No space left on device")
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", disk_full_at_the_third_of_the_second_batch)
    with pytest.raises(Unfinished, match=f"{files[BATCH + 2][0].name} could not be written"
                                         r" \(No space left on device\); nothing more") as full:
        create_all(files)
    monkeypatch.setattr(os, "write", real_write)
    assert full.value.created == [path for path, _ in files[:BATCH]]
    assert sorted(tmp_path.iterdir()) == full.value.created


def test_a_killed_batch_leaves_stale_temporaries_that_the_next_batch_removes(tmp_path):
    """A real kill (SIGKILL, no clean-up) between staging and linking leaves hidden
    temporary files and no record; the next batch into that folder removes them, but
    not the one another writer still holds."""
    folder = tmp_path / "meetings"
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from kithbook import edit\n"
        "edit._make_durable = lambda names: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"folder = Path({str(folder)!r})\n"
        "edit.create_all([(folder / f'touch-{n}.md', 'text') for n in range(3)])\n")
    killed = subprocess.run([sys.executable, "-c", script], check=False)
    assert killed.returncode == -9
    stale = _temporaries(folder)
    assert len(stale) == 3 and not list(folder.glob("*.md"))
    live = folder / ".touch-9.md.x1.kith-tmp"
    live.write_text("in progress", encoding="utf-8")
    writer = os.open(live, os.O_RDONLY)
    try:
        fcntl.flock(writer, fcntl.LOCK_EX)  # another writer, at work
        files = _batch(folder, 3)
        assert create_all(files) == [path for path, _ in files]
        assert _temporaries(folder) == [live]
    finally:
        os.close(writer)


@pytest.mark.parametrize("args, words", [
    (["add", ""], "the name is empty"),
    (["add", "   "], "the name is empty"),
    (["add", "A\x01B"], "the name contains a control character"),
    (["unset", "ada", "name"], "name cannot be unset"),
    (["set", "ada", "title", "a\x01b"], "control character (U+0001)"),
    (["snooze", "ada", "--for", "99999y"], "a period is at most 100 years"),
    (["check", "/"], "is outside the vault"),
])
def test_bad_input_to_commands_is_a_message(make_vault, args, words):
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    before = sorted(p.name for p in (root / "people").iterdir())
    result = kith(root, *args)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output and words in result.output
    assert sorted(p.name for p in (root / "people").iterdir()) == before


def test_a_very_long_name_gets_a_short_slug(make_vault):
    root = make_vault({})
    result = kith(root, "add", "Ada " * 100)
    assert result.exit_code == 0, result.output
    (made,) = (root / "people").iterdir()
    assert len(made.stem) <= 80 and made.stem.startswith("ada-ada")


@pytest.mark.parametrize("value", ["=", "<<", "- x", "[a:?]", "a: b", "\u00a0x\u00a0", "'"])
def test_set_writes_special_values_so_that_they_read_back(make_vault, value):
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    assert kith(root, "set", "ada", "title", "--", value).exit_code == 0
    from kithbook.frontmatter import decode, split

    assert split(decode(read(root, "people/ada.md"))).data["title"] == value
    assert kith(root, "check").exit_code == 0
