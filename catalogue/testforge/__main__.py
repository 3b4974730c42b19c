"""``python -m catalogue.testforge --fixture F | --case DIR [--port 0] [--port-file P] [--latency-ms N]``.

Serves until interrupted; prints the port on its own line (and writes it to
``--port-file``) once the server accepts connections.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from catalogue.testforge.server import TestForge


def main(argv: list[str] | None = None) -> int:
    """Run the test forge in the foreground; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m catalogue.testforge", description=__doc__)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--fixture", help="fixture file (.json/.yml) to emulate GitHub/GitLab over")
    source.add_argument("--case", help="case folder or http.json to replay")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--port-file", help="write the port to this file once listening")
    parser.add_argument("--latency-ms", type=float, default=0, help="sleep this long before every answer")
    args = parser.parse_args(argv)
    forge = (TestForge.from_fixture(args.fixture, latency_ms=args.latency_ms) if args.fixture
             else TestForge.from_case(args.case, latency_ms=args.latency_ms))
    forge.serve(args.port)
    if args.port_file:
        tmp = Path(args.port_file + ".tmp")
        tmp.write_text(f"{forge.port}\n", encoding="utf-8")
        os.replace(tmp, args.port_file)
    print(forge.port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    forge.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
