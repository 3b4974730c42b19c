"""The generated benchmark dataset: deterministic, roughly the intended shape, loadable."""

from __future__ import annotations

from collections import Counter

import pytest

from catalogue.publiccode import parse_publiccode
from catalogue.publishers import load_publishers
from catalogue.testforge import TestForge, load_fixture
from catalogue.testforge.dataset import PUBLICCODE_TEMPLATES, make_dataset


@pytest.fixture(scope="module")
def dataset():
    return make_dataset(3000, seed=7)


@pytest.fixture(scope="module")
def model(dataset):
    return load_fixture(dataset.fixture)


def test_same_seed_same_documents_other_seed_other(dataset):
    again = make_dataset(3000, seed=7)
    assert again.fixture == dataset.fixture and again.publishers == dataset.publishers
    assert make_dataset(3000, seed=8).fixture != dataset.fixture


def test_exact_size_and_unique_keys(dataset, model):
    keys = dataset.repository_keys()
    assert len(keys) == 3000 == len(set(keys))
    assert len(model.repos) + sum(len(i.projects) for i in model.gitlab) == 3000


def test_distributions_roughly_right(dataset, model):
    repos = list(model.repos.values()) + [p for i in model.gitlab for p in i.projects.values()]
    share = lambda pred: sum(1 for r in repos if pred(r)) / len(repos)  # noqa: E731
    assert share(lambda r: r.namespace in {a.login for a in model.accounts.values()}) == pytest.approx(0.7, abs=0.01)
    assert share(lambda r: "publiccode.yml" in r.files) == pytest.approx(0.08, abs=0.025)
    assert share(lambda r: r.archived) == pytest.approx(0.08, abs=0.025)
    assert share(lambda r: r.fork_of is not None) == pytest.approx(0.10, abs=0.03)
    assert 0.005 < share(lambda r: r.empty) < 0.05
    assert 0.2 < share(lambda r: bool(r.releases)) < 0.45
    assert 0.6 < share(lambda r: r.license is not None) < 0.9
    assert len({r.language for r in repos}) > 8
    sizes = sorted(len(a.repos) for a in model.accounts.values())
    assert sizes[len(sizes) // 2] <= 20 and sizes[-1] >= 150 and sizes[0] <= 2   # long tail
    assert 15 < 2100 / len(sizes) < 50
    kinds = Counter(a.type for a in model.accounts.values())
    assert 0.04 < kinds["User"] / len(sizes) < 0.18
    instance = model.gitlab[0]
    assert instance.users and any(g.full_path.count("/") >= 2 for g in instance.groups.values())
    assert min(r.created_at for r in repos).year >= 2012
    assert all(r.pushed_at >= r.created_at for r in repos if r.pushed_at)


def test_publiccode_files_are_valid_and_name_their_repository(model):
    for template in PUBLICCODE_TEMPLATES:
        doc = parse_publiccode(template.format(name="x", url="https://github.com/a/x", long="y" * 200))
        assert doc.valid, [m.message for m in doc.messages]
    repo = next(r for r in model.repos.values() if "publiccode.yml" in r.files)
    doc = parse_publiccode(repo.files["publiccode.yml"])
    assert doc.valid and doc.data["url"] == f"https://github.com/{repo.full_name}"


def test_publishers_file_loads_and_covers_every_account(dataset, model, tmp_path):
    _, publishers_path = dataset.write(tmp_path)
    publishers = load_publishers(publishers_path)
    urls = {entry.url.rstrip("/") for p in publishers for entry in p.code_hosting}
    expected = {f"https://github.com/{a.login}" for a in model.accounts.values()}
    expected |= {f"https://gitlab.com/{g.full_path}" for g in model.gitlab[0].groups.values() if g.parent is None}
    expected |= {f"https://gitlab.com/{u.username}" for u in model.gitlab[0].users.values()}
    assert urls == expected
    assert len({p.id for p in publishers}) == len(publishers)


def test_fixture_file_serves_in_the_test_forge(dataset, tmp_path):
    fixture_path, _ = dataset.write(tmp_path)
    login = dataset.fixture["github"]["accounts"][0]["login"]
    with TestForge.from_fixture(fixture_path) as forge:
        import requests

        answer = requests.get(f"{forge.base_url}/github/users/{login}/repos", timeout=10)
        assert answer.status_code == 200 and answer.json()
        group = dataset.fixture["gitlab"][0]["groups"][0]["path"]
        answer = requests.get(f"{forge.base_url}/gitlab/api/v4/groups/{group}/projects",
                              params={"include_subgroups": "true"}, timeout=10)
        assert answer.status_code == 200
