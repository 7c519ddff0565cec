"""The question that collects a story's photos and documents, one file a message, until
Done. Each refusal names the limit broken, and the question stays where it was."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from babel.lists import format_list

from bot.flows.draft import Data, selecting_key
from bot.flows.formatting import show_list, show_size
from bot.flows.model import (
    UNSET,
    Choice,
    FileRefusal,
    FlowContext,
    KeptFile,
    Pick,
    Reply,
    StepInput,
    Text,
    Upload,
)
from bot.flows.steps import DONE, Invalid, Outcome, Stay, Step, navigation
from bot.flows.story_model import STORY_LIMITS
from bot.matching import normalize


def kinds_allowed(ctx: FlowContext) -> str:
    """`JPEG, PNG, WebP or PDF files, up to 5 files of at most 10 MB each`, from the
    limits themselves."""
    return ctx.ngettext("{kinds} files, up to {count} file of at most {size}",
                        "{kinds} files, up to {count} files of at most {size} each",
                        STORY_LIMITS.max_files).format(
        kinds=format_list(list(STORY_LIMITS.kinds.values()), style="or", locale=ctx.locale),
        count=STORY_LIMITS.max_files, size=show_size(STORY_LIMITS.max_file_bytes, ctx))


def refusal_text(refusal: FileRefusal, ctx: FlowContext) -> str:
    return {
        FileRefusal.TOO_LARGE: ctx._("That file is too large: each file can be at most "
                                     "{limit}. Nothing was kept.").format(
                                         limit=show_size(STORY_LIMITS.max_file_bytes, ctx)),
        FileRefusal.NOT_ALLOWED: ctx._("That kind of file is not kept, whatever its name "
                                       "says. I keep {allowed}. Nothing was kept.").format(
                                           allowed=kinds_allowed(ctx)),
        FileRefusal.EMPTY: ctx._("That file is empty. Nothing was kept."),
        FileRefusal.NOT_RECEIVED: ctx._("That file could not be fetched. Please send it "
                                        "again."),
    }[refusal]


def file_line(kept: KeptFile, ctx: FlowContext) -> str:
    kind = STORY_LIMITS.kinds.get(kept.media_type, kept.media_type)
    return ctx.fill("{name} ({kind}, {size})", name=kept.name, kind=kind,
                    size=show_size(kept.size, ctx))


def kept_files(value: Any) -> list[KeptFile]:
    """The files in a conversation's data (stored there as JSON objects)."""
    return [KeptFile(**item) for item in value or []]


class StoryFilesStep(Step):
    """Files arrive one a message; Done (or skip) ends the question."""

    @property
    def draft_key(self) -> str:
        return selecting_key(self.key)

    def kept(self, data: Data) -> list[KeptFile]:
        return kept_files(data[self.draft_key] if self.draft_key in data
                          else data.get(self.key))

    def prompt(self, data: Data, ctx: FlowContext, *, can_go_back: bool) -> Reply:
        if ctx.abilities.sends_files:
            text = ctx._("Send photos or a PDF about it, one a message: {allowed}. Press "
                         "Done when you have sent them, or Skip.").format(
                             allowed=kinds_allowed(ctx))
        else:
            text = ctx._("Photos and documents can be sent from Telegram or Slack, not "
                         "from here. Say done to go on.")
        kept = self.kept(data)
        if kept:
            text += "\n\n" + ctx._("Received so far ({count} of {maximum}):").format(
                count=len(kept), maximum=STORY_LIMITS.max_files)
            text += "".join("\n" + ctx.fill("{number}. {file}", number=number,
                                              file=file_line(f, ctx))
                            for number, f in enumerate(kept, start=1))
        choices = [Choice(DONE, ctx._("Done ✓")),
                   *navigation(ctx, can_go_back=can_go_back, can_skip=self.optional(data))]
        return Reply(text, choices=tuple(choices))

    def accept(self, given: StepInput, data: Data, ctx: FlowContext) -> Outcome:
        done = (isinstance(given, Pick) and given.choice_id == DONE) or (
            isinstance(given, Text) and
            normalize(given.text) in {normalize(ctx._("Done ✓")), normalize(ctx._("done"))})
        if not done:
            return Invalid(ctx._("Send a photo or a PDF here, or press Done."))
        return self.answered({self.key: [asdict(f) for f in self.kept(data)],
                              self.draft_key: UNSET})

    def refuses_file(self, upload: Upload, data: Data, ctx: FlowContext) -> str | None:
        """Refused from what the platform says, before anything is fetched."""
        if len(self.kept(data)) >= STORY_LIMITS.max_files:
            return ctx.ngettext("A story can have at most {count} file. Press Done to go on.",
                                "A story can have at most {count} files. Press Done to go on.",
                                STORY_LIMITS.max_files).format(count=STORY_LIMITS.max_files)
        if upload.size is not None and upload.size > STORY_LIMITS.max_file_bytes:
            return refusal_text(FileRefusal.TOO_LARGE, ctx)
        return None

    def receive(self, upload: Upload, data: Data, ctx: FlowContext) -> Outcome:
        refused = self.refuses_file(upload, data, ctx)
        if refused is not None:
            return Invalid(refused)
        if upload.refusal is not None or upload.kept is None:
            return Invalid(refusal_text(upload.refusal or FileRefusal.NOT_RECEIVED, ctx))
        kept = self.kept(data)
        if any(f.sha256 == upload.kept.sha256 for f in kept):
            return Invalid(ctx._("You sent that file already."))
        return Stay({self.draft_key: [asdict(f) for f in (*kept, upload.kept)]})

    def skipped(self, data: Data) -> Mapping[str, Any]:
        return {self.key: [], self.draft_key: UNSET}

    def describe(self, data: Data, ctx: FlowContext) -> str:
        kept = kept_files(data.get(self.key))
        return show_list([file_line(f, ctx) for f in kept], ctx) if kept else ctx._("(none)")
