"""The key typed words are compared by: any script's digits, full-width forms, Arabic
letter variants and invisible bidi marks make no difference."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.matching import fold, normalize

FSI, PDI, RLM = "\u2068", "\u2069", "\u200f"


@pytest.mark.parametrize(("typed", "folded"), [
    ("٢٫٥ مليون", "2.5 مليون"),
    ("١٬٠٠٠٬٠٠٠", "1,000,000"),
    ("۴۰٪", "40%"),
    ("４０％", "40%"),
    ("２５０万美元", "250万美元"),
    (f"{RLM}2,500,000.50\u00a0€", "2,500,000.50 €"),
    (f"{FSI}P2C-2026-00042{PDI}", "p2c-2026-00042"),
    ("Côte d’Ivoire", "cote d'ivoire"),
    ("كينيا، أوغندا", "كينيا, اوغندا"),
])
def test_what_a_reader_does_not_tell_apart_is_folded_away(typed: str, folded: str) -> None:
    assert fold(typed) == folded


@pytest.mark.parametrize(("one", "other"), [
    ("مصر", "ﻣﺼﺮ"),        # presentation forms, as some keyboards and PDFs give them
    ("ليبيا", "ليبــيا"),    # a tatweel stretches the line
    ("موريتانيا", "موريتانیا"),  # the Persian keyboard's yeh
    ("أبو ظبي", "أبو ظبى"),    # alef maksura for yeh
    ("إثيوبيا", "اثيوبيا"),    # hamza left out
    ("غينيا الاستوائية", "غينيا الاستوائيه"),  # teh marbuta typed as heh
    ("刚果（金）", "刚果(金)"),
])
def test_spellings_of_one_name_have_one_key(one: str, other: str) -> None:
    assert normalize(one) == normalize(other)


@given(st.integers(min_value=0, max_value=10**9))
def test_any_scripts_digits_read_as_the_same_number(number: int) -> None:
    arabic_indic = str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    full_width = str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert normalize(arabic_indic) == normalize(full_width) == str(number)
