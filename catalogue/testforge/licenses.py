"""Display names of the licences the forges report, keyed by SPDX id.

The names are the SPDX list's full names as GitHub's licence API and GitLab's
``?license=true`` show them; unknown ids show the id itself.
"""

from __future__ import annotations

LICENSE_NAMES = {
    "AGPL-3.0": "GNU Affero General Public License v3.0",
    "AGPL-3.0-only": "GNU Affero General Public License v3.0",
    "AGPL-3.0-or-later": "GNU Affero General Public License v3.0 or later",
    "Apache-2.0": "Apache License 2.0",
    "BSD-2-Clause": 'BSD 2-Clause "Simplified" License',
    "BSD-3-Clause": 'BSD 3-Clause "New" or "Revised" License',
    "CC0-1.0": "Creative Commons Zero v1.0 Universal",
    "CC-BY-4.0": "Creative Commons Attribution 4.0 International",
    "EUPL-1.1": "European Union Public License 1.1",
    "EUPL-1.2": "European Union Public License 1.2",
    "GPL-2.0": "GNU General Public License v2.0",
    "GPL-3.0": "GNU General Public License v3.0",
    "GPL-3.0-only": "GNU General Public License v3.0",
    "GPL-3.0-or-later": "GNU General Public License v3.0 or later",
    "LGPL-2.1": "GNU Lesser General Public License v2.1",
    "LGPL-3.0": "GNU Lesser General Public License v3.0",
    "MIT": "MIT License",
    "MPL-2.0": "Mozilla Public License 2.0",
    "NOASSERTION": "Other",
    "Unlicense": "The Unlicense",
}


def license_name(spdx_id: str) -> str:
    """The display name of an SPDX licence id (the id itself when unknown)."""
    return LICENSE_NAMES.get(spdx_id, spdx_id)
