"""What the demo data holds: which real publishers, accounts and repositories.

Read by ``make_demo_data.py`` only. Publishers, their names, TOOI URIs and code-hosting
accounts come from developer.overheid.nl's real seed list (don-oss-register
``publishers.json``); repositories named in ``REAL_PUBLICCODE`` are the real
repositories whose ``publiccode.yml`` is in the corpus. Every other repository name,
description and number here is made up for the demo (``generated: true`` in the
fixture).

Per account: ``(name, description, language, special)`` where ``special`` is a set of
words: ``archived``, ``empty``, ``fork:<owner/name>``, ``moved:<old name>``,
``readme`` (a README without publiccode.yml), ``norepo`` (GitLab repository disabled),
``publiccode`` (a generated publiccode.yml, for GitLab where the corpus has none).
"""

from __future__ import annotations

# Publisher key -> the seed list's ``description`` (organisation name) and the accounts used.
PUBLISHERS: dict[str, tuple[str, list[tuple[str, bool]]]] = {
    "gemeente-amsterdam": ("Gemeente Amsterdam", [("https://github.com/Amsterdam", True)]),
    "minbzk": ("Binnenlandse Zaken en Koninkrijksrelaties", [("https://github.com/MinBZK", True),
                                                             ("https://github.com/dataoverheid", True)]),
    "minvws": ("Volksgezondheid, Welzijn en Sport", [("https://github.com/minvws", True)]),
    "kiesraad": ("Kiesraad", [("https://github.com/kiesraad", True)]),
    "ictu": ("Stichting ICTU", [("https://github.com/ICTU", True), ("https://github.com/nl-design-system", True)]),
    "vng": ("Vereniging van Nederlandse Gemeenten", [("https://github.com/open-zaak", True),
                                                     ("https://github.com/Signalen", True),
                                                     ("https://gitlab.com/commonground", True)]),
    "gemeente-buren": ("Gemeente Buren", [("https://github.com/OpenWebconcept", True)]),
    "belastingdienst": ("Belastingdienst", [("https://github.com/belastingdienst", True)]),
    "cbs": ("Centraal Bureau voor de Statistiek", [("https://github.com/statistiekcbs", True)]),
    "gemeente-utrecht": ("Gemeente Utrecht", [("https://gitlab.com/gemeenteutrecht", True),
                                              ("https://github.com/GemeenteUtrecht", True)]),
    "knmi": ("Koninklijk Nederlands Meteorologisch Instituut", [("https://gitlab.com/KNMI-OSS", True)]),
    "kadaster": ("Dienst voor het kadaster en de openbare registers", [("https://github.com/PDOK", True)]),
    "logius": ("Logius", [("https://github.com/Logius-standaarden", True)]),
    "gemeente-haarlem": ("Gemeente Haarlem", [("https://github.com/Haarlem/haarlem-open-data", False)]),
    "rijkswaterstaat": ("Rijkswaterstaat", [("https://github.com/Rijkswaterstaat", True)]),
}

# (account, repository) pairs whose real publiccode.yml is in the corpus (latest version).
REAL_PUBLICCODE = [
    ("Amsterdam", "alletaal-lint"), ("Amsterdam", "brede-welvaart"), ("Amsterdam", "design-system"),
    ("Amsterdam", "signals-frontend"), ("MinBZK", "amt"), ("MinBZK", "nl-wallet"), ("MinBZK", "regelrecht"),
    ("minvws", "gfmodules-nationale-verwijsindex"), ("minvws", "gfmodules-pseudoniemendienst"),
    ("minvws", "nl-rdo-woo-web"), ("kiesraad", "abacus"), ("ICTU", "quality-time"), ("open-zaak", "open-zaak"),
    ("open-zaak", "open-notificaties"), ("OpenWebconcept", "plugin-openpub-base"),
    ("OpenWebconcept", "plugin-pdc-base"),
]

# Languages of the real repositories (made up where we do not know them: generated metadata).
REAL_LANGUAGES = {
    "alletaal-lint": "Python", "brede-welvaart": "TypeScript", "design-system": "TypeScript",
    "signals-frontend": "JavaScript", "amt": "Python", "nl-wallet": "Rust", "regelrecht": "Python",
    "gfmodules-nationale-verwijsindex": "Python", "gfmodules-pseudoniemendienst": "Python",
    "nl-rdo-woo-web": "PHP", "abacus": "Rust", "quality-time": "Python", "open-zaak": "Python",
    "open-notificaties": "Python", "plugin-openpub-base": "PHP", "plugin-pdc-base": "PHP",
}

Generated = tuple[str, str, str, set[str]]

