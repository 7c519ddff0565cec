"""Reduces the official API descriptions in `../shared/specs/` to the structure the
strict fakes check against (names, fields, types, required flags, response shapes),
dropping descriptive text, and writes them here with their source noted, so the tests
need nothing outside the checkout.

    .venv/bin/python tests/specs/reduce.py [SPECS_DIR]

Run it again when a newer API description is published, and commit the result."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[2] / "shared" / "specs"
DESCRIPTIVE = {"description", "summary", "href", "externalDocs", "example", "examples",
               "changelog", "title"}
SOURCES = {
    "telegram-bot-api.json": "PaulSonOfLars/telegram-bot-api-spec api.json (scraped from "
                             "https://core.telegram.org/bots/api)",
    "slack-web-api.openapi.json": "slackapi/slack-api-specs web-api/"
                                  "slack_web_openapi_v2_without_examples.json (MIT)",
    "slack-events-wrapper.schema.json": "slackapi/slack-api-specs events-api/"
                                        "slack_common_event_wrapper_schema.json (MIT)",
}


def structure(value: Any, *, in_properties: bool = False) -> Any:
    """`value` without descriptive text. Under a schema's `properties` the keys are field
    names (a field may be called `title`), so they are all kept."""
    if isinstance(value, dict):
        return {key: structure(item, in_properties=key == "properties")
                for key, item in value.items() if in_properties or key not in DESCRIPTIVE}
    if isinstance(value, list):
        return [structure(item) for item in value]
    return value


def version_of(name: str, raw: dict[str, Any]) -> str:
    if "version" in raw:
        return f"{raw['version']} ({raw.get('release_date', 'undated')})"
    info = raw.get("info", {})
    return str(info.get("version", "unversioned"))


def main(source: Path) -> None:
    for name, origin in SOURCES.items():
        raw = json.loads((source / name).read_text(encoding="utf-8"))
        reduced = {"_source": {"from": origin, "version": version_of(name, raw)},
                   **structure(raw)}
        (HERE / name).write_text(json.dumps(reduced, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")
        print(f"{name}: {version_of(name, raw)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
