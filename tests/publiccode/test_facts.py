"""dependsOn and supports: read, stored with the document, exported."""

from __future__ import annotations

import csv
import io
import json

from catalogue.db.codec import _document_from_row, document_row
from catalogue.export import write_export
from catalogue.publiccode import parse_publiccode
from catalogue.publiccode.facts import depends_on, supports

from .test_reading import MINIMAL

EXTRA = """dependsOn:
  open:
    - name: PostgreSQL
      versionMin: "12"
      optional: false
    - name: Redis
      version: "7.2"
      optional: true
    - versionMin: "1"
  hardware:
    - name: NFC Reader
supports:
  - id: alias:gdpr
  - id: https://eur-lex.europa.eu/eli/reg/2014/910/oj
  - id: alias:gdpr
"""


def test_depends_on_and_supports_in_a_fixed_shape():
    doc = parse_publiccode(MINIMAL + EXTRA)
    assert depends_on(doc.data) == {
        "open": [{"name": "PostgreSQL", "versionMin": "12", "optional": False},
                 {"name": "Redis", "version": "7.2", "optional": True}],
        "hardware": [{"name": "NFC Reader", "optional": False}],
    }
    assert supports(doc.data) == ["alias:gdpr", "https://eur-lex.europa.eu/eli/reg/2014/910/oj"]
    # The item without a name is an error of the file, and left out of the facts.
    assert [m.path for m in doc.messages] == ["dependsOn.open[2].name"]
    assert depends_on({}) == {} and supports({"supports": "alias:gdpr"}) == []


def test_they_are_kept_in_the_stored_document():
    doc = parse_publiccode(MINIMAL + EXTRA)
    back = _document_from_row(json.loads(json.dumps(document_row(doc))))
    assert depends_on(back.data) == depends_on(doc.data) and supports(back.data) == supports(doc.data)


def test_they_are_exported_in_json_and_csv():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
    from sitefactory import NOW, make_entry

    from catalogue.records import Publisher

    entry = make_entry("medusa", forge_id="1", publiccode=parse_publiccode(MINIMAL + EXTRA))
    plain = make_entry("plain", forge_id="2")
    publishers = [Publisher(id=entry.entry.source.publisher_id, name="Gemeente", code_hosting=())]
    out = io.StringIO()
    write_export([entry, plain], publishers, now=NOW, fmt="json", out=out)
    rows = {r["name"]: r for r in json.loads(out.getvalue())["repositories"]}
    assert rows["medusa"]["supports"] == ["alias:gdpr", "https://eur-lex.europa.eu/eli/reg/2014/910/oj"]
    assert rows["medusa"]["dependsOn"]["open"][0] == {"name": "PostgreSQL", "versionMin": "12", "optional": False}
    assert rows["plain"]["dependsOn"] == {} and rows["plain"]["supports"] == []
    out = io.StringIO()
    write_export([entry, plain], publishers, now=NOW, fmt="csv", out=out)
    cells = {r["url"].rsplit("/", 1)[-1]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert cells["medusa"]["supports"] == "alias:gdpr;https://eur-lex.europa.eu/eli/reg/2014/910/oj"
    assert json.loads(cells["medusa"]["dependsOn"])["hardware"] == [{"name": "NFC Reader", "optional": False}]
    assert cells["plain"]["dependsOn"] == "" and cells["plain"]["supports"] == ""