GITHUB_GENERATED: dict[str, list[Generated]] = {
    "Amsterdam": [
        ("afvalwijzer-api", "API voor ophaaldagen van afval per adres", "Python", {"readme"}),
        ("parkeren-kaartlagen", "Kaartlagen voor parkeervakken", "JavaScript", {"readme"}),
        ("oude-subsidieportal", "Portaal voor subsidieaanvragen (vervangen)", "Java", {"archived", "readme"}),
        ("monitoring-dashboards", "Dashboards voor de monitoring van stadsdiensten", "TypeScript", set()),
        ("schema-tools", "Hulpmiddelen voor het beheer van datasets-schema's", "Python", {"readme"}),
    ],
    "MinBZK": [
        ("publiccode-parser-go", "Fork van de publiccode.yml-parser", "Go",
         {"fork:italia/publiccode-parser-go"}),
        ("woo-hoo", "Ondersteuning bij het publiceren onder de Wet open overheid", "Python", {"readme"}),
        ("algoritmeregister-api", "API van het algoritmeregister", "Python", {"readme"}),
        ("mijn-overheid-prototype", "Prototype voor berichten aan burgers", "TypeScript", {"archived"}),
        ("nieuw-project", "Nog leeg project", "", {"empty"}),
    ],
    "dataoverheid": [
        ("dcat-ap-donl", "Profiel DCAT-AP-DONL en validatie", "PHP", {"readme"}),
        ("ckanext-dataoverheid", "CKAN-extensie voor data.overheid.nl", "Python", {"archived", "readme"}),
    ],
    "minvws": [
        ("nl-covid19-notification-app-website", "Website van de CoronaMelder-app", "HTML", {"archived", "readme"}),
        ("nl-kat-coordinator", "Kwetsbaarhedenanalysetool", "Python", {"readme"}),
        ("gfmodules-addressing-register", "Adresseringsregister voor generieke functies", "Python", set()),
        ("nl-rdo-max", "Authenticatieservice voor zorgtoepassingen", "Python", {"readme"}),
    ],
    "kiesraad": [
        ("abacus-documentatie", "Documentatie van Abacus", "Markdown", {"readme"}),
        ("verkiezingsuitslagen-schema", "Schema's voor de uitwisseling van uitslagen", "XSLT", set()),
    ],
    "ICTU": [
        ("quality-time-helm", "Helm-chart voor Quality-time", "Smarty", {"readme"}),
        ("devops-metriek", "Metrieken voor software-ontwikkelteams", "Python", {"archived"}),
        ("nlgov-skills", "Leerlijnen voor ontwikkelaars bij de overheid", "HTML", {"readme"}),
    ],
    "nl-design-system": [
        ("utrecht", "Componenten van de gemeente Utrecht voor NL Design System", "TypeScript", {"readme"}),
        ("candidate", "Kandidaat-componenten van NL Design System", "TypeScript", {"readme"}),
        ("themes", "Thema's van organisaties voor NL Design System", "CSS", set()),
    ],
    "open-zaak": [
        ("open-zaak-helm", "Helm-charts voor Open Zaak", "Smarty", {"readme"}),
        ("open-zaak-selectielijst", "Selectielijst-integratie", "Python", {"archived"}),
    ],
    "Signalen": [
        ("backend", "Backend van Signalen, meldingen openbare ruimte", "Python", {"readme"}),
        ("frontend", "Frontend van Signalen", "TypeScript", {"readme", "moved:signals-app"}),
        ("helm", "Helm-chart van Signalen", "Smarty", set()),
    ],
    "OpenWebconcept": [
        ("plugin-openconvenanten", "WordPress-plugin voor convenanten", "PHP", {"readme"}),
        ("theme-owc", "Basisthema voor OpenWebconcept-sites", "PHP", {"archived"}),
    ],
    "belastingdienst": [
        ("design-tokens", "Design tokens van de Belastingdienst", "JavaScript", {"readme"}),
        ("rekenregels-demo", "Voorbeeld van uitvoerbare rekenregels", "Java", {"readme"}),
        ("mijn-belastingdienst-mock", "Testomgeving voor koppelingen", "Kotlin", set()),
    ],
    "statistiekcbs": [
        ("cbsodata", "Python-pakket voor CBS open data (StatLine)", "Python", {"readme"}),
        ("cbsodataR", "R-pakket voor CBS open data", "R", {"readme"}),
        ("kaarten-wijken-buurten", "Kaarten van wijken en buurten", "R", set()),
        ("statline-odata-v3-archief", "Oude OData-v3-client", "C#", {"archived"}),
    ],
    "GemeenteUtrecht": [
        ("zaakafhandelcomponent-utrecht", "Aanpassingen voor de zaakafhandeling", "TypeScript", {"readme"}),
        ("formulieren-sjablonen", "Sjablonen voor online formulieren", "JavaScript", set()),
    ],
    "PDOK": [
        ("pdok-viewer", "Kaartviewer voor PDOK-diensten", "TypeScript", {"readme"}),
        ("ogc-api-processes-demo", "Voorbeeld van OGC API Processes", "Python", {"readme"}),
        ("kadaster-kaartlagen", "Stijlen voor kaartlagen", "JavaScript", set()),
        ("locatieserver-client", "Client voor de PDOK Locatieserver", "Go", {"readme"}),
    ],
    "Logius-standaarden": [
        ("API-Design-Rules", "De API Design Rules van het Kennisplatform API's", "HTML", {"readme"}),
        ("Digikoppeling-Koppelvlakstandaard-REST-API", "Koppelvlakstandaard REST-API", "HTML", {"readme"}),
        ("publicatie", "Publicatieomgeving van standaarden", "HTML", set()),
        ("ReSpec-template", "ReSpec-sjabloon voor standaarden", "JavaScript", {"readme"}),
    ],
    "Haarlem": [
        ("haarlem-open-data", "Open data van de gemeente Haarlem", "Jupyter Notebook", {"readme"}),
    ],
    "Rijkswaterstaat": [
        ("wm-ws-dl", "Client voor de waterdata-webservices", "Python", {"readme"}),
        ("Datawarehouse-scripts", "Scripts voor het datawarehouse", "Python", {"archived"}),
        ("meetnet-visualisatie", "Visualisatie van meetnetten", "TypeScript", set()),
    ],
}

