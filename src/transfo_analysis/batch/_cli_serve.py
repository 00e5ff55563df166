"""``transfo serve --project DIR [--port P] [--host H]``: the read-only dashboards (Voilà)."""

from __future__ import annotations

import argparse

from transfo_analysis.config import open_project
from transfo_analysis.i18n import _


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--project",
        required=True,
        help=_("project directory whose published reports to show (the demo's is data/)"),
    )
    p.add_argument(
        "--port", type=int, help=_("port to listen on (default: batch.serve_port, 8866)")
    )
    p.add_argument(
        "--host",
        help=_(
            "address to listen on (default: 127.0.0.1, this machine only; see docs/dashboards.md "
            "before widening)"
        ),
    )
    p.add_argument(
        "--pool-size",
        type=int,
        help=_(
            "kernels kept ready per dashboard (default: batch.serve_pool_size, 1; 0: start on "
            "demand)"
        ),
    )
    p.add_argument(
        "--base-url",
        default="/",
        help=_("path prefix when a reverse proxy serves the dashboards under a sub-path"),
    )


def run(args: argparse.Namespace) -> int:
    from transfo_analysis.batch._serve import serve

    project = open_project(args.project)
    return serve(
        project, host=args.host, port=args.port, pool_size=args.pool_size, base_url=args.base_url
    )
