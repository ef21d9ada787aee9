"""Plain Dutch (level B1): officialese with a plainer word, and the longest sentence the site writes.

tests/mokum/test_plain_dutch.py reads every Dutch text of the site (the msgstrs of locale/nl/LC_MESSAGES/django.po,
the Dutch templates) and fails on a word of this list, naming the plainer one, and on a sentence longer than
MAX_SENTENCE_WORDS. Reviewers extend the list here; a word is matched whole and in any case.
"""

import re
from dataclasses import dataclass

MAX_SENTENCE_WORDS = 25

# Officialese → what to write instead. Each entry is matched as whole word(s), in any case.
PLAINER = {
    "middels": "met",
    "d.m.v.": "met",
    "door middel van": "met",
    "ten behoeve van": "voor",
    "t.b.v.": "voor",
    "eerstverantwoordelijke": "de eerste verantwoordelijke, of: wie het regelt",
    "conform": "volgens",
    "inzake": "over",
    "retour": "terug",
    "teneinde": "om",
    "alsmede": "en",
    "derhalve": "daarom",
    "dienen te": "moeten",
    "dient te": "moet",
    "reeds": "al",
    "indien": "als",
    "t.a.v.": "voor, of: aan",
    "ten aanzien van": "over",
    "i.v.m.": "door, of: over",
    "in verband met": "door, of: over",
    "m.b.t.": "over",
    "met betrekking tot": "over",
    "aanvang": "begin",
    "verstrekken": "geven",
    "verkrijgen": "krijgen",
    "woonachtig": "wonend",
    "ingevolge": "volgens",
    "onverwijld": "meteen",
    "doch": "maar",
    "thans": "nu",
    "tevens": "ook",
    "dan wel": "of",
    "omtrent": "over",
    "aldus": "zo",
    "voornoemde": "deze",
    "bovengenoemde": "deze",
    "desalniettemin": "toch",
    "niettemin": "toch",
    "hetgeen": "wat",
    "zulks": "dat",
    "geacht": "beste",
    "ter zake": "over",
    "behoudens": "behalve",
    "alvorens": "voordat",
    "mits": "als",
    "terstond": "meteen",
    "trachten": "proberen",
    "wensen te": "willen",
}

# Sentences end at . ! ? … followed by a space, and at a line break; an abbreviation's point does not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:\w\.)+$|(?:^|\s)(?:bijv|bv|nr|ca|enz|etc|incl|excl|max|min|zgn|resp)\.$", re.I)
_WORD = re.compile(r"[\w’'-]+")
# Placeholders and markup are not words a reader reads.
_NOT_TEXT = re.compile(r"%\([^)]*\)[sdif]|%[sd]|\{[^{}]*\}|<[^>]+>|https?://\S+|\S+@\S+")


def _pattern(phrase: str) -> re.Pattern:
    return re.compile(r"(?<![\w.])" + re.escape(phrase) + r"(?![\w])", re.IGNORECASE)


_PATTERNS = {phrase: _pattern(phrase) for phrase in PLAINER}


@dataclass(frozen=True)
class Problem:
    found: str
    advice: str

    def __str__(self) -> str:
        return f"{self.found!r} → {self.advice}"


def sentences(text: str) -> list[str]:
    """Return the sentences of `text`, placeholders and markup each read as one word."""
    found: list[str] = []
    for piece in _SENTENCE_END.split(_NOT_TEXT.sub(" x ", text)):
        if found and _ABBREVIATION.search(found[-1]):
            found[-1] += " " + piece  # "bijv. een tuin" goes on
        else:
            found.append(piece)
    return [sentence.strip() for sentence in found if sentence.strip()]


def long_sentences(text: str) -> list[str]:
    """Return the sentences of `text` with more than MAX_SENTENCE_WORDS words."""
    return [sentence for sentence in sentences(text) if len(_WORD.findall(sentence)) > MAX_SENTENCE_WORDS]


def problems(text: str) -> list[Problem]:
    """Return every officialese word (with its plainer alternative) and every too long sentence in `text`."""
    found = [
        Problem(match.group(0), f"write “{PLAINER[phrase]}”")
        for phrase, pattern in _PATTERNS.items()
        for match in pattern.finditer(text)
    ]
    found += [
        Problem(sentence, f"{len(_WORD.findall(sentence))} words; split it (at most {MAX_SENTENCE_WORDS} a sentence)")
        for sentence in long_sentences(text)
    ]
    return found