# GitLab groups: group path -> (projects, subgroups); projects are ``Generated`` tuples.
GITLAB_GROUPS: dict[str, tuple[list[Generated], dict[str, list[Generated]]]] = {
    "commonground": ([
        ("commonground-website", "Website van Common Ground", "JavaScript", {"readme", "publiccode"}),
        ("haven", "Standaard voor cloud-platforms van gemeenten", "Go", {"readme", "publiccode"}),
        ("ideeen", "Ideeën en issues, zonder code", "", {"norepo"}),
    ], {
        "core": [
            ("nlx", "Peer-to-peer systeem voor gegevensuitwisseling", "Go", {"readme", "publiccode"}),
            ("fsc-test-suite", "Testsuite voor Federatieve Service Connectiviteit", "Go", {"readme"}),
        ],
        "huishoudboekje": [
            ("huishoudboekje-app", "Applicatie voor schuldhulpverlening", "TypeScript", {"readme"}),
            ("huishoudboekje-oud", "Eerste versie (vervangen)", "Python", {"archived"}),
        ],
    }),
    "KNMI-OSS": ([
        ("knmi-data-platform-examples", "Voorbeelden voor het KNMI Data Platform", "Python", {"readme"}),
        ("adaguc-server", "Server voor kaartdiensten van geodata", "C++", {"readme", "publiccode"}),
        ("weerlive-widgets", "Widgets voor weerberichten", "JavaScript", set()),
    ], {}),
    "gemeenteutrecht": ([
        ("open-formulieren-configuratie", "Configuratie van formulieren", "Python", {"readme"}),
        ("zgw-koppelingen", "Koppelingen met ZGW-API's", "Java", {"readme"}),
    ], {}),
}


#: A Forgejo instance standing for code.overheid.nl, the Dutch government's own forge
#: (BZK is setting it up; no public list of its accounts exists yet). Its organisation and
#: repositories are made up, and its publisher is a demo publisher that takes the instance
#: whole (``https://code.overheid.nl``). Specials: ``mirror:URL`` a pull mirror of URL
#: (``mirror:`` with no URL: origin unknown), ``template``, ``empty``, ``fork:OWNER/NAME``.
FORGEJO_WEB_HOST = "code.overheid.nl"
FORGEJO_PUBLISHER = ("code-overheid-nl-demo", "Voorbeeldorganisatie op code.overheid.nl (demo)")
FORGEJO_ORGS: dict[str, list[Generated]] = {
    "voorbeeld-gemeente": [
        ("meldingen-openbare-ruimte", "Meldingen over de openbare ruimte", "Python", {"readme", "publiccode"}),
        ("formulieren", "Formulieren voor inwoners", "TypeScript", {"readme", "publiccode"}),
        ("amt", "Spiegel van het algoritmemanagementtoolkit van BZK", "Python",
         {"readme", "mirror:https://github.com/MinBZK/amt"}),
        ("archief-koppeling", "Spiegel van een koppeling van elders", "Java", {"readme", "mirror:"}),
        ("sjabloon-dienst", "Sjabloon voor een nieuwe dienst", "Go", {"readme", "template"}),
        ("nieuw", "Nog leeg", "", {"empty"}),
    ],
    "voorbeeld-provincie": [
        ("meldingen-openbare-ruimte", "Fork voor de provincie", "Python",
         {"readme", "fork:voorbeeld-gemeente/meldingen-openbare-ruimte"}),
        ("kaartviewer", "Kaarten van de provincie", "JavaScript", {"readme"}),
    ],
}

