"""Facts read from a parsed publiccode.yml for the store, the export and the site:
``dependsOn`` and ``supports`` in a fixed shape.

Source: the publiccode.yml standard, ``schema.core.rst`` (``dependsOn`` with ``open``,
``proprietary`` and ``hardware`` lists of ``name``, ``versionMin``, ``versionMax``,
``version``, ``optional``; ``supports``, v0.7.0, a list of ``id``: ``alias:<name>`` or
the URI of a standard, regulation or system). Only well-formed items are kept (a name,
an id); the validator reports the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The kinds of ``dependsOn``, in the standard's order.
DEPENDENCY_KINDS = ("open", "proprietary", "hardware")
_VERSION_KEYS = ("versionMin", "versionMax", "version")


def depends_on(data: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """``dependsOn`` of ``PubliccodeDocument.data``: ``{"open": [...], "proprietary":
    [...], "hardware": [...]}`` (only the kinds present), each item ``{"name": str,
    "versionMin"/"versionMax"/"version": str (when given), "optional": bool}``;
    ``{}`` when there is none. Items without a text ``name`` are left out."""
    raw = data.get("dependsOn") if isinstance(data, Mapping) else None
    if not isinstance(raw, Mapping):
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for kind in DEPENDENCY_KINDS:
        items = raw.get(kind)
        if not isinstance(items, list):
            continue
        kept = []
        for item in items:
            if not isinstance(item, Mapping) or not isinstance(item.get("name"), str) or not item["name"].strip():
                continue
            dependency: dict[str, Any] = {"name": item["name"].strip()}
            for key in _VERSION_KEYS:
                if isinstance(item.get(key), str) and item[key].strip():
                    dependency[key] = item[key].strip()
            dependency["optional"] = item.get("optional") is True
            kept.append(dependency)
        if kept:
            out[kind] = kept
    return out


def supports(data: Mapping[str, Any]) -> list[str]:
    """``supports[].id`` of ``PubliccodeDocument.data``, in file order, without
    duplicates (``["alias:gdpr", "https://..."]``); ``[]`` when there is none."""
    raw = data.get("supports") if isinstance(data, Mapping) else None
    if not isinstance(raw, list):
        return []
    ids: list[str] = []
    for item in raw:
        value = item.get("id") if isinstance(item, Mapping) else None
        if isinstance(value, str) and value.strip() and value.strip() not in ids:
            ids.append(value.strip())
    return ids
