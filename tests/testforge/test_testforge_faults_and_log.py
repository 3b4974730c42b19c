"""Request log, fault injection, latency and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import requests

from catalogue.testforge import TestForge


def test_request_log_records_route_status_and_token_presence(forge, http):
    http.get(f"{forge.base_url}/github/orgs/acme/repos?per_page=2", headers={"Authorization": "token secret-value"})
    http.get(f"{forge.base_url}/gitlab/api/v4/projects/999")
    http.get(f"{forge.base_url}/elsewhere")
    logged = forge.requests
    assert [(r.method, r.path, r.status, r.route, r.authorized) for r in logged] == [
        ("GET", "/github/orgs/acme/repos?per_page=2", 200, "gh.org_repos", True),
        ("GET", "/gitlab/api/v4/projects/999", 404, "gl.project", False),
        ("GET", "/elsewhere", 404, "unknown", False),
    ]
    assert "secret-value" not in repr(logged)
    assert forge.counts()["gh.org_repos"] == 1


def test_fault_by_route_name_answers_n_times_then_normally(forge, http):
    forge.inject("gh.org_repos", 403, {"Retry-After": "60"},
                 {"message": "You have exceeded a secondary rate limit."}, times=2)
    url = f"{forge.base_url}/github/orgs/acme/repos"
    answers = [http.get(url) for _ in range(3)]
    assert [a.status_code for a in answers] == [403, 403, 200]
    assert answers[0].headers["Retry-After"] == "60"
    assert "secondary rate limit" in answers[0].json()["message"]
    assert [r.fault for r in forge.requests] == [True, True, False]


def test_fault_by_path_pattern_and_forever(forge, http):
    forge.inject(r"/projects/101/repository/files/", 502, body="Bad Gateway", times=None)
    for _ in range(3):
        answer = http.get(f"{forge.base_url}/gitlab/api/v4/projects/101/repository/files/publiccode.yml/raw?ref=main")
        assert answer.status_code == 502 and answer.text == "Bad Gateway"
    assert http.get(f"{forge.base_url}/gitlab/api/v4/projects/101").status_code == 200
    forge.clear_faults()
    assert http.get(f"{forge.base_url}/gitlab/api/v4/projects/101/repository/files/publiccode.yml/raw?ref=main").ok


def test_latency_is_applied_per_request(fixture_doc):
    with TestForge.from_fixture(fixture_doc, latency_ms=60) as slow, requests.Session() as http:
        started = time.perf_counter()
        for _ in range(3):
            http.get(f"{slow.base_url}/github/orgs/acme")
        assert time.perf_counter() - started >= 0.18


def test_rest_rate_limit_exhaustion_answers_403(fixture_doc):
    with TestForge.from_fixture(fixture_doc, rate_limit=2) as limited, requests.Session() as http:
        statuses = [http.get(f"{limited.base_url}/github/orgs/acme").status_code for _ in range(3)]
        assert statuses == [200, 200, 403]


def test_many_parallel_requests(forge):
    from concurrent.futures import ThreadPoolExecutor

    def fetch(i: int) -> int:
        return requests.get(f"{forge.base_url}/github/repos/acme/repo-{i % 7:02d}").status_code

    with ThreadPoolExecutor(16) as pool:
        assert set(pool.map(fetch, range(64))) == {200}
    assert forge.counts()["gh.repo"] == 64


def test_command_line_serves_a_fixture(tmp_path, fixture_doc):
    fixture = tmp_path / "fixture.json"
    fixture.write_text(json.dumps(fixture_doc), encoding="utf-8")
    port_file = tmp_path / "port"
    process = subprocess.Popen([sys.executable, "-m", "catalogue.testforge", "--fixture", str(fixture),
                                "--port", "0", "--port-file", str(port_file)], stdout=subprocess.PIPE, text=True)
    try:
        port = int(process.stdout.readline())
        assert Path(port_file).read_text().strip() == str(port)
        assert requests.get(f"http://127.0.0.1:{port}/github/orgs/acme", timeout=5).json()["login"] == "acme"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _raw_get(port: int, path: str) -> bytes:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            received += b"<RST>"
    return received


def test_random_faults_give_each_kind_at_its_share(forge, http):
    chaos = forge.chaos(errors=0.25, hangs=0.25, resets=0.25, truncated=0.25, hang_seconds=0.2, seed=3)
    kinds = [chaos.draw() for _ in range(400)]
    assert all(kind is not None for kind in kinds)
    assert 60 < kinds.count("error") < 140 and 60 < kinds.count("reset") < 140
    forge.clear_faults()
    assert http.get(f"{forge.base_url}/github/orgs/acme").status_code == 200
    none = forge.chaos(errors=0.05, hangs=0.01, resets=0.01, truncated=0.01, seed=1)
    shares = [none.draw() for _ in range(10000)]
    assert 400 < shares.count("error") < 600 and 50 < shares.count("hang") < 150
    assert shares.count(None) > 9000


def test_random_fault_kinds_on_the_wire(forge):
    whole = _raw_get(forge.port, "/github/orgs/acme")
    length = int(whole.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    forge.chaos(errors=1.0, status=502)
    assert _raw_get(forge.port, "/github/orgs/acme").startswith(b"HTTP/1.1 502")
    forge.chaos(resets=1.0)
    assert _raw_get(forge.port, "/github/orgs/acme") in (b"", b"<RST>")
    forge.chaos(truncated=1.0)
    cut = _raw_get(forge.port, "/github/orgs/acme")
    assert cut.startswith(b"HTTP/1.1 200") and len(cut.split(b"\r\n\r\n", 1)[1]) == length // 2
    forge.chaos(hangs=1.0, hang_seconds=0.3)
    started = time.perf_counter()
    assert _raw_get(forge.port, "/github/orgs/acme").startswith(b"HTTP/1.1 200")
    assert time.perf_counter() - started >= 0.3
    assert [r.fault for r in forge.requests][-4:] == [True, True, True, True]
    forge.clear_faults()
    assert _raw_get(forge.port, "/github/orgs/acme").startswith(b"HTTP/1.1 200")


def test_short_truncation_announces_the_half_it_sends(forge):
    whole = _raw_get(forge.port, "/github/orgs/acme")
    body = whole.split(b"\r\n\r\n", 1)[1]
    chaos = forge.chaos(truncated=1.0, truncate_mode="short")
    cut = _raw_get(forge.port, "/github/orgs/acme")
    head, cut_body = cut.split(b"\r\n\r\n", 1)
    assert f"Content-Length: {len(body) // 2}".encode() in head and cut_body == body[:len(body) // 2]
    assert chaos.hits["short"] == 1
    both = forge.chaos(truncated=1.0, truncate_mode="both", seed=2)
    assert {both.draw() for _ in range(50)} == {"truncate", "short"}
