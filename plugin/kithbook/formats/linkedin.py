"""Reading `Connections.csv` from LinkedIn's data export, for `kith import linkedin`.

The file starts with a few lines of notes ("Notes:", a sentence about
missing email addresses, a blank line) before its header: First Name, Last
Name, URL, Email Address, Company, Position, Connected On ("12 Mar 2024").
The header is found wherever it is; each row after it becomes a `Contact`
whose `connected_on` date becomes a `note` touch.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from kithbook.formats.contacts import Contact, ReadResult, is_email
from kithbook.model import Problem
from kithbook.names import did_you_mean

SOURCE = "LinkedIn"
# Members who hide their profile from exports come as a row with only a date.
HIDDEN = "a member who hides their profile (the row has only a date)"
COLUMNS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
           "Connected On")
_REQUIRED = ("first name", "last name")
# "12 Mar 2024" today; older exports and spreadsheets re-saving the file write others.
DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y")


def read_connections(data: bytes, path: str) -> ReadResult:
    """The connections in the CSV; a problem for each row that cannot be used."""
    result = ReadResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        result.problems.append(Problem(path, 0, None, "not UTF-8: read as Windows-1252",
                                       "warning"))
    reader = csv.reader(io.StringIO(text, newline=""))
    columns: dict[str, int] | None = None
    record = 0
    try:
        for row in reader:
            line = reader.line_num
            if columns is None:
                columns = _header(row)
                if columns is not None:
                    _missing_columns(columns, line, path, result)
                continue
            if not any(cell.strip() for cell in row):
                continue
            record += 1
            _row(row, columns, record, line, path, result)
    except csv.Error as err:
        result.problems.append(Problem(path, reader.line_num, None,
                                       f"cannot read the CSV any further: {err}"))
    if columns is None:
        result.problems.append(Problem(path, 0, None, (
            "no header row with 'First Name' and 'Last Name': is this LinkedIn's"
            " Connections.csv? Expected columns: " + ", ".join(COLUMNS))))
    return result


def _header(row: list[str]) -> dict[str, int] | None:
    names = [cell.strip().casefold() for cell in row]
    if not all(name in names for name in _REQUIRED):
        return None
    return {name: index for index, name in enumerate(names) if name}


def _missing_columns(columns: dict[str, int], line: int, path: str, result: ReadResult
                     ) -> None:
    present = list(columns)
    for name in COLUMNS:
        if name.casefold() not in columns:
            hint = did_you_mean(name.casefold(), present)
            result.problems.append(Problem(path, line, None, (
                f"no '{name}' column{hint}; that value is left empty"), "warning"))


def _row(row: list[str], columns: dict[str, int], record: int, line: int, path: str,
         result: ReadResult) -> None:
    def cell(name: str) -> str:
        index = columns.get(name.casefold())
        return " ".join(row[index].split()) if index is not None and index < len(row) else ""

    name = f"{cell('First Name')} {cell('Last Name')}".strip()
    where = f"row {record}"
    url = cell("URL")
    if not name and not url and not cell("Email Address"):
        result.skipped[HIDDEN] += 1  # LinkedIn's rows for members who hide their profile
        return
    if not name:
        result.problems.append(Problem(path, line, None, f"{where}: no first or last name;"
                                       " rejected"))
        result.rejected["no first or last name"] += 1
        return
    email = cell("Email Address")
    if email and not is_email(email):
        result.problems.append(Problem(path, line, "Email Address", (
            f"{where}: {email!r} is not an email address; left out"), "warning"))
        email = ""
    connected = None
    if text := cell("Connected On"):
        try:
            connected = parse_connected_on(text)
        except ValueError as err:
            result.problems.append(Problem(path, line, "Connected On",
                                           f"{where}: {err}; no note touch", "warning"))
    result.contacts.append(Contact(
        record=record, line=line, name=name, unit="row",
        emails=(email,) if email else (),
        company=cell("Company") or None, title=cell("Position") or None,
        urls=(url,) if url else (), connected_on=connected, profile=url or None,
    ))


def parse_connected_on(text: str) -> dt.date:
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    raise ValueError(f"cannot read {text!r} as a date (expected e.g. 12 Mar 2024)")

