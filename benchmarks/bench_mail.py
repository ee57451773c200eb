"""Benchmark: reading 10,000 messages for `kith import mail`, against the standard library.

    python benchmarks/bench_mail.py [--messages 10000] [--people 200] [--rounds 5]

One generated mbox of the shapes real mailboxes hold (Gmail-style multipart
plain + HTML in base64, Thunderbird-style flowed text, Outlook-style
quoted-printable Windows-1252, RFC 2047 names and subjects, mailing-list
posts with List-Id, long Received chains), 15% of the messages with people
of a generated vault.

Timed in this process, CPU seconds, best of the interleaved rounds:

- M: the standard library's `mailbox.mbox` parsing every message (the issue's
  yardstick: `for message in mailbox.mbox(path)`);
- R: `formats.mail.read_mail` over the same file (what the import reads);
- P: R plus the planning of the touches (`formats.capture.MailPlan`), i.e.
  everything `kith import mail --dry-run` does after loading the vault.

Then, as separate processes, interleaved with those rounds (best of them): D, the
real `kith import mail --dry-run`, and W, the real import writing its touches into
a fresh copy of the vault (CPU of the child, start-up and vault loading included;
copies are kept until the end, since deleting files just before creating others
makes ext4 without a journal skip the freed inodes, which costs far more than the
writing). Both run with Kithbook's bytecode cached, as an installed program runs
(`PYTHONPYCACHEPREFIX`, filled by one untimed run); `--no-bytecode` runs them as
this machine's `PYTHONDONTWRITEBYTECODE=1` does, compiling Kithbook on every run.
The target: W/M at most 2.
"""

from __future__ import annotations

import argparse
import base64
import mailbox
import os
import quopri
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from email.header import Header
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugin"))

from environment import child_env  # noqa: E402

from kithbook.formats.capture import MailPlan  # noqa: E402
from kithbook.formats.mail import MailMessage, read_mail  # noqa: E402
from kithbook.load import load_vault  # noqa: E402
from kithbook.settings import read_settings  # noqa: E402

FIRST = ("Maya", "José", "Priya", "Hannah", "Kwame", "Łucja", "Mei", "Oliver", "Nadia", "Ben",
         "Søren", "Chloé", "Dmitri", "Aiko", "Tomás")
LAST = ("Okafor", "Núñez", "Raman", "Lindqvist", "Mensah", "Wiśniewska", "Tanaka", "Pratt",
        "Haddad", "Carter", "Kierkegaard", "Dubois", "Volkov", "Sato", "García")
ME = "sam.rivera@example.org"
CONFIG = f"""site_name: Bench
plugins:
  - kithbook:
      today: 2026-11-26
      timezone: Europe/London
      my_email: {ME}
"""


