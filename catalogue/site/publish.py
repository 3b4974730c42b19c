"""Atomic publishing: a new version of the site is made beside the live one, then
swapped in with one rename, so a visitor or a web server never sees a half-written
site and a build that fails or is killed leaves the live site whole.

For an ``out_dir`` of ``output/site``:

* ``output/.site.lock`` is held (``flock``) for the whole build, so two builds of the
  same site wait for each other instead of mixing their files;
* ``output/.site.staging/`` is the new version: a copy of the live site made of hard
  links (no file is copied; a page that did not change keeps its inode), into which the
  build writes only what changed. A file is never written in place: the hard link is
  removed first, so the live site's file stays as it was;
* the swap exchanges the two directories in one ``renameat2(RENAME_EXCHANGE)`` call
  (Linux 3.15+); the old version, now at ``.site.staging``, is then removed. Where the
  kernel or file system cannot exchange, the live directory is renamed aside and the new
  one renamed in: two renames, with an instant in between when ``output/site`` is absent.
  The first build renames the staging directory into place.

A staging directory left by a killed build is removed by the next build. Serve
``output/site`` by its path (a web server resolves the path on every request).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
from pathlib import Path
from types import TracebackType

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class Publication:
    """One build's way to the live site ``live`` (a directory path; a symlink is
    followed to its target).

    Use as a context manager: entering takes the lock and removes a stale staging
    directory; :meth:`stage` makes the staging copy on first use and returns it;
    :meth:`commit` swaps it in. Leaving without :meth:`commit` (an exception, or nothing
    changed) removes the staging directory and leaves the live site as it was.
    Raises ``OSError`` when the parent directory cannot be written.
    """

    def __init__(self, live: Path) -> None:
        self.live = Path(os.path.realpath(live))
        self.staging = self.live.parent / f".{self.live.name}.staging"
        self.lock_path = self.live.parent / f".{self.live.name}.lock"
        self._lock: int | None = None
        self._staged = False
        self.committed = False

    def __enter__(self) -> "Publication":
        self.live.parent.mkdir(parents=True, exist_ok=True)
        if self.live.exists() and not self.live.is_dir():
            raise NotADirectoryError(f"{self.live} is not a directory: the site cannot be written there")
        self._lock = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        _remove_tree(self.staging)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            if not self.committed:
                _remove_tree(self.staging)
        finally:
            if self._lock is not None:
                os.close(self._lock)
                self._lock = None

    @property
    def staged(self) -> bool:
        """True once :meth:`stage` has made the staging directory."""
        return self._staged

    def stage(self) -> Path:
        """Return the staging directory, made on the first call as a hard-link copy of
        the live site (an empty directory before the first build)."""
        if not self._staged:
            if self.live.is_dir():
                link_tree(self.live, self.staging)
            else:
                self.staging.mkdir()
            self._staged = True
        return self.staging

    def commit(self) -> None:
        """Swap the staging directory in as the live site and remove the old version."""
        if not self._staged:
            raise RuntimeError("nothing staged to publish")
        if not self.live.exists():
            os.rename(self.staging, self.live)
        elif exchange(self.staging, self.live):
            _remove_tree(self.staging)
        else:
            aside = self.live.parent / f".{self.live.name}.old"
            _remove_tree(aside)
            os.rename(self.live, aside)
            os.rename(self.staging, self.live)
            _remove_tree(aside)
        self.committed = True
        _fsync_directory(self.live.parent)


def link_tree(source: Path, target: Path) -> int:
    """Recreate the tree ``source`` at ``target`` (which must not exist) with hard links
    to its files (copies where the file system has no hard links); return the number of
    files. Symbolic links are recreated as links."""
    count = 0
    target.mkdir()
    stack = [(source, target)]
    while stack:
        here, there = stack.pop()
        with os.scandir(here) as items:
            for item in items:
                destination = os.path.join(there, item.name)
                if item.is_symlink():
                    os.symlink(os.readlink(item.path), destination)
                elif item.is_dir():
                    os.mkdir(destination)
                    stack.append((Path(item.path), Path(destination)))
                else:
                    try:
                        os.link(item.path, destination)
                    except OSError as error:
                        if error.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
                            raise
                        shutil.copy2(item.path, destination)
                    count += 1
    return count


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's ``renameat2(..., RENAME_EXCHANGE)``.

    Returns ``False`` (nothing done) where the C library, kernel or file system cannot
    do it; raises ``OSError`` for any other failure."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def replace_file(path: Path) -> None:
    """Make ``path`` safe to write in a staging tree: remove it when it exists, since it
    may be a hard link to the live site's file."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _fsync_directory(path: Path) -> None:
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
