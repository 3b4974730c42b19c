"""Phase two of the build: one writer renders every page for every language and writes it.

Templates come from the ``site_templates`` package (``PackageLoader``, so a non-editable
install works), with autoescape on and ``StrictUndefined``: every text is a stranger's.
Each language gets its own Jinja environment with its translations and its locale's
date and number formats; language ``nl`` is written at the site root, others under
``{language}/``. Links are relative to the page that holds them.
"""

from __future__ import annotations

import multiprocessing
import os
import uuid
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import date, datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from catalogue.maintenance import Reason
from catalogue.site import badges, labels, paths
from catalogue.site import filters as site_filters
from catalogue.site.i18n import DEFAULT_LANGUAGE, LANGUAGES, load_translations
from catalogue.site.fingerprint import Fingerprinter, code_fingerprint, content_digest
from catalogue.site.pages import Page
from catalogue.site.publish import Publication, replace_file
from catalogue.site.views import PublisherView, RepositoryView

#: The context key that carries a page's fingerprint to the renderer (not a template variable).
FINGERPRINT = "__fingerprint__"
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
    # Added to the Environment at runtime by the jinja2.ext.i18n extension; Jinja2's
    # type hints do not declare it.
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    site_filters.install(env, language)
    gettext = translations.gettext
    _fast_gettext(env, gettext)

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


def _fast_gettext(env: Environment, gettext: Any) -> None:
    """Install ``_`` and ``gettext`` as Jinja's new-style gettext does (the translation
    as markup, then ``% variables``), without its two indirections per call and with
    the translations remembered: a page makes about 60 such calls, and Jinja's own
    path was a quarter of the rendering time."""
    translated: dict[str, Any] = {}
    plain: dict[str, Any] = {}

    @pass_context
    def fast_gettext(__context: Any, __string: str, **variables: Any) -> Any:
        if not __context.eval_ctx.autoescape:
            return gettext(__string) % variables
        if not variables:
            done = plain.get(__string)
            if done is None:
                done = plain[__string] = Markup(gettext(__string)) % {}
            return done
        markup = translated.get(__string)
        if markup is None:
            markup = translated[__string] = Markup(gettext(__string))
        return markup % variables

    env.globals.update(_=fast_gettext, gettext=fast_gettext)


def is_web_url(value: Any) -> bool:
    """True when ``value`` is an ``http(s)://`` URL, the only kind the site links to
    (a stranger's ``javascript:`` or ``data:`` URL is shown as text)."""
    return isinstance(value, str) and value.lower().startswith(("https://", "http://"))


