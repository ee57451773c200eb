"""The history reader on real git repositories with fixed dates, and every way it degrades."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from kithbook.history import (
    History,
    log_command,
    parse_log,
    read_history,
    read_revisions,
    read_vault_history,
)
from kithbook.settings import Settings

from .gitrepo import commit, git, init

ADA = "---\nname: Ada Lovelace\n---\n"
JAN, FEB, MAR = "2026-01-05T10:00:00+01:00", "2026-02-10T09:30:00+00:00", "2026-03-03T18:00:00-05:00"


def day(commit_or_none) -> dt.date:
    return commit_or_none.when.date()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Three commits: Ada added in January, edited in February, a touch logged in March."""
    root = init(tmp_path / "repo")
    commit(root, "Add Ada", JAN, {"people/ada.md": ADA})
    commit(root, "Ada: new job", FEB, {"people/ada.md": ADA + "Works at Analytical Engines.\n"})
    commit(root, "Log the coffee with Ada", MAR,
           {"meetings/2026-03-02-ada.md": "---\ndate: 2026-03-02\nwith: [ada]\n---\n"})
    return root


def test_created_last_changed_and_revisions_per_file(repo):
    history = read_history(repo)
    assert history.available and history.notices == ()
    ada = history.of("people/ada.md")
    assert day(ada.created) == dt.date(2026, 1, 5)
    assert day(ada.last_changed) == dt.date(2026, 2, 10)
    assert ada.revisions == 2 and ada.created_exactly and not ada.uncommitted
    assert [c.subject for c in ada.commits] == ["Ada: new job", "Add Ada"]
    touch = history.of("meetings/2026-03-02-ada.md")
    assert touch.revisions == 1 and day(touch.created) == dt.date(2026, 3, 3)


