"""A fixture with one Forgejo instance standing for code.overheid.nl (and a GitHub origin)."""

from __future__ import annotations

PUBLICCODE = """publiccodeYmlVersion: "0.4"
name: Portaal
url: https://code.overheid.nl/gemeente-x/portaal
platforms: [web]
developmentStatus: stable
softwareType: standalone/web
description:
  nl:
    shortDescription: Het portaal van de gemeente
    longDescription: "%s"
    features: [zaken]
legal:
  license: EUPL-1.2
maintenance:
  type: internal
  contacts: [{name: Jan}]
localisation:
  localisationReady: false
  availableLanguages: [nl]
""" % ("Een lange beschrijving van het portaal. " * 5)


def forgejo_fixture(page_cap: int = 3, link: bool = True) -> dict:
    """GitHub ``upstream/tool``; Forgejo ``gemeente-x`` (8 repositories, pages capped at
    ``page_cap``), ``provincie-y`` (an organisation of the instance that no entry names)
    and the user ``jan``."""
    commits = ["2026-05-01T10:00:00Z", "2026-04-01T10:00:00Z"]
    return {
        "github": {"accounts": [{"login": "upstream", "repositories": [
            {"name": "tool", "description": "The tool upstream", "pushed_at": "2026-05-02T00:00:00Z"}]}]},
        "forgejo": [{
            "prefix": "/forgejo", "web_host": "code.overheid.nl", "max_page_size": page_cap, "link": link,
            "orgs": [
                {"login": "gemeente-x", "repositories": [
                    {"name": "portaal", "description": "Portaal", "files": {"publiccode.yml": PUBLICCODE},
                     "languages": {"Python": 900, "HTML": 100}, "topics": ["zaken"], "stars": 4, "forks": 1,
                     "open_issues": 3, "open_pull_requests": 2, "homepage": "https://portaal.example.nl",
                     "releases": [{"tag_name": "v1.2", "name": "1.2", "published_at": "2026-03-01T00:00:00Z"}],
                     "commit_dates": commits, "pushed_at": "2026-05-01T10:00:00Z"},
                    {"name": "yaml-variant", "description": "Met .yaml", "files": {"publiccode.yaml": PUBLICCODE}},
                    {"name": "no-publiccode", "description": "", "files": {"README.md": "# Titel\n\nWat dit doet."}},
                    {"name": "empty", "empty": True},
                    {"name": "portaal-fork", "fork_of": "gemeente-x/portaal", "description": "Een fork"},
                    {"name": "tool-mirror", "mirror_of": "https://github.com/upstream/tool",
                     "description": "Spiegel", "commit_dates": ["2025-01-01T00:00:00Z"],
                     "pushed_at": "2026-05-30T00:00:00Z"},
                    {"name": "unknown-mirror", "mirror_of": "", "description": "Spiegel van elders"},
                    {"name": "sjabloon", "template": True, "description": "Sjabloon"},
                ]},
                {"login": "provincie-y", "repositories": [{"name": "kaart", "description": "Kaart"}]},
            ],
            "users": [{"login": "jan", "repositories": [{"name": "script", "description": "Een script"}]}],
        }],
    }