class Writer:
    """Writes rendered pages, static files and other outputs of one build.

    Every output is recorded with its digest in :attr:`outputs` (root-relative POSIX
    path -> digest); one whose digest equals the ``previous`` build's (its manifest)
    and whose file the live site has is not made again. The others are written into
    the publication's staging directory (``catalogue.site.publish``), created on the
    first write, and listed in :attr:`written`. Page digests are fingerprints of what
    the page is made of (``catalogue.site.fingerprint``), so an unchanged page is not
    even rendered; other files are digested by content.
    """

    def __init__(self, publication: Publication, settings: SiteSettings,
                 previous: Mapping[str, str] | None = None, marks: Mapping[str, str] | None = None) -> None:
        self.publication = publication
        self.settings = settings
        self.previous = dict(previous or {})
        self.previous_marks = dict(marks or {})
        #: Fingerprints of whole groups of outputs, kept in the manifest (``#name``).
        self.marks: dict[str, str] = {}
        self.outputs: dict[str, str] = {}
        self.written: list[str] = []
        #: The number of pages rendered (a page whose fingerprint did not change is not).
        self.rendered = 0
        #: The page fingerprinter of HTML pages, which knows every view's digest.
        self.fingerprinter = Fingerprinter((RepositoryView, PublisherView))

    def reuse(self, mark: str, fingerprint: str, prefix: str) -> bool:
        """Record ``fingerprint`` as the mark of the outputs under ``prefix``; when the
        previous build had the same mark and the live site has every one of its files
        there, keep them as they are (recorded as outputs) and return True."""
        self.marks[mark] = fingerprint
        if self.previous_marks.get(mark) != fingerprint:
            return False
        kept = {name: digest for name, digest in self.previous.items() if name.startswith(prefix)}
        if not kept or not all(os.path.isfile(self.publication.live / name) for name in kept):
            return False
        self.outputs.update(kept)
        return True

    def unchanged(self, relative: str, digest: str) -> bool:
        """Record output ``relative`` with ``digest``; True when the live site already
        has it (same digest in the previous manifest, and the file is there)."""
        self.outputs[relative] = digest
        return self.previous.get(relative) == digest and os.path.isfile(self.publication.live / relative)

    def _target(self, relative: str) -> Path:
        target = self.publication.stage() / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_file(target)  # never write through a hard link into the live site
        return target

    def write_text(self, relative: str, content: str) -> None:
        """Write ``content`` as UTF-8 (``\\n`` line ends) to ``relative`` unless unchanged."""
        self.write_bytes(relative, content.encode("utf-8"))

    def write_bytes(self, relative: str, content: bytes) -> None:
        """Write ``content`` to ``relative`` as is, unless the live site has the same."""
        if self.unchanged(relative, content_digest(content)):
            return
        self._target(relative).write_bytes(content)
        self.written.append(relative)

    def write_pages(self, pages: Iterable[Page], *, parallel_from: int = 2000) -> int:
        """Render every changed page in every language and write it; return the number
        of pages in the site (all languages), written or not.

        A page is rendered when its fingerprint (template, language, path, settings,
        context and the code fingerprint) differs from the previous build's, and written
        when the result differs from the live file (a page's manifest digest is
        ``"{fingerprint} {content digest}"``). :attr:`rendered` counts the pages
        rendered. With at least ``parallel_from`` pages to render, each language is
        rendered in its own forked process (where the platform has ``fork``), so a large
        site uses two cores; the files written are the same either way.
        """
        pages = tuple(pages)
        languages = self.settings.languages
        todo = self._changed_pages(pages)
        count = sum(len(chosen) for chosen in todo.values())
        self.rendered += count
        if count:
            self.publication.stage()
        if count < parallel_from or len(languages) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            for language in languages:
                self._record(self._write_language(language, todo[language]))
            return len(pages) * len(languages)
        context = multiprocessing.get_context("fork")
        results = []
        for language in languages:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=self._write_in_child, args=(language, todo[language], sender))
            process.start()
            sender.close()
            results.append((language, process, receiver))
        for language, process, receiver in results:
            try:
                outcome = receiver.recv()
            except EOFError:
                outcome = RuntimeError(f"rendering the {language} pages stopped unexpectedly")
            process.join()
            if isinstance(outcome, BaseException):
                raise outcome
            self._record(outcome)
        return len(pages) * len(languages)

    def _record(self, done: list[tuple[str, str, bool]]) -> None:
        for relative, digest, written in done:
            self.outputs[relative] = digest
            if written:
                self.written.append(relative)

    def _changed_pages(self, pages: tuple[Page, ...]) -> dict[str, list[Page]]:
        code = code_fingerprint()
        settings = (self.settings.base_url, self.settings.demo_note, self.settings.demo, self.settings.languages)
        todo: dict[str, list[Page]] = {language: [] for language in self.settings.languages}
        live = self.publication.live
        for page in pages:
            base = self.fingerprinter.page(code, page.template, page.path, settings, context=page.context)
            for language in self.settings.languages:
                relative = language_prefix(language) + page.path
                fingerprint = f"{base}.{language}"
                self.outputs[relative] = before = self.previous.get(relative, "")
                if before.partition(" ")[0] != fingerprint or not os.path.isfile(live / relative):
                    todo[language].append(replace(page, context={**page.context, FINGERPRINT: fingerprint}))
        return todo

    def _write_in_child(self, language: str, pages: list[Page], sender: Any) -> None:
        try:
            sender.send(self._write_language(language, pages))
        except BaseException as error:  # reported to the parent, which raises it
            sender.send(RuntimeError(f"rendering the {language} pages failed: {error!r}"))
        finally:
            sender.close()

    def _write_language(self, language: str, pages: list[Page]) -> list[tuple[str, str, bool]]:
        """Render ``pages`` in ``language``; return ``(path, manifest digest, written)``
        for each, writing only those whose bytes differ from the live site's."""
        done: list[tuple[str, str, bool]] = []
        if not pages:
            return done
        env = make_environment(language, self.settings)
        prefix = language_prefix(language)
        live = self.publication.live
        for page in pages:
            context = dict(page.context)
            fingerprint = context.pop(FINGERPRINT)
            template = env.get_template(page.template)
            canonical = (
                self.settings.base_url.rstrip("/") + "/" + prefix + page.path
                if self.settings.base_url
                else None
            )
            content = template.render(
                **context,
                page_path=page.path,
                site=self.settings,
                canonical=canonical,
            ).encode("utf-8")
            relative = prefix + page.path
            digest = content_digest(content)
            same = self.previous.get(relative, "").partition(" ")[2] == digest and os.path.isfile(live / relative)
            if not same:
                self._target(relative).write_bytes(content)
            done.append((relative, f"{fingerprint} {digest}", not same))
        return done

    def write_in_child(self, make: Callable[[], Iterable[tuple[str, bytes]]]) -> Callable[[], None]:
        """Write the files ``make()`` yields (``(relative path, content)``, as
        :meth:`write_bytes` would) in a forked process, alongside the page renderers;
        return a function that waits for it, records its files and raises its error.
        Where the platform has no ``fork`` the files are written here and now."""
        if "fork" not in multiprocessing.get_all_start_methods():
            for relative, content in make():
                self.write_bytes(relative, content)
            return lambda: None
        self.publication.stage()  # before the fork, so the child writes into the same place
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=self._files_in_child, args=(make, sender))
        process.start()
        sender.close()

        def join() -> None:
            try:
                outcome = receiver.recv()
            except EOFError:
                outcome = RuntimeError("writing the open data files stopped unexpectedly")
            process.join()
            if isinstance(outcome, BaseException):
                raise outcome
            self._record(outcome)

        return join

    def _files_in_child(self, make: Callable[[], Iterable[tuple[str, bytes]]], sender: Any) -> None:
        try:
            done = []
            for relative, content in make():
                digest = content_digest(content)
                same = self.unchanged(relative, digest)
                if not same:
                    self._target(relative).write_bytes(content)
                done.append((relative, digest, not same))
            sender.send(done)
        except BaseException as error:  # reported to the parent, which raises it as it was
            try:
                sender.send(error)
            except Exception:  # an error that cannot be pickled
                sender.send(RuntimeError(f"writing the open data files failed: {error!r}"))
        finally:
            sender.close()

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
