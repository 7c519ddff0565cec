"""Typed values read word by word: spaced scripts word by word, Chinese by the longest
known phrase."""

from __future__ import annotations

from bot.typed_words import Known, Number, Unknown, Vocabulary

WORDS = Vocabulary([("m", "million"), ("万", "ten thousand"), ("美元", "USD"),
                    ("元", "CNY"), ("mil m", "billion"), ("mil", "thousand")], ignored=".")


def test_a_chinese_phrase_is_read_where_the_text_continues() -> None:
    assert WORDS.read("250万美元") == [Number("250"), Known("ten thousand"), Known("USD")]
    assert WORDS.read("亿元") == [Unknown("亿"), Known("CNY")]


def test_a_spaced_word_is_read_whole_or_not_at_all() -> None:
    """`m` is a word of its own, never the start of `mars`; the longest phrase wins."""
    assert WORDS.read("5 mars") == [Number("5"), Unknown("mars")]
    assert WORDS.read("5 m") == [Number("5"), Known("million")]
    assert WORDS.read("12 mil M") == [Number("12"), Known("billion")]
    assert WORDS.read("12 mil") == [Number("12"), Known("thousand")]
