"""A catalogue that shows every part of a repository page (logo, screenshots, rendered
Markdown, contractors and contacts, dependsOn, a variant, a renamed and an unavailable
repository), for the site's browser tests and ``bench/screenshots.py``.

Images point to the repository's raw files on raw.githubusercontent.com, as on the real
site; tests never touch the internet, so :func:`route_forge_images` answers those
requests in the browser with local stand-in images.
"""

from __future__ import annotations

from dataclasses import replace

from browser import rich_catalogue
from sitefactory import make_entry, make_publiccode

from catalogue.config import OperatorSettings
from catalogue.records import HarvestProblem

RAW_HOST = "https://raw.githubusercontent.com/"
OPERATOR = OperatorSettings(
    organisation="Voorbeeldorganisatie", organisation_url="https://www.example.nl/",
    contact_email="catalogus@example.nl", privacy_url="https://www.example.nl/privacy",
    accessibility_status="partially-compliant",
)

LONG_NL = """**Signalen** is een systeem voor *meldingen openbare ruimte*: bewoners melden een losliggende
stoeptegel of een volle container, de gemeente [handelt de melding af](https://signalen.org/werkwijze).

- meldingen ontvangen via web en app
- automatisch doorsturen naar de juiste afdeling
- terugkoppeling aan de melder

## Voor wie

Gemeenten die meldingen **zaakgericht** willen afhandelen."""

LONG_EN = """**Signalen** handles *reports about public space*: residents report a loose paving stone or a
full container, and the municipality [deals with it](https://signalen.org/how).

- reports by web and app
- routed to the right department automatically
- feedback to the reporter"""


def showcase_publiccode():
    """Signalen's publiccode.yml with every part the repository page shows."""
    return make_publiccode(extra={
        "logo": "docs/logo.svg",
        "landingURL": "https://signalen.org",
        "description": {
            "nl": {"shortDescription": "Meldingen openbare ruimte afhandelen", "longDescription": LONG_NL,
                   "features": ["Meldingen ontvangen", "Meldingen routeren", "Terugkoppeling aan bewoners"],
                   "screenshots": ["docs/screenshot-1.png", "docs/screenshot-2.png"],
                   "documentation": "https://docs.signalen.org"},
            "en": {"shortDescription": "Handle reports about public space", "longDescription": LONG_EN,
                   "features": ["Receive reports", "Route reports", "Feedback to residents"],
                   "screenshots": ["docs/screenshot-1.png", "docs/screenshot-2.png"],
                   "documentation": "https://docs.signalen.org", "apiDocumentation": "https://api.signalen.org"},
        },
        "maintenance": {"type": "contract",
                        "contractors": [{"name": "Voorbeeld B.V.", "until": "2027-01-01", "website": "https://voorbeeld.example"}],
                        "contacts": [{"name": "Jan Jansen", "email": "jan.jansen@example.nl", "affiliation": "Gemeente Voorbeeld"}]},
        "dependsOn": {"open": [{"name": "PostgreSQL", "versionMin": "13"}, {"name": "Redis", "optional": True}]},
    })


def showcase_catalogue():
    """``(publishers, entries)``: :func:`browser.rich_catalogue` with Signalen's full
    publiccode.yml, an earlier name for it, and a repository blocked for legal reasons."""
    publishers, entries = rich_catalogue()
    changed = []
    for stored in entries:
        if stored.entry.source.name == "signalen":
            entry = replace(stored.entry, publiccode=showcase_publiccode())
            stored = replace(stored, entry=entry, previous_urls=("https://github.com/example-gemeente/meldingen",))
        changed.append(stored)
    changed.append(make_entry("geblokkeerd", forge_id="9", short_description="Een geblokkeerde repository",
                              problems=(HarvestProblem("access", "Repository access blocked", status=451),)))
    return publishers, tuple(changed)


_LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="12" '
         'fill="#01689b"/><circle cx="48" cy="40" r="18" fill="#fff"/><path d="M48 58 36 78h24z" fill="#fff"/></svg>')
_SHOT = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 400"><rect width="640" height="400" fill="#f1f5f9"/>'
         '<rect width="640" height="48" fill="#154273"/><rect x="24" y="72" width="360" height="24" fill="#94a3b8"/>'
         '<rect x="24" y="112" width="592" height="12" fill="#cbd5e1"/><rect x="24" y="136" width="540" height="12" '
         'fill="#cbd5e1"/><rect x="24" y="176" width="280" height="200" fill="#b3d7ee"/><rect x="328" y="176" '
         'width="288" height="200" fill="#dce3ea"/></svg>')


def route_forge_images(context) -> list[str]:
    """Answer the browser's requests for raw files with local stand-in images (a logo,
    a screenshot); returns the list of URLs asked, to check where the page went."""
    asked: list[str] = []

    def answer(route) -> None:
        asked.append(route.request.url)
        body = _LOGO if "logo" in route.request.url else _SHOT
        route.fulfill(status=200, content_type="image/svg+xml", body=body)

    context.route(RAW_HOST + "**", answer)
    return asked
