"""Every Dutch text of the site is plain Dutch (B1): no officialese from mokum/plain_dutch.py, no sentence over
its word limit. The check reads the Dutch catalogue and the Dutch templates; on failure it names the file, the
text and the plainer alternative."""

import html
import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

from mokum.plain_dutch import MAX_SENTENCE_WORDS, PLAINER, long_sentences, problems

BASE = Path(settings.BASE_DIR)
NL_PO = BASE / "locale" / "nl" / "LC_MESSAGES" / "django.po"
# The Dutch pages (a Dutch text per language, not a catalogue entry), and the error pages that cannot use the
# catalogue (they are served when the site itself is down).
DUTCH_TEMPLATES = sorted((BASE / "templates").glob("**/*.nl.html")) + [
    BASE / "templates" / "500.html",
    BASE / "templates" / "503.html",
]
TAG = re.compile(r"<[^>]+>")
TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
# Elements that start a new piece of text: a sentence does not run from one into the next.
BLOCK = re.compile(r"</?(?:p|li|h[1-6]|dt|dd|td|th|div|section|ul|ol|title|caption|summary|figcaption)\b[^>]*>")


def catalogue_texts():
    for message in read_po(NL_PO.open("rb")):
        if message.id and not message.fuzzy:
            texts = [message.string] if isinstance(message.string, str) else message.string
            for text in texts:
                yield (
                    f"{NL_PO.relative_to(BASE)} ({message.id if isinstance(message.id, str) else message.id[0]!r})",
                    text,
                )


def template_texts(path):
    """Return the readable text of a Dutch template, one piece per block element."""
    source = TEMPLATE_CODE.sub(" ", path.read_text(encoding="utf-8"))
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
    text = html.unescape(TAG.sub(" ", BLOCK.sub("\n", source)))
    return [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n") if line.strip()]


def all_dutch_texts():
    yield from catalogue_texts()
    for path in DUTCH_TEMPLATES:
        for text in template_texts(path):
            yield str(path.relative_to(BASE)), text


def test_the_dutch_texts_are_read():
    places = {place.split(" ")[0] for place, _text in all_dutch_texts()}
    assert str(NL_PO.relative_to(BASE)) in places
    assert "templates/pages/privacy.nl.html" in places
    assert sum(1 for _ in catalogue_texts()) > 1000


def test_every_dutch_text_is_plain_dutch():
    found = [
        f"{place}: {text[:160]!r}\n    {problem}" for place, text in all_dutch_texts() for problem in problems(text)
    ]
    assert not found, f"{len(found)} text(s) are not plain Dutch (mokum/plain_dutch.py):\n" + "\n".join(found)


def test_the_check_finds_officialese_whole_words_in_any_case():
    assert [str(p) for p in problems("Middels dit formulier vraag je het aan.")] == ["'Middels' → write “met”"]
    assert [p.found for p in problems("Stuur het retour, conform de regels, t.a.v. de coördinator.")] == [
        "conform",
        "retour",
        "t.a.v.",
    ]
    # Whole words only: "retourtje" and "reedsen" are not the listed words, "indienen" is not "indien".
    assert problems("Een retourtje. Je kunt het indienen.") == []
    assert all(PLAINER[word] for word in PLAINER)


def test_the_check_finds_a_sentence_over_the_limit_and_not_one_at_it():
    at_limit = " ".join(["woord"] * MAX_SENTENCE_WORDS) + "."
    over = " ".join(["woord"] * (MAX_SENTENCE_WORDS + 1)) + "."
    assert long_sentences(at_limit) == []
    assert long_sentences(f"Kort. {over} Ook kort.") == [over]
    # Placeholders count as one word each, and two short sentences are two sentences.
    assert long_sentences("Hallo %(name)s, je hebt {count} berichten. " + at_limit) == []
