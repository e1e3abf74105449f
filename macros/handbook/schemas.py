"""JSON Schemas generated from the models, checked in under schemas/ for editors.

Each data file starts with a yaml-language-server modeline pointing at its schema, so VS Code
(with the YAML extension) completes field names and flags mistakes while a trainer types.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .models import Case, GlossaryFile, Market, Phrase, PlaceholderRegistry, QuizSet, Scorecard, Sop, Terminology
from .search.thesaurus import Thesaurus

SCHEMA_DIR = "schemas"
MODELS: dict[str, type[BaseModel]] = {
    "market": Market, "case": Case, "phrase": Phrase, "quiz": QuizSet, "glossary": GlossaryFile,
    "sop": Sop, "placeholders": PlaceholderRegistry, "scorecard": Scorecard,
    "terminology": Terminology, "concepts": Thesaurus,
}


def schema_text(kind: str) -> str:
    schema = MODELS[kind].model_json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"{kind}.schema.json", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(root: Path) -> list[Path]:
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for kind in MODELS:
        path = folder / f"{kind}.schema.json"
        text = schema_text(kind)
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):  # bytes: a mangled copy is rewritten
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def modeline(kind: str, rel: str) -> str:
    """The first line a data file at ``rel`` (repo-relative) must carry."""
    depth = rel.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{kind}.schema.json"
