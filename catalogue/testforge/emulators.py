"""Assemble the EMULATE mode: fixture -> emulator callables and the crawler's forge table."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from catalogue.testforge.fixture import Fixture, load_fixture
from catalogue.testforge.github_graphql import GitHubGraphQL
from catalogue.testforge.github_rest import GitHubRest, RateCounter
from catalogue.testforge.gitlab_graphql import GitLabGraphQL
from catalogue.testforge.gitlab_rest import GitLabRest
from catalogue.testforge.http import Emulator
from catalogue.testforge.writes import GitHubIssueWrites, GitLabIssueWrites, IssueWrites


def build_emulators(source: str | Path | Mapping[str, Any] | Fixture, rate_limit: int = 5000
                    ) -> tuple[Fixture, list[Emulator], dict[str, dict[str, str]]]:
    """The fixture model, its emulators (GitHub REST + GraphQL, each GitLab instance's REST
    and GraphQL, each Forgejo instance's API v1) and ``{web_host: forge table}`` with ``{base}`` standing for the server root."""
    fixture = source if isinstance(source, Fixture) else load_fixture(source)
    rate = RateCounter(rate_limit)
    rest = GitHubRest(fixture, rate)
    writes = IssueWrites(fixture)  # issue writes (catalogue.testforge.writes) come before the reads
    emulators: list[Emulator] = [GitHubGraphQL(fixture, RateCounter(5000)), GitHubIssueWrites(writes, rest), rest]
    forges = {fixture.github_web_host: {"type": "github", "api_url": "{base}/github",
                                        "graphql_url": "{base}/github/graphql", "raw_url": "{base}/raw/github"}}
    for instance in fixture.gitlab:
        emulators.insert(0, GitLabGraphQL(instance))
        emulators.append(GitLabIssueWrites(writes, instance))
        emulators.append(GitLabRest(instance))
        forges[instance.web_host] = {"type": "gitlab", "api_url": "{base}" + instance.prefix,
                                     "graphql_url": "{base}" + instance.prefix + "/api/graphql",
                                     "raw_url": "{base}" + instance.prefix}
    from catalogue.testforge.forgejo import ForgejoApi, load_instances

    for forgejo in load_instances(source):  # Forgejo/Gitea instances (catalogue.testforge.forgejo)
        emulators.append(ForgejoApi(forgejo))
        forges[forgejo.web_host] = {"type": "forgejo", "api_url": "{base}" + forgejo.prefix}
    return fixture, emulators, forges
