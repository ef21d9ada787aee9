"""A reply by e-mail from a Turkish or Arabic mail program: only the new text is kept, not the quoted mail."""

import pytest

from inbound.parsing import reply_text

QUOTED = "> Er is een nieuw antwoord in de dialoog.\n> Kracht van Mokum"


@pytest.mark.parametrize(
    "header",
    [
        "14 Ara 2026 Pzt, 08:00 tarihinde Kracht van Mokum <noreply@krachtvanmokum.nl> şunu yazdı:",
        "في الاثنين، 14 ديسمبر 2026 في 8:00 ص كتب Kracht van Mokum <noreply@krachtvanmokum.nl>:",
        "Op ma 14 dec 2026 om 08:00 schreef Kracht van Mokum <noreply@krachtvanmokum.nl>:",
    ],
)
def test_the_quoted_mail_under_a_turkish_or_arabic_header_is_left_out(header):
    answer = "Teşekkürler, salı günü geliyoruz.\nشكراً، سنأتي يوم الثلاثاء."
    assert reply_text(f"{answer}\n\n{header}\n\n{QUOTED}\n") == answer
