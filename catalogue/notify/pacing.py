"""Pacing of content-creating requests: the forges' limits, honoured in one place.

GitHub documents a secondary limit of 80 content-creating requests a minute and 500 an
hour (docs.github.com, "Rate limits for the REST API", "Avoid secondary rate limits"),
and blocks issue creation earlier in practice; it answers 403 (or 429) with
``Retry-After`` when a limit is hit. GitLab answers 429 (``issues_create_limit``,
"Content creation rate limits"); python-gitlab's errors do not carry the header, so
``DEFAULT_RETRY_AFTER`` stands in.

``Pacer`` keeps at most ``per_minute`` creations in any 60 seconds (by ``clock``) and,
when the forge still says "retry later", pauses for the time it asks. ``sleep`` and
``clock`` are injected so tests wait instantly; every pause is recorded in ``waits``.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Callable, TypeVar

T = TypeVar("T")

#: Seconds to pause after a limit answer without ``Retry-After``.
DEFAULT_RETRY_AFTER = 60.0
#: Pauses after limit answers before one write is given up.
MAX_RETRIES = 5


class RetryLater(Exception):
    """The forge refused a write for now (403/429 limit); ``retry_after`` in seconds."""

    def __init__(self, retry_after: float | None, message: str = "") -> None:
        super().__init__(message or f"retry after {retry_after} s")
        self.retry_after = retry_after if retry_after is not None and retry_after >= 0 else DEFAULT_RETRY_AFTER


class GaveUp(Exception):
    """A write was refused ``MAX_RETRIES`` times in a row."""


class Pacer:
    """Spaces creations to ``per_minute`` and retries writes the forge asked to repeat later."""

    def __init__(self, per_minute: int, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self.sleep = sleep
        self.clock = clock
        self.waits: list[tuple[str, float]] = []  # (why: "pace" | "retry-after", seconds)
        self._created: deque[float] = deque()

    def _pause(self, why: str, seconds: float) -> None:
        if seconds > 0:
            self.waits.append((why, seconds))
            self.sleep(seconds)

    def _make_room(self) -> None:
        now = self.clock()
        while self._created and now - self._created[0] >= 60:
            self._created.popleft()
        if len(self._created) >= self.per_minute:
            self._pause("pace", 60 - (now - self._created[0]))
            self._make_room()

    def write(self, call: Callable[[], T], *, creates: bool) -> T:
        """Run one write; ``creates`` when it creates content (an issue or a comment).

        Raises GaveUp after ``MAX_RETRIES`` limit answers; other errors pass through.
        """
        for _ in range(MAX_RETRIES + 1):
            if creates:
                self._make_room()
            try:
                result = call()
            except RetryLater as limit:
                self._pause("retry-after", limit.retry_after)
                continue
            if creates:
                self._created.append(self.clock())
            return result
        raise GaveUp(f"the forge refused the write {MAX_RETRIES + 1} times")
