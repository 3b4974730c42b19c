"""PyGithub and python-gitlab clients built from one forge's settings.

Used by ``catalogue check`` (reads) and ``catalogue notify`` (issue writes). The clients
never retry or sleep by themselves: ``catalogue notify`` paces its writes and honours
``Retry-After`` in one place (``catalogue.notify.pacing``), with an injectable sleep, so
that tests wait instantly. The token is handed to the client library and nowhere else.
"""

from __future__ import annotations

import gitlab
from github import Auth, Github

from catalogue.config import ForgeSettings

#: Seconds to wait for one answer of the forge.
TIMEOUT = 30


def github_client(forge: ForgeSettings) -> Github:
    """A PyGithub client on ``forge.rest_url`` (``https://api.github.com`` or a local forge).

    PyGithub derives the GraphQL endpoint from the REST root (``{root}/graphql``), which is
    where GitHub and GitHub Enterprise serve it. Anonymous when the forge has no token.
    Built-in retries and PyGithub's own pauses between requests are off (see module doc).
    """
    auth = Auth.Token(forge.token.reveal()) if forge.token is not None else None
    return Github(base_url=forge.rest_url, auth=auth, timeout=TIMEOUT, retry=None,
                  seconds_between_requests=None, seconds_between_writes=None)


def gitlab_client(forge: ForgeSettings) -> gitlab.Gitlab:
    """A python-gitlab client on the instance root ``forge.api_url`` (REST under ``/api/v4``).

    Anonymous when the forge has no token; transient errors are not retried here.
    """
    token = forge.token.reveal() if forge.token is not None else None
    # keep_base_url: follow the configured root even when the instance reports another
    # external URL in its answers (a local stand-in, a proxy).
    return gitlab.Gitlab(forge.api_url, private_token=token, timeout=TIMEOUT, retry_transient_errors=False,
                         keep_base_url=True)
