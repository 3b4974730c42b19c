"""Normalise: a ``SourceRepository`` (what the forge said) becomes a ``CatalogueEntry``.

The publiccode.yml text is parsed and validated against the repository it came from;
the name and descriptions shown come from publiccode.yml (Dutch, else English, else its
first language), else the forge's description, else the README's first paragraph.
"""

from __future__ import annotations

from dataclasses import replace

from catalogue.forges import forge_unit
from catalogue.publiccode import bounds, parse_publiccode, select_description
from catalogue.records import CatalogueEntry, PubliccodeDocument, Publisher, SourceRepository


def raw_base_url(source: SourceRepository) -> str | None:
    """Public web URL prefix of raw files on the default branch, ending in ``/``, as the
    repository's forge builds it (``catalogue.forges.base.Forge.raw_base_url``; GitHub:
    ``https://raw.githubusercontent.com/{owner}/{repo}/{branch}/``; GitLab:
    ``{project url}/-/raw/{branch}/``). ``None`` without a default branch.
    """
    return forge_unit(source.forge_type).raw_base_url(source)


def parse_source_publiccode(source: SourceRepository, publisher: Publisher | None) -> PubliccodeDocument | None:
    """Parse and validate the repository's publiccode.yml, or ``None`` when it has none.

    A file refused when it was fetched (``PubliccodeFile.refused``) is not read: its
    document holds only the refusal."""
    found = source.publiccode
    if found is None:
        return None
    if found.refused is not None:
        return bounds.refused_document(found)
    content: str | bytes = found.text if found.text is not None else (found.raw or b"")
    document = parse_publiccode(
        content,
        path=found.path,
        repository_url=source.url,
        organisation_uri=publisher.organisation_uri if publisher else None,
        raw_base_url=raw_base_url(source),
    )
    return replace(document, url=found.url)


def normalise(source: SourceRepository, publisher: Publisher | None) -> CatalogueEntry:
    """Build the catalogue entry of one harvested repository.

    Never raises for bad publiccode.yml content: its problems become the document's
    messages. ``publisher`` gives the register URI checked against publiccode 0.5's
    ``organisation.uri``.
    """
    document = parse_source_publiccode(source, publisher)
    source = _without_refused_content(source, document)
    language = short = long = None
    name = source.name
    if document is not None:
        language, short, long = select_description(document.data)
        declared = document.data.get("name")
        if isinstance(declared, str) and declared.strip():
            name = declared.strip()
    if not short:
        language = None
        short = source.description or source.readme_excerpt
    return CatalogueEntry(
        source=source,
        name=name,
        short_description=short,
        long_description=long,
        description_language=language,
        publiccode=document,
    )


def _without_refused_content(source: SourceRepository, document: PubliccodeDocument | None) -> SourceRepository:
    """``source`` without the content of a publiccode.yml that reading refused (too
    deep, too many aliases, ...): the store keeps the reason and the size, not the file."""
    found = source.publiccode
    reason = bounds.refusal_of(document) if document is not None else None
    if found is None or reason is None or found.refused is not None:
        return source
    size = len(found.text.encode("utf-8", "surrogatepass")) if found.text is not None else len(found.raw or b"")
    return replace(source, publiccode=replace(found, text=None, raw=None, size=size, refused=reason))
