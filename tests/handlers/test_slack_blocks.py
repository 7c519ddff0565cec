"""Block Kit built with slack_sdk's models stays inside Slack's limits whatever the flow
asks to show: the models refuse what is too long, so everything is shortened first."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import ActionsBlock, SectionBlock

from bot.flows.model import Choice, Reply
from bot.handlers.slack_blocks import MESSAGE_BLOCKS, blocks, long_answer_modal
from bot.i18n import Catalogs
from tests.conftest import PROJECT_DIR

TRANSLATOR = Catalogs(PROJECT_DIR / "locales").translator("en")

labels = st.text(min_size=1, max_size=300).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=1, max_size=20_000), choice_labels=st.lists(labels, max_size=130),
       multi=st.booleans(), long_answer=st.booleans())
def test_any_reply_renders_within_slacks_limits(text: str, choice_labels: list[str],
                                                 multi: bool, long_answer: bool) -> None:
    choices = tuple(Choice(f"c{i}", label, selected=i % 3 == 0)
                    for i, label in enumerate(choice_labels))
    rendered = blocks(Reply(text, choices, multi=multi, long_answer=long_answer), TRANSLATOR)
    assert len(rendered) <= MESSAGE_BLOCKS
    for block in rendered:
        block.validate_json()
        if isinstance(block, SectionBlock):
            assert block.text is not None
            assert len(block.text.text) <= SectionBlock.text_max_length
        else:
            assert isinstance(block, ActionsBlock)


def test_the_form_shortens_a_long_question_and_keeps_where_it_came_from() -> None:
    view = long_answer_modal("Describe " * 400, "D123", "~7", TRANSLATOR)
    view.validate_json()
    shown = view.to_dict()
    assert shown["blocks"][0]["label"]["text"].endswith("…")
    assert shown["private_metadata"] == '{"channel": "D123", "token": "~7"}'
    assert shown["blocks"][0]["element"]["max_length"] == 3000
