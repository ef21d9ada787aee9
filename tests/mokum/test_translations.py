"""Every language of the site is complete, and no translation drops or invents a placeholder.

The msgids are English, so English needs no msgstr (an empty one shows the msgid); its catalogue is exactly what
`make messages` extracts from the code and templates. Every other language in settings.LANGUAGES must translate
every one of those texts, with nothing left fuzzy. (A catalogue may hold more: the Dutch one also rewords some of
allauth's and Django's own messages, which ship their own translations.) A translation carries the same
placeholders as its msgid (`%(name)s`, `%s`, `{count}`), or the site would show a raw placeholder or fail to fill
one in. README: "Adding a language".
"""

import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
SOURCE_LANGUAGE = "en"  # the msgids are English
LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]

# %(name)s, %s, %d (not %% and not "90% of": no space flag) and {name}: what Python and Django fill in.
PLACEHOLDER = re.compile(
    r"%%|%\(\w+\)[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|%[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|\{\w*\}"
)
# A plural form may say the number in words instead ("one dialogue", Arabic's dual "حواران"): in those forms the
# counting placeholder may be left out. Arabic has six forms: zero, one, two, few, many, other.
WORDS_SAY_THE_NUMBER = {"ar": {0, 1, 2}}
SINGULAR_SAYS_THE_NUMBER = {0}  # every other language: its first form ("één dialoog", "a dialogue")
# The counted number: any %d, and the names ngettext's numbers have in this site's texts.
COUNTING = re.compile(r"%d|%\(\w+\)d|%\((?:count|counter|days|number|n)\)s|\{count\}")


def catalogue_path(code):
    return LOCALE / code / "LC_MESSAGES" / "django.po"


def catalogue(code):
    path = catalogue_path(code)
    if not path.exists():
        pytest.skip(f"{path} does not exist yet (test_every_language_has_a_catalogue fails for it)")
    with path.open("rb") as file:
        return read_po(file, locale=None)


def placeholders(text):
    """Return the placeholders of `text`, each as often as it occurs (a %s twice must be filled twice)."""
    return sorted(found for found in PLACEHOLDER.findall(text) if found != "%%")


def key(message):
    return (message.context, message.id)


def entries(code):
    return [message for message in catalogue(code) if message.id]


def forms(message):
    return [message.string] if isinstance(message.string, str) else list(message.string)


def test_every_language_has_a_catalogue():
    missing = [code for code in LANGUAGES if not catalogue_path(code).exists()]
    assert not missing, f"settings.LANGUAGES names {missing} without a locale/<code>/LC_MESSAGES/django.po"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_text_is_translated_and_none_is_fuzzy(code):
    messages = {key(message): message for message in entries(code)}
    problems = [f"missing: {message_id!r}" for _context, message_id in _extracted_keys() - set(messages)]
    for message in messages.values():
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not all(text.strip() for text in forms(message)):
            problems.append(f"untranslated: {message.id!r}")
    assert not problems, f"locale/{code}: {len(problems)} problem(s):\n" + "\n".join(sorted(map(str, problems))[:60])


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_translation_keeps_the_placeholders(code):
    problems = []
    for message in entries(code):
        if isinstance(message.id, str):
            expected = placeholders(message.id)
            text = forms(message)[0]
            if text and placeholders(text) != expected:
                problems.append(f"{message.id!r} → {text!r}: {placeholders(text)} instead of {expected}")
            continue
        for index, text in enumerate(forms(message)):
            if text and not _plural_form_fits(code, message, index, text):
                problems.append(f"{message.id[1]!r} form {index} → {text!r}")
    assert not problems, f"locale/{code}: placeholders differ:\n" + "\n".join(problems)


def _plural_form_fits(code, message, index, text):
    """Return whether a plural form has the msgid's placeholders, the counting one optional where words say it."""
    singular, plural = message.id[0], message.id[1]
    expected = sorted(set(placeholders(plural)) | set(placeholders(singular)))
    found = sorted(set(placeholders(text)))
    if found == expected:
        return True
    if index in WORDS_SAY_THE_NUMBER.get(code, SINGULAR_SAYS_THE_NUMBER):
        left_out = set(expected) - set(found)
        return set(found) <= set(expected) and all(COUNTING.fullmatch(item) for item in left_out)
    return False


def _extracted_keys():
    return {key(message) for message in entries(SOURCE_LANGUAGE)}


# The check itself, on made-up entries: it must catch what it claims to catch.


class Entry:
    def __init__(self, id, string):
        self.id, self.string, self.context, self.fuzzy = id, string, None, False


def test_placeholders_are_counted_and_a_percent_sign_is_not_one():
    assert placeholders("%(name)s asked %s and %s {count} 100%%") == ["%(name)s", "%s", "%s", "{count}"]
    assert placeholders("Nothing to fill in.") == []


def test_an_arabic_dual_may_say_the_number_in_words_but_the_other_forms_may_not():
    entry = Entry(("%(count)s dialogue in %(district)s", "%(count)s dialogues in %(district)s"), [])
    assert _plural_form_fits("ar", entry, 2, "حواران في %(district)s")  # dual: the word says "two"
    assert not _plural_form_fits("ar", entry, 3, "حوارات في %(district)s")  # few: the number must be there
    assert not _plural_form_fits("ar", entry, 2, "حواران")  # the district is never optional
    assert not _plural_form_fits("ar", entry, 1, "حوار %(title)s في %(district)s")  # nor a new placeholder
    assert _plural_form_fits("nl", entry, 0, "één dialoog in %(district)s")
    assert not _plural_form_fits("nl", entry, 1, "dialogen in %(district)s")


