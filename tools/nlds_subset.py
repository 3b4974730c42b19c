"""Keep only the NL Design System components the site uses, from a built components CSS.

    python tools/nlds_subset.py FULL.css OUT.css utrecht-table nl-skip-link ...

Reads the (minified) CSS of ``@rijkshuisstijl-community/components-css``, keeps every
rule whose selector names one of the given class prefixes (``.utrecht-table`` keeps
``.utrecht-table__cell`` too), inside ``@media``/``@container``/``@supports`` blocks as
well, and ``@keyframes`` the kept rules use; writes them with a header naming the
components. ``tools/vendor_nlds.sh`` calls it.
"""

from __future__ import annotations

import re
import sys


def _blocks(css: str):
    """Yield ``(prelude, body)`` for each top-level ``prelude{body}`` of ``css``."""
    depth, start, prelude_start, i = 0, 0, 0, 0
    quote = None
    while i < len(css):
        ch = css[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = len(css) if end < 0 else end + 1
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                yield css[prelude_start:start].strip(), css[start + 1:i]
                prelude_start = i + 1
        elif ch == ";" and depth == 0:
            prelude_start = i + 1
        i += 1


def subset(css: str, prefixes: list[str]) -> str:
    """The rules of ``css`` for the class ``prefixes`` (see the module docstring)."""
    names = "|".join(re.escape(p) for p in prefixes)
    wanted = re.compile(rf"\.(?:{names})(?:__|--|(?![a-z0-9_-]))")
    kept: list[str] = []
    keyframes: dict[str, str] = {}
    for prelude, body in _blocks(css):
        if prelude.startswith("@keyframes"):
            keyframes[prelude.split()[1]] = f"{prelude}{{{body}}}"
        elif prelude.startswith(("@media", "@container", "@supports", "@layer")):
            inner = subset(body, prefixes)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif wanted.search(prelude):
            kept.append(f"{prelude}{{{body}}}")
    text = "".join(kept)
    used = [frames for name, frames in keyframes.items() if re.search(rf"\b{re.escape(name)}\b", text)]
    return text + "".join(used)


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, target, prefixes = argv[0], argv[1], argv[2:]
    with open(source, encoding="utf-8") as handle:
        css = handle.read()
    result = subset(css, prefixes)
    header = ("/* NL Design System components (Rijkshuisstijl community components-css, EUPL-1.2; see\n"
              f"   NLDS-LICENCE.md), only: {', '.join(prefixes)}. Made by tools/nlds_subset.py. */\n")
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(header + result + "\n")
    print(f"{target}: {len(result)} of {len(css)} characters kept")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
