"""The content reference as plain data: every field of every content file, read from the schemas.

The guide's "Content reference" page is rendered from :func:`schema_reference`, so the
documentation of the YAML format can never drift from the schema that checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from .references import GUIDANCE_FILES
from .schema import follow, load_schemas

_REF_TYPES = {
    "id": "id",
    "text": "text",
    "short_text": "short text",
    "text_list": "list of text",
    "id_list": "list of ids",
    "date": "date",
}
"""Type names for the shared definitions in ``common.schema.json``."""

_JSON_TYPES = {"string": "text", "object": "mapping", "array": "list", "integer": "whole number",
               "number": "number", "boolean": "true or false"}


class FieldRow(NamedTuple):
    """One field of a content file: where it is, what it holds and what is allowed."""

    field: str
    """Path such as ``stages[].activities[].roles`` (``[]`` marks each item of a list)."""
    type: str
    """The kind of value in plain words, such as ``list of ids``."""
    required: bool
    allowed: str
    """Limits on the value in plain words (empty when there are none)."""
    description: str


@dataclass(frozen=True)
class FileReference:
    """The reference for one content file."""

    path: str
    """The file, such as ``content/stages.yaml``."""
    description: str
    rows: tuple[FieldRow, ...]


def schema_reference() -> list[FileReference]:
    """The reference for every content file, in the guide's order."""
    schemas = load_schemas()
    result = []
    for name in GUIDANCE_FILES:
        schema = schemas[name]
        rows: list[FieldRow] = []
        _walk(schema, "", name, rows)
        result.append(FileReference(schema.get("title", f"content/{name}.yaml"),
                                    schema.get("description", ""), tuple(rows)))
    return result


def _walk(schema: dict[str, Any], prefix: str, base: str, rows: list[FieldRow]) -> None:
    """Add a row for each property of ``schema``, then the properties of nested mappings."""
    required = set(schema.get("required", ()))
    for key, sub in schema.get("properties", {}).items():
        node, definition, node_base = follow(sub, base)
        field = f"{prefix}.{key}" if prefix else key
        items, _, items_base = follow(node.get("items", {}), node_base)
        rows.append(FieldRow(field, _type_text(node, definition, node_base), key in required,
                             _allowed_text(node, node_base), str(node.get("description", ""))))
        if node.get("type") == "object":
            _walk(node, field, node_base, rows)
        elif node.get("type") == "array" and items.get("type") == "object":
            _walk(items, f"{field}[]", items_base, rows)


def _type_text(node: dict[str, Any], definition: str, base: str) -> str:
    """The kind of value, in plain words."""
    if definition in _REF_TYPES:
        return _REF_TYPES[definition]
    if "enum" in node:
        return "one of the allowed values"
    if node.get("type") == "array":
        items, item_definition, _ = follow(node.get("items", {}), base)
        if items.get("type") == "object":
            return "list of mappings"
        return "list of " + _type_text(items, item_definition, base)
    return _JSON_TYPES.get(str(node.get("type")), "any value")


def _allowed_text(node: dict[str, Any], base: str) -> str:
    """Limits on the value, in plain words."""
    parts = []
    if "enum" in node:
        parts.append(", ".join(map(str, node["enum"])))
    parts += _string_limits(node)
    low, high = node.get("minItems"), node.get("maxItems")
    if low is not None and low == high:
        parts.append(f"exactly {low} items")
    else:
        if low:
            parts.append(f"at least {low} item" + ("s" if low > 1 else ""))
        if high is not None:
            parts.append(f"at most {high} items")
    if node.get("uniqueItems"):
        parts.append("no repeats")
    if node.get("type") == "array":
        items, _, _ = follow(node.get("items", {}), base)
        if items.get("type") != "object" and (each := _string_limits(items)):
            parts.append("each " + ", ".join(each))
    return "; ".join(parts)


def _string_limits(node: dict[str, Any]) -> list[str]:
    """Pattern and length limits of a text value, in plain words."""
    common = load_schemas()["common"]["$defs"]
    patterns = {
        common["id"]["pattern"]: "lowercase words joined by hyphens",
        common["date"]["pattern"]: "written YYYY-MM-DD",
        r"\S": "not blank",
        load_schemas()["guide"]["properties"]["version"]["pattern"]:
            "numbers joined by dots, such as 1.0 or 1.2.3",
    }
    parts = []
    if "pattern" in node:
        parts.append(patterns.get(node["pattern"], f"matching {node['pattern']}"))
    if "maxLength" in node:
        parts.append(f"at most {node['maxLength']} characters")
    return parts
