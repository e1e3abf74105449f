"""Chinese typos in search: agents type with a pinyin input method, so a wrong character is almost
always a homophone of the right one (退活 for 退货, 退宽 for 退款). The search UI reads a question's
characters as pinyin syllables and, where a window of them sounds like one of agents' words
(the concepts' words of cases/concepts.yaml, market names), reads the question as that word.

This module builds the table the UI needs: pinyin syllable (without tones) -> the characters that
can be read so. It covers the 3,755 characters of GB 2312 level 1 (the common characters every
pinyin input method offers first) plus every character of the words themselves, readings from
`pypinyin` with all readings of a polyphonic character (重 is zhong and chong)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from pypinyin import Style, pinyin

# GB 2312 level 1 runs from row 16 to row 55, 94 cells a row (the last row ends at cell 89).
_LEVEL1_ROWS = range(0xB0, 0xD8)
_CELLS = range(0xA1, 0xFF)


def _level1() -> str:
    chars = []
    for row in _LEVEL1_ROWS:
        for cell in _CELLS:
            try:
                chars.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:  # the unassigned end of row 55
                continue
    return "".join(chars)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@lru_cache(maxsize=8)
def _table(extra: str) -> tuple[tuple[str, str], ...]:
    by_sound: dict[str, list[str]] = {}
    for ch in sorted(set(_level1()) | {c for c in extra if _is_han(c)}):
        for reading in sorted(set(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])):
            if reading.isascii() and reading.isalpha():
                by_sound.setdefault(reading, []).append(ch)
    return tuple((sound, "".join(chars)) for sound, chars in sorted(by_sound.items()))


def homophone_table(words: Iterable[str]) -> dict[str, str]:
    """Syllable -> characters read so, for the common characters and those of ``words``."""
    extra = "".join(sorted({c for w in words for c in str(w) if _is_han(c)}))
    return dict(_table(extra))
