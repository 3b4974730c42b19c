"""``--standard 1.0-rc``: what a publiccode.yml needs before the 1.0 release.

The 1.0 release candidate of the standard removes every key deprecated in v0
(publiccodeyml/publiccode.yml#315: ``monochromeLogo``, ``inputTypes``, ``outputTypes``,
``genericName``, ``legal.repoOwner``, ``legal.authorsFile``, lowercase country codes) and
the YAML 1.1 allowance ("MUST be a YAML 1.2 document"); v0.7.0 deprecated the country
sections (``IT``) in favour of ``supports`` and ``organisation``; the September 2026 vote
deprecated ``description.*.videos``, the ``government`` scope and
``intendedAudience.unsupportedCountries``.

Under the default rules (``"0"``, the reference validator's) the v0 deprecations are
warnings marked ``before_1_0`` and the later ones are not reported, as by the
reference. Under ``"1.0-rc"`` every message marked ``before_1_0`` is an error, and the
later deprecations and unquoted versions are errors too.
"""

from __future__ import annotations

from catalogue.publiccode.i18n import N_
from catalogue.publiccode.reader import Node
from catalogue.publiccode.schema import Place, Walker

#: The rule sets of ``catalogue validate --standard``: the reference's, and 1.0's.
STANDARDS = ("0", "1.0-rc")
DEFAULT = "0"


def check_standard(standard: str) -> str:
    """``standard`` when known; raises ``ValueError`` naming the known ones otherwise."""
    if standard not in STANDARDS:
        raise ValueError(f"unknown publiccode.yml standard {standard!r}; known: {', '.join(STANDARDS)}")
    return standard


def _removed(w: Walker, path: str, place: Place) -> None:
    w._add("error", path, N_("%(key)s is removed in publiccode.yml 1.0"), place,
           N_("Remove %(key)s before 1.0; the 1.0 standard no longer has it."), {"key": path}, before_1_0=True)


def apply_1_0(w: Walker, root: Node) -> None:
    """Apply the 1.0 release candidate's rules to the messages in ``w`` and the file
    ``root`` (a mapping): ``before_1_0`` warnings become errors; unquoted versions,
    country sections, ``videos``, ``unsupportedCountries`` and the ``government`` scope
    are errors."""
    for message in w.messages:
        if message.before_1_0:
            message.severity = "error"
    entries = root.value
    version = entries.get("publiccodeYmlVersion")
    if (version is not None and version.node.kind == "scalar" and version.node.plain
            and not any(m.path == "publiccodeYmlVersion" and m.before_1_0 for m in w.messages)):
        w._add("error", "publiccodeYmlVersion",
               N_("%(name)s must be a quoted string in publiccode.yml 1.0 (YAML 1.2)"),
               Place(version.line, version.column),
               N_('Write it in quotes ("%(version)s"): unquoted, YAML reads it as a number.'),
               {"name": "publiccodeYmlVersion", "version": version.node.value}, before_1_0=True)
    for key in ("IT", "it"):
        entry = entries.get(key)
        if entry is not None:
            w._add("error", key, N_("country sections are removed in publiccode.yml 1.0"),
                   Place(entry.line, entry.column),
                   N_("Before 1.0, declare national platforms and rules with supports (such as "
                      "alias:spid or alias:pagopa) and the administration with organisation.uri "
                      "(urn:x-italian-pa:<code>), then remove the section."), before_1_0=True)
    description = entries.get("description")
    if description is not None and description.node.kind == "map":
        for lang, block in description.node.value.items():
            videos = block.node.value.get("videos") if block.node.kind == "map" else None
            if videos is not None:
                _removed(w, f"description.{lang}.videos", Place(videos.line, videos.column))
    audience = entries.get("intendedAudience")
    if audience is not None and audience.node.kind == "map":
        unsupported = audience.node.value.get("unsupportedCountries")
        if unsupported is not None:
            _removed(w, "intendedAudience.unsupportedCountries", Place(unsupported.line, unsupported.column))
        scope = audience.node.value.get("scope")
        if scope is not None and scope.node.kind == "seq":
            for i, item in enumerate(scope.node.value):
                if item.kind == "scalar" and item.value == "government":
                    w._add("error", f"intendedAudience.scope[{i}]",
                           N_("the scope 'government' is deprecated and removed in publiccode.yml 1.0"),
                           Place(item.line, item.column),
                           N_("Before 1.0, replace 'government' by the scope of the software's field "
                              "(such as local-authorities or justice)."), before_1_0=True)
