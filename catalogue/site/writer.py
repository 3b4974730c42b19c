"""Phase two of the build: one writer renders every page for every language and writes it.

Templates come from the ``site_templates`` package (``PackageLoader``, so a non-editable
install works), with autoescape on and ``StrictUndefined``: every text is a stranger's.
Each language gets its own Jinja environment with its translations and its locale's
date and number formats; language ``nl`` is written at the site root, others under
``{language}/``. Links are relative to the page that holds them.
"""

from __future__ import annotations

import multiprocessing
import uuid
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context

from catalogue.maintenance import Reason
from catalogue.site import badges, labels, paths
from catalogue.site import filters as site_filters
from catalogue.site.i18n import DEFAULT_LANGUAGE, LANGUAGES, load_translations
from catalogue.site.pages import Page

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
#: The left half of a status badge (a gettext message id).
BADGE_LABEL = labels.N_("maintenance")


def language_prefix(language: str) -> str:
    """Return the directory prefix of ``language``: ``""`` for the default, else ``"en/"``."""
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class SiteSettings:
    """Build-wide settings the templates see as ``site``: the public ``base_url`` (for
    canonical links; ``None`` leaves them out), ``demo`` (say on every page, translated,
    that this is a demonstration with generated metadata) and an extra ``demo_note``
    shown as is on every page."""

    base_url: str | None
    demo_note: str | None
    demo: bool = False
    languages: tuple[str, ...] = LANGUAGES


def make_environment(language: str, settings: SiteSettings | None = None) -> Environment:
    """Return the Jinja environment for ``language`` (translations, filters, globals).

    ``settings`` gives ``absolute(path)`` its base URL (without one it returns ``None``).

    Raises ``ValueError`` for an unknown language (see ``load_translations``).
    """
    translations = load_translations(language)
    env = Environment(
        loader=PackageLoader("site_templates", ""),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations, newstyle=True)
    site_filters.install(env, language)
    gettext = translations.gettext

    @lru_cache(maxsize=8192)
    def long_date(value: date) -> str:
        return format_date(value, format="long", locale=language)

    def show_date(value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = _utc(value).date()
        return long_date(value)

    @lru_cache(maxsize=8192)
    def show_number(value: int | float | None) -> str:
        return "" if value is None else format_decimal(value, locale=language)

    def show_value(value: Any) -> str:
        if isinstance(value, (date, datetime)):
            return show_date(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return show_number(value)
        return str(value)

    def label(value: str | None, kind: str) -> str:
        table: Mapping[str, str] = getattr(labels, f"{kind.upper()}_LABELS")
        if value is None:
            return ""
        return gettext(table[value]) if value in table else value

    rendered: dict[Any, str] = {}

    def reason(item: Reason) -> str:
        # Many pages share the same sentences (the rule, "no commit counts"): render once.
        try:
            key = (item.message, tuple(sorted(item.params.items())))
            hash(key)
        except TypeError:
            return item.render(gettext, show_value)
        if key not in rendered:
            rendered[key] = item.render(gettext, show_value)
        return rendered[key]

    def translated(template: str | None, params: Mapping[str, str], english: str | None) -> str | None:
        # A validation message in the page's language: gettext(template) % params; the
        # English text when there is no template (messages stored before templates
        # existed) or the translation does not fit the params.
        if not template:
            return english
        text = gettext(template)
        try:
            return text % dict(params) if params else text
        except (KeyError, ValueError, TypeError):
            return english

    def validation_message(message: Any) -> str:
        return translated(message.template, message.params, message.message) or ""

    def validation_hint(message: Any) -> str | None:
        return translated(message.hint_template, message.params, message.hint)

    @pass_context
    def link(context: Any, target: str) -> str:
        prefix = language_prefix(language)
        return paths.relative_url(prefix + context["page_path"], prefix + target)

    @pass_context
    def asset(context: Any, target: str) -> str:
        return paths.relative_url(language_prefix(language) + context["page_path"], target)

    @pass_context
    def in_language(context: Any, other: str) -> str:
        here = language_prefix(language) + context["page_path"]
        return paths.relative_url(here, language_prefix(other) + context["page_path"])

    def absolute(target: str) -> str | None:
        base = settings.base_url if settings else None
        return base.rstrip("/") + "/" + language_prefix(language) + target if base else None

    def badge_width(status: str) -> int:
        return badges.badge_width(gettext(BADGE_LABEL), label(status, "status"))

    def iso(value: datetime) -> str:
        return _utc(value).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    def stable_id(value: str) -> str:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'catalogue:' + value)}"

    env.tests["web_url"] = is_web_url
    env.filters.update(date=show_date, number=show_number, label=label, reason=reason, iso=iso,
                       validation_message=validation_message, validation_hint=validation_hint)
    env.globals.update(
        link=link,
        asset=asset,
        in_language=in_language,
        lang=language,
        language_names=LANGUAGE_NAMES,
        paths=paths,
        absolute=absolute,
        badge_width=badge_width,
        status_tone=labels.status_tone,
        stable_id=stable_id,
    )
    return env


