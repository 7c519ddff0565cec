"""Yes and no typed instead of pressed, in English or the pledger's language (`oui`,
`sí`, `да`, `نعم`, `是`). CLDR keeps no such words (its old POSIX `yesstr` is gone
from the data Babel ships), so they are a table here, a few a language."""

from __future__ import annotations

from collections.abc import Mapping

from bot.matching import normalize
from bot.typed_words import language_of

WORDS: Mapping[str, tuple[frozenset[str], frozenset[str]]] = {
    "en": (frozenset({"yes", "y", "yeah", "yep", "ok", "okay", "sure", "right", "correct"}),
           frozenset({"no", "n", "nope", "wrong"})),
    "fr": (frozenset({"oui", "ouais", "d'accord", "exact", "c'est ca"}),
           frozenset({"non", "pas du tout"})),
    "es": (frozenset({"si", "vale", "claro", "correcto", "de acuerdo"}),
           frozenset({"no"})),
    "ru": (frozenset({"да", "ага", "верно", "конечно", "правильно"}),
           frozenset({"нет", "неверно", "неправильно"})),
    "ar": (frozenset({"نعم", "اجل", "ايوه", "صحيح", "طبعا"}),
           frozenset({"لا", "كلا", "خطا"})),
    "zh": (frozenset({"是", "是的", "对", "对的", "好", "好的", "没错"}),
           frozenset({"否", "不", "不是", "不对", "没有"})),
}
"""By language, yes words then no words; compared normalized (`sí` is `si`, `أجل` is
`اجل`)."""


def read_yes_no(text: str, locale: str) -> bool | None:
    """True for a yes, False for a no, None for anything else."""
    typed = normalize(text)
    for language in dict.fromkeys(("en", language_of(locale))):
        yes, no = WORDS.get(language, (frozenset(), frozenset()))
        if typed in {normalize(word) for word in yes}:
            return True
        if typed in {normalize(word) for word in no}:
            return False
    return None
