"""Forge units: one package per forge type (``github``, ``gitlab``, ``forgejo``).

Each package holds the forge's pure mappers (its ``__init__``) and its unit
(``unit.FORGE``, see ``catalogue.forges.base.Forge``); ``catalogue.forges.registry``
finds them. Use ``forge_unit(type)`` instead of comparing forge types.
"""

from catalogue.forges.registry import forge_types, forge_unit

__all__ = ["forge_types", "forge_unit"]