def people(count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    found = []
    for index in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        slug = f"person-{index:05d}"
        found.append((slug, name, f"{slug}@work{index % 37}.example"))
    return found


def make_vault(root: Path, folks: list[tuple[str, str, str]]) -> None:
    (root / "people").mkdir(parents=True)
    (root / "meetings").mkdir()
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for slug, name, email in folks:
        (root / "people" / f"{slug}.md").write_text(
            f"---\nname: {name}\nemail: {email}\n---\n\n## Research\n", encoding="utf-8")


def encoded(name: str) -> str:
    return Header(name, "utf-8").encode() if not name.isascii() else name


def message(rng: random.Random, number: int, sender: tuple[str, str], to: tuple[str, str],
            bulk: bool) -> str:
    day = 1 + number % 28
    received = "".join(
        f"Received: from mx{n}.example.net (mx{n}.example.net [192.0.2.{n}])\n"
        f"        by mail.example.org with ESMTPS id {rng.getrandbits(64):x}\n"
        f"        for <{ME}>; Tue, {day} Sep 2026 10:{n:02d}:00 +0000\n" for n in range(4))
    head = (f"{received}MIME-Version: 1.0\nDate: Tue, {day} Sep 2026 10:{number % 60:02d}:00"
            f" +0100\nMessage-ID: <bench-{number}-{rng.getrandbits(40):x}@example.net>\n"
            f"From: {encoded(sender[0])} <{sender[1]}>\nTo: {encoded(to[0])} <{to[1]}>\n"
            f"Subject: {encoded('Re: café, pipelines and ' + rng.choice(LAST))}\n")
    if bulk:
        head += "List-Id: Data people <data.lists.example>\nPrecedence: list\n"
    text = ("Thanks for the note about the migration project. " * rng.randint(3, 12)) + "\n"
    shape = number % 3
    if shape == 0:  # Gmail: multipart/alternative, plain QP, HTML base64
        html = base64.encodebytes(f"<div dir=\"ltr\">{text}</div>".encode()).decode()
        plain = quopri.encodestring(text.encode()).decode()
        return (head + 'Content-Type: multipart/alternative; boundary="b1"\n\n'
                f"--b1\nContent-Type: text/plain; charset=\"UTF-8\"\n"
                f"Content-Transfer-Encoding: quoted-printable\n\n{plain}\n--b1\n"
                f"Content-Type: text/html; charset=\"UTF-8\"\n"
                f"Content-Transfer-Encoding: base64\n\n{html}\n--b1--\n")
    if shape == 1:  # Outlook: Windows-1252, quoted-printable
        body = quopri.encodestring((text + "Merci \u2013 à bientôt.\n").encode("cp1252")).decode()
        return (head + 'Content-Type: text/plain; charset="Windows-1252"\n'
                "Content-Transfer-Encoding: quoted-printable\n\n" + body)
    return (head + "Content-Type: text/plain; charset=UTF-8; format=flowed\n"  # Thunderbird
            "Content-Transfer-Encoding: 8bit\nUser-Agent: Mozilla Thunderbird\n\n" + text)


def make_mbox(path: Path, count: int, folks: list[tuple[str, str, str]],
              rng: random.Random) -> None:
    me = ("Sam Rivera", ME)
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            kind = rng.random()
            if kind < 0.15:  # with someone in the vault, either way
                _, name, email = rng.choice(folks)
                pair = (me, (name, email)) if rng.random() < 0.5 else ((name, email), me)
                text = message(rng, number, *pair, bulk=False)
            elif kind < 0.45:  # a mailing list
                text = message(rng, number, ("List", "data@lists.example"), me, bulk=True)
            else:  # people not in the vault
                stranger = (f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                            f"someone{rng.randrange(400)}@else.example")
                text = message(rng, number, stranger, me, bulk=False)
            out.write(f"From - Tue Sep {1 + number % 28:02d} 10:00:00 2026\n{text}\n")


def cpu() -> float:
    return time.process_time()


def standard_library(path: Path) -> int:
    return sum(1 for _ in mailbox.mbox(str(path)))


def ours(path: Path) -> list[MailMessage]:
    return [m for m, _ in read_mail(path) if isinstance(m, MailMessage)]


def plan(path: Path, vault: Path) -> int:
    settings = read_settings(vault)
    loaded = load_vault(vault, settings)
    return len(MailPlan(loaded, vault, settings).plan_all(ours(path)))


def child_cpu(command: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-bytecode", action="store_true",
                        help="Children compile Kithbook on every run (no cached bytecode).")
    args = parser.parse_args()
    rng = random.Random(20)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        folks = people(args.people, rng)
        vault = work / "vault"
        make_vault(vault, folks)
        path = work / "bench.mbox"
        make_mbox(path, args.messages, folks, rng)
        size = path.stat().st_size / 2**20
        assert standard_library(path) == len(ours(path)) == args.messages
        env = child_env(work, bytecode=not args.no_bytecode)

        def kith(into: Path, *options: str) -> list[str]:
            return [sys.executable, "-m", "kithbook", "--vault", str(into), "import", "mail",
                    str(path), *options]

        def import_into_copy(number: int) -> None:
            copy = work / f"copy-{number}"
            shutil.copytree(vault, copy)
            times["W"].append(child_cpu(kith(copy), env))
            written.append(len(list((copy / "meetings").iterdir())))

        child_cpu(kith(vault, "--dry-run"), env)  # fills the bytecode
        times: dict[str, list[float]] = {"M": [], "R": [], "P": [], "D": [], "W": []}
        written: list[int] = []
        for number in range(args.rounds):
            for label, run in (("M", lambda: standard_library(path)),
                               ("R", lambda: ours(path)), ("P", lambda: plan(path, vault))):
                start = cpu()
                run()
                times[label].append(cpu() - start)
            times["D"].append(child_cpu(kith(vault, "--dry-run"), env))
            import_into_copy(number)
        best = {label: min(found) for label, found in times.items()}
        print(f"{args.messages} messages ({size:.1f} MiB), {args.people} people,"
              f" best of {args.rounds} rounds (CPU seconds),"
              f" {'no bytecode' if args.no_bytecode else 'bytecode cached'}")
        print(f"M mailbox.mbox parse    {best['M']:.2f} s")
        print(f"R read_mail             {best['R']:.2f} s   R/M {best['R'] / best['M']:.2f}x")
        print(f"P read + plan           {best['P']:.2f} s   P/M {best['P'] / best['M']:.2f}x")
        print(f"D kith import --dry-run {best['D']:.2f} s   D/M {best['D'] / best['M']:.2f}x")
        print(f"W kith import (writes)  {best['W']:.2f} s   W/M {best['W'] / best['M']:.2f}x,"
              f" {written[0]} touches written"
              f" (every round: {', '.join(f'{t:.2f}' for t in times['W'])} s)")
        print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
