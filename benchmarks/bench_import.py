"""Benchmark: `kith import vcard` of 10,000 cards into a vault of 1,000 people.

    python benchmarks/bench_import.py [--cards 10000] [--people 1000] [--rounds 2]

The cards are address-book exports of every shape the importer reads
(Google-style 3.0 with labelled items, Apple-style 3.0 with a folded photo,
Outlook/Android-style 2.1 with quoted-printable notes and soft line breaks,
4.0 with `tel:` URIs), names from many languages, 2% duplicates inside the
file and 5% people already in the vault (matched by email or name).

K runs the real command (`python -m kithbook import vcard FILE`) in a
pseudo-terminal, so that Click draws its progress bar, on a fresh copy of
the vault each round; it counts the progress bar's redraws. The baseline B,
measured in the same run, is the floor for any importer: a process that
creates the same number of files with the same exclusive, fsynced writes.
The issue's target: 10,000 cards in under 60 s, with progress shown.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import FIRST_NAMES, LAST_NAMES, generate_vault

COMPANIES = ("Northwind", "Contoso, Ltd.", "Fabrikam GmbH", "Tailspin Toys", "Vistula Data",
             "Adatum", "Litware", "Wide World Importers", "Blue Yonder Airlines")
TITLES = ("Data Engineer", "Analytics Lead", "Staff Engineer", "Product Manager; Data",
          "Leiter Datenanalyse", "Directrice technique")


def qp(text: str) -> str:
    encoded = "".join(c if (c.isascii() and c.isalnum()) or c == " " else
                      "".join(f"={b:02X}" for b in c.encode("utf-8")) for c in text)
    lines = [encoded[i:i + 70] for i in range(0, len(encoded), 70)]
    return "=\r\n".join(lines)


def card(rng: random.Random, name: str, email: str) -> str:
    given, family = name.split(" ", 1)
    company = rng.choice(COMPANIES).replace(",", "\\,")
    title = rng.choice(TITLES).replace(";", "\\;")
    shape = rng.randrange(4)
    if shape == 0:  # Google
        return ("BEGIN:VCARD\r\nVERSION:3.0\r\n"
                f"FN:{name}\r\nN:{family};{given};;;\r\n"
                f"EMAIL;TYPE=INTERNET;TYPE=WORK:{email}\r\n"
                f"TEL;TYPE=CELL:+44 7700 {rng.randrange(900000, 999999)}\r\n"
                f"ORG:{company};\r\nTITLE:{title}\r\n"
                f"item1.URL:https\\://example.org/{rng.randrange(10**6)}\r\nitem1.X-ABLabel:Blog\r\n"
                "CATEGORIES:myContacts,data\r\nEND:VCARD\r\n")
    if shape == 1:  # Apple, with a photo folded over many lines
        photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "QUJD" * 300
        folded = "\r\n ".join(photo[i:i + 74] for i in range(0, len(photo), 74))
        return ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.4//EN\r\n"
                f"N:{family};{given};;;\r\nFN:{name}\r\nORG:{company};\r\n"
                f"item1.EMAIL;type=INTERNET;type=pref:{email}\r\n"
                f"item2.ADR;type=WORK;type=pref:;;1 High St;London;;N1 1AA;UK\r\n"
                f"{folded}\r\nEND:VCARD\r\n")
    if shape == 2:  # Outlook / Android 2.1
        note = f"Met {given} at a meetup in {rng.choice(['Köln', 'Kraków', 'São Paulo'])}."
        return ("BEGIN:VCARD\r\nVERSION:2.1\r\n"
                f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(family)};{qp(given)};;;\r\n"
                f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(name)}\r\n"
                f"TEL;CELL;PREF:+49 170 {rng.randrange(1000000, 9999999)}\r\n"
                f"EMAIL;PREF;INTERNET:{email}\r\n"
                f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(note * 2)}\r\nEND:VCARD\r\n")
    return ("BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:individual\r\n"
            f"FN:{name}\r\nN:{family};{given};;;\r\nEMAIL;PREF=1:{email}\r\n"
            f"TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+1-555-{rng.randrange(1000, 9999)}\r\n"
            f"TITLE:{title}\r\nEND:VCARD\r\n")


def make_vcf(path: Path, cards: int, existing: list[tuple[str, str]], seed: int = 0) -> None:
    rng = random.Random(seed)
    out = []
    made: list[tuple[str, str]] = []
    for number in range(cards):
        roll = rng.random()
        if roll < 0.05 and existing:
            name, email = rng.choice(existing)
        elif roll < 0.07 and made:
            name, email = rng.choice(made)
        else:
            initial = chr(ord("A") + rng.randrange(26))  # names stay mostly unique
            name = f"{rng.choice(FIRST_NAMES)} {initial}. {rng.choice(LAST_NAMES)}"
            email = f"person{number}@example.org"
            made.append((name, email))
        out.append(card(rng, name, email))
    path.write_text("".join(out), encoding="utf-8", newline="")


def existing_people(vault: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted((vault / "people").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        name = re.search(r"^name: (.+)$", text, re.M)
        email = re.search(r"^email: ([^\s\[\]]+@[^\s\[\],]+)$", text, re.M)
        if name and email:
            found.append((name.group(1).strip("'\""), email.group(1).strip("'\"")))
    return found


def run_in_terminal(command: list[str], cwd: Path) -> tuple[float, str]:
    """Run `command` with a pseudo-terminal as stdout and stderr; (seconds, output)."""
    master, slave = os.openpty()
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=slave,
                               stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    process.wait()
    seconds = time.perf_counter() - start
    os.close(master)
    return seconds, b"".join(chunks).decode("utf-8", errors="replace")


def baseline(texts: int, folder: Path) -> float:
    """A process creating `texts` files exclusively, fsynced, as the importer does."""
    code = ("import os, sys\n"
            "folder = sys.argv[1]\n"
            f"for n in range({texts}):\n"
            "    fd = os.open(f'{folder}/p{n}.md', os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)\n"
            "    os.write(fd, b'---\\nname: Someone\\nemail: someone@example.org\\n---\\n' * 4)\n"
            "    os.fsync(fd); os.close(fd)\n")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        template = work / "template"
        generate_vault(template, people=args.people, touches=args.people * 4)
        vcf = work / "cards.vcf"
        make_vcf(vcf, args.cards, existing_people(template))
        size = vcf.stat().st_size / 2**20
        print(f"{args.cards} cards ({size:.1f} MiB), a vault of {args.people} people")
        best_k = best_b = float("inf")
        for round_ in range(args.rounds):
            vault = work / f"vault{round_}"
            shutil.copytree(template, vault)
            seconds, output = run_in_terminal(
                [sys.executable, "-m", "kithbook", "--vault", str(vault), "import", "vcard",
                 str(vcf)], work)
            redraws = len(re.findall(r"\d+%", output))
            summary = re.search(r"Created .*", output)
            files = work / f"floor{round_}"
            files.mkdir()
            floor = baseline(args.cards, files)
            best_k, best_b = min(best_k, seconds), min(best_b, floor)
            print(f"round {round_ + 1}: K {seconds:.2f} s ({redraws} progress redraws;"
                  f" {summary.group(0).strip() if summary else 'no summary?'}),"
                  f" B {floor:.2f} s")
        print(f"best: K {best_k:.2f} s, B {best_b:.2f} s, K/B {best_k / best_b:.1f}x;"
              f" target K < 60 s: {'met' if best_k < 60 else 'NOT met'}")


if __name__ == "__main__":
    main()