# Every main page in every language: no text of the catalogue left untranslated. A text a catalogue lacks shows in
# Dutch (Django falls back to the default language's catalogue) or, lacking that too, in English: the check looks
# for each msgid and each Dutch msgstr of three words or more (without placeholders) in the page's text. A page in
# Turkish that says "Zoek een initiatief" or "Find an initiative" has a text its catalogue does not translate, or
# one not marked for translation at all.

MAIN_PAGES_OF_VISITORS = ["/", "/initiatives/", "/districts/", "/districts/west/", "/statistics/", "/support/"]
MAIN_PAGES_OF_OFFICIALS = ["/inbox/", "/notifications/", "/accounts/profile/"]


def page_text(response):
    """Return what a reader sees and hears of a page: the text of its body and its labels for assistive technology."""
    import html as html_module

    page = response.content.decode()
    body = re.search(r"<body.*</body>", page, re.S).group(0)
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", body, flags=re.S)
    labels = " ".join(re.findall(r'(?:aria-label|alt|title|placeholder)="([^"]*)"', body))
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body) + " " + labels))


def untranslated_left(code, text):
    """Return the English and Dutch texts of three words or more that `text` shows although `code` translates them."""
    translated = {message.id: message.string for message in entries(code) if isinstance(message.id, str)}
    dutch = {message.id: message.string for message in entries("nl") if isinstance(message.id, str)}
    found = []
    for message in entries(SOURCE_LANGUAGE):
        if not isinstance(message.id, str) or placeholders(message.id):
            continue
        # English shows the msgid (its msgstrs are empty); another language without the text shows Dutch or English.
        own = message.id if code == SOURCE_LANGUAGE else translated.get(message.id)
        fallbacks = [message.id] + ([dutch[message.id]] if code != "nl" and dutch.get(message.id) else [])
        found += [t for t in fallbacks if len(t.split()) >= 3 and t != own and t in text]
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_every_main_page_is_translated_in_every_language(code):
    from django.test import Client

    from dialogues.models import Dialogue
    from tests.dialogues.factories import dialogue_in, make_cast

    catalogue(code)  # skips a language without a catalogue
    cast = make_cast()
    dialogue = dialogue_in(Dialogue.State.IN_DIALOGUE, cast)
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    paths = [*MAIN_PAGES_OF_VISITORS, cast.initiative.get_absolute_url(), dialogue.get_absolute_url()]
    pages = [(path, visitor.get(path)) for path in [*paths, "/accounts/signup/", "/accounts/login/"]]
    cast.lead.preferred_language = code
    cast.lead.save()
    official = Client()
    official.force_login(cast.lead)
    pages += [(path, official.get(path)) for path in [*MAIN_PAGES_OF_OFFICIALS, dialogue.get_absolute_url()]]
    problems = []
    for path, response in pages:
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        assert f'<html lang="{code}"' in response.content.decode()
        problems += [f"{path}: {text!r}" for text in untranslated_left(code, page_text(response))]
    assert not problems, f"{code}: untranslated texts on the main pages:\n" + "\n".join(problems)


def test_the_page_check_finds_english_or_dutch_left_in_a_translated_page():
    # "Find an initiative" has a Dutch translation: on a Dutch page the English words mean it was not translated.
    assert untranslated_left("nl", "Zoek hier. Find an initiative") == ["Find an initiative"]
    assert untranslated_left("nl", "Een initiatief zoeken") == []
    # In English the Dutch words of a text mean it was not translated; the English ones are right.
    assert untranslated_left("en", "Een initiatief zoeken") == ["Een initiatief zoeken"]
    assert untranslated_left("en", "Find an initiative") == []


def test_the_catalogue_holds_every_text_of_the_code_and_templates(tmp_path):
    """What `make messages` would extract from a copy of the tracked files is all in the English catalogue already.

    A text in the code or a template without its entry would show untranslated (in English) in every language.
    """
    import os
    import shutil
    import subprocess

    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("gettext's xgettext is missing (make test installs it)")
        pytest.skip("gettext's xgettext is not installed")
    base = Path(settings.BASE_DIR)
    tracked = subprocess.run(["git", "ls-files"], cwd=base, capture_output=True, text=True, check=True).stdout
    skipped = ("tests/", "bench/", "docs/", "locale/", "node_modules/")
    for name in tracked.splitlines():
        if name.startswith(skipped) or not name.endswith((".py", ".html", ".txt", ".js")):
            continue
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(base / name, tmp_path / name)
    (tmp_path / "locale").mkdir()
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": "sqlite://:memory:"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale=en", "--no-location", "-v", "0"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    with (tmp_path / "locale/en/LC_MESSAGES/django.po").open("rb") as file:
        extracted = {key(message) for message in read_po(file, locale=None) if message.id}
    missing = extracted - {key(message) for message in entries(SOURCE_LANGUAGE)}
    assert not missing, f"texts without a catalogue entry (run make messages): {sorted(missing)[:10]}"
