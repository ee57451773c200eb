# ruff: noqa: RUF001  (the tables are letters of other scripts on purpose)
"""Old shapes of address-book and calendar files: the legacy character sets.

Outlook and old phones wrote vCards in the Windows code page of the machine
(Windows-1251 for Russian and Ukrainian, 1253 for Greek, 1255 for Hebrew,
1252 for Western Europe), often without saying so. These single-byte sets put
their letters on the same bytes, so every one of them decodes any file
without an error: the set is told by which letters come out. Latin text has
its accented letters alone inside ASCII words ("Müller"); other scripts make
whole words of high bytes, and there the letters' frequencies in each
language decide (a name or two is enough in practice: "Παπαδόπουλος" read as
Windows-1251 is "Рбрбдьрпхлпт", full of rare letters).
"""

from __future__ import annotations

import math
import re

WESTERN = "cp1252"
# Letter frequencies (per cent, rounded) of running text in each script's languages.
_FREQUENCIES: dict[str, dict[str, float]] = {
    "cp1253": {  # Greek
        "α": 10, "ο": 8, "ι": 7, "ε": 6, "τ": 7, "σ": 4, "ς": 3, "ν": 6, "η": 4,
        "υ": 3.5, "ρ": 4.5, "π": 4, "κ": 4, "μ": 3.4, "λ": 3, "ό": 2, "ά": 2, "ί": 2,
        "ή": 1.5, "έ": 1.5, "ύ": 1, "ώ": 0.8, "γ": 1.6, "δ": 1.5, "θ": 1.2, "χ": 1.1,
        "ω": 1.6, "φ": 0.8, "ξ": 0.5, "β": 0.7, "ζ": 0.4, "ψ": 0.2,
    },
    "cp1251": {  # Cyrillic: Russian, Ukrainian, Bulgarian, Serbian
        "о": 10, "е": 8, "а": 8, "и": 7, "н": 6.7, "т": 6, "с": 5.5, "р": 4.7, "в": 4.5,
        "л": 4.4, "к": 3.5, "м": 3.2, "д": 3, "п": 2.8, "у": 2.6, "я": 2, "ы": 1.6,
        "ь": 1.7, "г": 1.7, "з": 1.6, "б": 1.6, "ч": 1.4, "й": 1.2, "х": 1, "ж": 0.9,
        "ш": 0.7, "ю": 0.6, "ц": 0.5, "щ": 0.4, "э": 0.3, "ф": 0.3, "і": 2, "ї": 0.5,
        "є": 0.4, "ё": 0.1, "ъ": 0.1, "ґ": 0.05,
    },
    "cp1255": {  # Hebrew
        "י": 11, "ו": 10, "ה": 8.7, "ל": 7, "א": 6.3, "ר": 5.6, "מ": 5, "ם": 2.5,
        "ב": 4.8, "ת": 5, "ש": 4.2, "נ": 3.4, "ן": 1.5, "ד": 2.6, "ע": 2.8, "כ": 2.2,
        "ך": 0.8, "ק": 1.9, "ח": 2.2, "פ": 1.5, "ף": 0.3, "ג": 1.2, "ס": 1, "ט": 1.2,
        "ז": 0.8, "צ": 0.8, "ץ": 0.2,
    },
}
_FLOOR = 0.01  # per cent: a letter the language hardly uses
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_WORD = re.compile(r"\w+")


def guess_encoding(data: bytes) -> str:
    """The most likely single-byte character set of `data` (text that is not UTF-8)."""
    runs = _HIGH_RUN.finditer(data)
    alone = total = 0
    for run in runs:
        total += run.end() - run.start()
        before = data[run.start() - 1:run.start()]
        after = data[run.end():run.end() + 1]
        if before.isalpha() or after.isalpha():  # an accent inside an ASCII word
            alone += run.end() - run.start()
    if total == 0 or alone * 2 >= total:
        return WESTERN
    scores = {name: _score(data, name) for name in _FREQUENCIES}
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] > -math.inf else WESTERN


def _score(data: bytes, encoding: str) -> float:
    """Mean log frequency of the non-ASCII letters `data` has in `encoding`; minus
    infinity when a byte means nothing there or a Greek final sigma ends no word."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return -math.inf
    table = _FREQUENCIES[encoding]
    total, count = 0.0, 0
    for word in _WORD.findall(text):
        for index, char in enumerate(word.casefold() if encoding != "cp1253" else word.lower()):
            if ord(char) < 0x80:
                continue
            if char == "ς" and index != len(word) - 1:
                total += math.log(_FLOOR)  # final sigma only ends a word
            total += math.log(table.get(char, _FLOOR))
            count += 1
    return total / count if count else -math.inf
