"""`python -m crawlers.replay CORPUS [--port N] [--host 127.0.0.1]`: serve until killed."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from crawlers.replay.server import ReplayServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.replay",
                                     description="Serve a corpus folder as the source APIs.")
    parser.add_argument("corpus", help="corpus folder (pubmed/, europepmc/, clinicaltrials/)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    parser.add_argument("--match-text", action="store_true",
                        help="match the search expression's text terms too (by default the "
                             "corpus stands for what a text search returned: only date windows, "
                             "sources and ids select)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        server = ReplayServer(args.corpus, host=args.host, port=args.port,
                              match_text=args.match_text).start()
    except (ValueError, OSError) as exc:
        parser.error(str(exc))
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print(f"replay server on {server.base_url}", flush=True)
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