def is_web_url(value: Any) -> bool:
    """True when ``value`` is an ``http(s)://`` URL, the only kind the site links to
    (a stranger's ``javascript:`` or ``data:`` URL is shown as text)."""
    return isinstance(value, str) and value.lower().startswith(("https://", "http://"))


class Writer:
    """Writes rendered pages, static files and other outputs under ``out_dir``.

    Remembers every file it wrote (root-relative POSIX paths) in :attr:`written`.
    """

    def __init__(self, out_dir: Path, settings: SiteSettings) -> None:
        self.out_dir = out_dir
        self.settings = settings
        self.written: list[str] = []

    def write_text(self, relative: str, content: str) -> None:
        """Write ``content`` as UTF-8 (``\\n`` line ends) to ``out_dir/relative``."""
        target = self.out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        self.written.append(relative)

    def write_bytes(self, relative: str, content: bytes) -> None:
        """Write ``content`` to ``out_dir/relative`` as is."""
        target = self.out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.written.append(relative)

    def write_pages(self, pages: Iterable[Page], *, parallel_from: int = 2000) -> int:
        """Render every page in every language and write it; return the number of files.

        With at least ``parallel_from`` pages, each language is rendered in its own forked
        process (where the platform has ``fork``), so a large site uses two cores; the
        files written are the same either way.
        """
        pages = tuple(pages)
        languages = self.settings.languages
        if len(pages) < parallel_from or len(languages) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return sum(self._write_language(language, pages) for language in languages)
        context = multiprocessing.get_context("fork")
        results = []
        for language in languages:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=self._write_in_child, args=(language, pages, sender))
            process.start()
            sender.close()
            results.append((language, process, receiver))
        count = 0
        for language, process, receiver in results:
            try:
                outcome = receiver.recv()
            except EOFError:
                outcome = RuntimeError(f"rendering the {language} pages stopped unexpectedly")
            process.join()
            if isinstance(outcome, BaseException):
                raise outcome
            self.written.extend(outcome)
            count += len(outcome)
        return count

    def _write_in_child(self, language: str, pages: tuple[Page, ...], sender: Any) -> None:
        self.written = []
        try:
            self._write_language(language, pages)
            sender.send(self.written)
        except BaseException as error:  # reported to the parent, which raises it
            sender.send(RuntimeError(f"rendering the {language} pages failed: {error!r}"))
        finally:
            sender.close()

    def _write_language(self, language: str, pages: tuple[Page, ...]) -> int:
        count = 0
        env = make_environment(language, self.settings)
        prefix = language_prefix(language)
        for page in pages:
            template = env.get_template(page.template)
            canonical = (
                self.settings.base_url.rstrip("/") + "/" + prefix + page.path
                if self.settings.base_url
                else None
            )
            html = template.render(
                **page.context,
                page_path=page.path,
                site=self.settings,
                canonical=canonical,
            )
            self.write_text(prefix + page.path, html)
            count += 1
        return count

    def write_badges(self, repositories: Iterable[Any]) -> int:
        """Write ``badge.svg`` next to every repository page, in every language; return
        the number of files. ``repositories`` are ``RepositoryView`` objects."""
        repositories = tuple(repositories)
        count = 0
        for language in self.settings.languages:
            gettext = load_translations(language).gettext
            left = gettext(BADGE_LABEL)
            for repository in repositories:
                status = repository.status
                value = gettext(labels.STATUS_LABELS[status]) if status in labels.STATUS_LABELS else status
                svg = badges.badge_svg(left, value, labels.status_tone(status))
                self.write_text(language_prefix(language) + repository.badge_path, svg)
                count += 1
        return count

    def copy_static(self) -> int:
        """Copy ``site_templates/static/*`` to ``out_dir/static/``; return the file count."""
        root = resources.files("site_templates") / "static"
        count = 0
        for item in sorted(root.iterdir(), key=lambda i: i.name):
            if item.is_file() and not item.name.startswith((".", "__")):
                self.write_bytes(f"static/{item.name}", item.read_bytes())
                count += 1
        return count