def test_the_vault_wide_list_of_commits(repo):
    commits = read_history(repo).commits
    assert [(c.subject, c.files) for c in commits] == [
        ("Log the coffee with Ada", ("meetings/2026-03-02-ada.md",)),
        ("Ada: new job", ("people/ada.md",)),
        ("Add Ada", ("people/ada.md",)),
    ]
    # The author's own offset is kept: the date is the one on the author's calendar.
    assert commits[0].when == dt.datetime(2026, 3, 3, 18, 0,
                                          tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert len(commits[0].sha) == 40 and commits[0].short == commits[0].sha[:7]


def test_folders_keep_only_the_vault_files(repo):
    commit(repo, "Code, not the vault", "2026-03-10T10:00:00+00:00", {"src/tool.py": "x = 1\n"})
    history = read_history(repo, folders=["people", "meetings"])
    assert "src/tool.py" not in history.paths
    assert history.commits[0].subject == "Log the coffee with Ada"
    assert "src/tool.py" in read_history(repo).paths


def test_not_a_git_repository(tmp_path):
    folder = tmp_path / "plain"
    (folder / "people").mkdir(parents=True)
    (folder / "people/ada.md").write_text(ADA, encoding="utf-8")
    history = read_history(folder)
    assert not history.available
    assert len(history.notices) == 1 and "not in a git repository" in history.notices[0]
    assert history.of("people/ada.md").commits == ()


def test_git_not_installed(repo, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    history = read_history(repo)
    assert not history.available
    assert history.notices == ("git is not installed, so there is no history: dates added and"
                               " last edited are not shown.",)
    assert read_vault_history(repo, Settings(), repo / "docs") == (history, ())


def test_a_repository_without_commits_has_everything_not_yet_committed(tmp_path):
    root = init(tmp_path / "fresh")
    (root / "people").mkdir()
    (root / "people/ada.md").write_text(ADA, encoding="utf-8")
    history = read_history(root)
    assert history.available and "no commits yet" in history.notices[0]
    assert history.of("people/ada.md").uncommitted


def test_shallow_clone_says_so_once_and_marks_dates_added_as_a_bound(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True)
    history = read_history(clone)
    assert history.available and history.shallow
    assert len(history.notices) == 1
    assert "shallow clone" in history.notices[0] and "2026-03-03" in history.notices[0]
    ada = history.of("people/ada.md")
    assert ada.revisions == 1 and not ada.created_exactly  # the boundary, not the real date
    assert read_history(repo).shallow is False


def test_uncommitted_changes_new_changed_and_staged(repo):
    (repo / "people/ada.md").write_text(ADA + "Edited, not committed.\n", encoding="utf-8")
    (repo / "people/grace.md").write_text("---\nname: Grace Hopper\n---\n", encoding="utf-8")
    (repo / "people/staged.md").write_text("---\nname: Staged\n---\n", encoding="utf-8")
    git(repo, "add", "people/staged.md")
    history = read_history(repo)
    ada, grace, staged = (history.of(f"people/{n}.md") for n in ("ada", "grace", "staged"))
    assert ada.uncommitted and ada.revisions == 2  # changed since its last commit
    assert grace.uncommitted and grace.commits == ()  # never committed
    assert staged.uncommitted and staged.commits == ()
    assert not history.of("meetings/2026-03-02-ada.md").uncommitted
    assert read_history(repo, worktree=False).changed == frozenset()


def test_renamed_files_are_followed(repo):
    git(repo, "mv", "people/ada.md", "people/ada-lovelace.md")
    commit(repo, "Rename Ada", "2026-04-01T12:00:00+00:00")
    git(repo, "mv", "people/ada-lovelace.md", "people/countess.md")
    commit(repo, "Rename again", "2026-04-02T12:00:00+00:00",
           {"people/countess.md": ADA + "Works at Analytical Engines.\nCountess.\n"})
    history = read_history(repo)
    ada = history.of("people/countess.md")
    assert [c.subject for c in ada.commits] == ["Rename again", "Rename Ada", "Ada: new job",
                                                "Add Ada"]
    assert day(ada.created) == dt.date(2026, 1, 5)
    assert history.commits[0].files == ("people/countess.md",)


def test_a_name_reused_after_a_delete_starts_a_new_history(repo):
    git(repo, "rm", "-q", "people/ada.md")
    commit(repo, "Remove Ada", "2026-04-01T12:00:00+00:00")
    commit(repo, "A different Ada", "2026-05-01T12:00:00+00:00",
           {"people/ada.md": "---\nname: Ada Yonath\n---\n"})
    ada = read_history(repo).of("people/ada.md")
    assert [c.subject for c in ada.commits] == ["A different Ada"]


def test_names_with_spaces_and_non_ascii(tmp_path):
    root = init(tmp_path / "names")
    files = {"people/łucja wiśniewska.md": ADA, "meetings/café \"crème\" 2026.md": "x\n",
             "people/tab\there.md": ADA}
    commit(root, "Add odd names", JAN, files)
    history = read_history(root)
    for path in files:
        assert history.of(path).revisions == 1, path
    assert set(history.commits[0].files) == set(files)


def test_vault_in_a_subfolder_of_the_repository(tmp_path):
    root = init(tmp_path / "monorepo")
    commit(root, "Code", JAN, {"src/app.py": "print()\n", "people/not-the-vault.md": ADA})
    commit(root, "Start the vault", FEB, {"notes/network/people/ada.md": ADA})
    vault = root / "notes/network"
    (vault / "people/new.md").write_text(ADA, encoding="utf-8")
    history = read_history(vault)
    assert set(history.paths) == {"people/ada.md"}
    assert [c.subject for c in history.commits] == ["Start the vault"]
    assert history.of("people/new.md").uncommitted
    assert not history.of("people/ada.md").uncommitted


def test_merged_branches_count_their_commits(repo):
    git(repo, "checkout", "-q", "-b", "side")
    commit(repo, "Add Grace on a branch", "2026-03-05T10:00:00+00:00",
           {"people/grace.md": "---\nname: Grace Hopper\n---\n"})
    git(repo, "checkout", "-q", "main")
    commit(repo, "Ada: more", "2026-03-06T10:00:00+00:00", {"people/ada.md": ADA + "More.\n"})
    git(repo, "merge", "-q", "--no-edit", "side", date="2026-03-07T10:00:00+00:00")
    history = read_history(repo)
    assert day(history.of("people/grace.md").created) == dt.date(2026, 3, 5)
    assert history.of("people/ada.md").revisions == 3
    assert "Merge branch 'side'" not in [c.subject for c in history.commits]  # no files of its own


def test_the_parser_reads_any_chunking_the_same(repo):
    git(repo, "mv", "people/ada.md", "people/ñandú ada.md")
    commit(repo, "Rename with accents", "2026-04-01T12:00:00+00:00")
    output = subprocess.run(log_command(), cwd=repo, capture_output=True, check=True).stdout
    whole = parse_log([output])
    for size in (1, 2, 3, 7, 64):
        pieces = [output[i:i + size] for i in range(0, len(output), size)]
        assert parse_log(pieces) == whole, size
    assert whole.oldest["people/ñandú ada.md"].subject == "Add Ada"


def test_subjects_are_kept_verbatim(repo):
    odd = "Tabs\tand \x1f separators; ünïcode, \"quotes\" and a % sign"
    commit(repo, odd, "2026-04-01T12:00:00+00:00", {"people/ada.md": ADA + "x\n"})
    assert read_history(repo).commits[0].subject == odd


def test_a_file_never_seen_has_no_history_and_is_not_committed():
    history = History(True)
    assert history.of("people/nobody.md").uncommitted
    assert not History(False).available


# The pitch: every revision's full text from one `git log -p` over the file.

def test_revisions_of_the_pitch_oldest_first_with_their_texts(tmp_path):
    root = init(tmp_path / "pitch")
    body = "".join(f"Line {n} of the pitch, long enough to be recognised.\n" for n in range(8))
    first, second = f"# Pitch\n\n{body}I build payment systems.\n", f"# Pitch\n\n{body}Pipelines."
    third = f"# Pitch\n\n{body}Pipelines.\n\n@@ a line that looks like a hunk\n"
    commit(root, "First pitch", JAN, {"docs/pitch.md": first})
    commit(root, "Shorter", FEB, {"docs/pitch.md": second})
    git(root, "mv", "docs/pitch.md", "docs/elevator.md")
    commit(root, "Rename the pitch", MAR, {"docs/elevator.md": third})
    revisions = read_revisions(root, "docs/elevator.md")
    assert [r.commit.subject for r in revisions] == ["First pitch", "Shorter", "Rename the pitch"]
    # The second had no newline at the end: kept as it was.
    assert [r.text for r in revisions] == [first, second, third]
    (root / "docs/elevator.md").write_text("# Pitch\n\nNot committed yet.\n", encoding="utf-8")
    last = read_revisions(root, "docs/elevator.md")[-1]
    assert last.commit is None and last.text == "# Pitch\n\nNot committed yet.\n"


def test_revisions_without_git_history(tmp_path):
    (tmp_path / "docs").mkdir()
    assert read_revisions(tmp_path, "docs/pitch.md") == ()
    (tmp_path / "docs/pitch.md").write_text("# Pitch\n", encoding="utf-8")
    history, revisions = read_vault_history(tmp_path, Settings(), tmp_path / "docs")
    assert not history.available and revisions == ()


def test_read_vault_history_reads_records_and_pages_but_not_code(repo):
    commit(repo, "Pitch", "2026-04-01T12:00:00+00:00",
           {"docs/pitch.md": "# Pitch\n\nHello.\n", "src/x.py": "1\n"})
    history, revisions = read_vault_history(repo, Settings(), repo / "docs")
    assert set(history.paths) == {"people/ada.md", "meetings/2026-03-02-ada.md",
                                    "docs/pitch.md"}
    assert [r.commit.subject for r in revisions] == ["Pitch"]
