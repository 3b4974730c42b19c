"""The forge registry: every forge unit, keyed by its type.

A unit is the ``FORGE`` object of a package's ``unit`` module
(``catalogue/forges/<type>/unit.py``, an instance of ``catalogue.forges.base.Forge``).
The registry finds the packages of ``catalogue.forges`` itself, so adding a forge is
adding its package (and its spider, ``spiders/<type>.py``): no list to edit.

``forge_unit(type)`` is the one lookup the rest of the project uses; it raises
``ConfigError`` for an unknown type, which the configuration loader calls while it reads
each ``[forges."HOST"]`` table, so an unknown type fails when the configuration loads.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from catalogue.errors import ConfigError
from catalogue.forges.base import Forge


@lru_cache(maxsize=1)
def registered() -> dict[str, Forge]:
    """``{type: unit}`` of every forge package, sorted by type.

    Raises TypeError for a package whose ``unit.FORGE`` is not a ``Forge`` or whose type
    differs from its package name (a programming error, found at first use).
    """
    import catalogue.forges as package

    units: dict[str, Forge] = {}
    for info in pkgutil.iter_modules(package.__path__):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}.unit")
        unit = getattr(module, "FORGE", None)
        if not isinstance(unit, Forge) or unit.type != info.name:
            raise TypeError(f"{module.__name__}.FORGE must be the Forge unit of type {info.name!r}")
        units[unit.type] = unit
    return dict(sorted(units.items()))


def forge_types() -> tuple[str, ...]:
    """The registered forge types, sorted (``("forgejo", "github", "gitlab")``)."""
    return tuple(registered())


def forge_unit(forge_type: str) -> Forge:
    """The unit of ``forge_type``. Raises ConfigError naming the known types."""
    try:
        return registered()[forge_type]
    except (KeyError, TypeError):
        raise ConfigError(f"unknown forge type {forge_type!r}; known: {', '.join(forge_types())}") from None
