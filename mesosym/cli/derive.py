"""``mesosym derive``: the papers' derivations, each step checked.

``mesosym derive --list [--format text|json]``
    Name, paper, equation numbers and title of each derivation in the
    ``derivations`` package (installed with mesosym), without running them.
``mesosym derive NAME [--format text|latex|json] [-o FILE]``
    Run one derivation (a few seconds) and print its report, its LaTeX
    (a standalone article) or its JSON (:meth:`mesosym.checking.derivation.Derivation.as_dict`),
    or write it to FILE.  Exit status 1 when a step does not hold.
"""

from __future__ import annotations

import argparse
from types import ModuleType
from typing import Any, TextIO

from ..budget import short
from ..checking.derivation import Derivation
from ..errors import DomainError, MesosymError
from ..progress import task
from ._common import add_output, emit_json, table

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``derive`` command."""
    help_ = "the papers' derivations, each step checked"
    parser = subparsers.add_parser("derive", help=help_, description=help_)
    parser.add_argument("name", nargs="?", help="a derivation (see --list)")
    parser.add_argument("--list", action="store_true", help="name the derivations")
    parser.add_argument("--format", choices=("text", "latex", "json"), default="text")
    add_output(parser, "the derivation")
    parser.set_defaults(handler=run)


def _package() -> ModuleType:
    try:
        from .. import derivations
    except ImportError:  # pragma: no cover - a broken installation
        raise MesosymError("the derivations package is not installed; reinstall mesosym") from None
    return derivations


def run(args: argparse.Namespace, out: TextIO) -> int:
    """List, print or write derivations; return 1 if a step fails, else 0."""
    package = _package()
    if args.list:
        if args.name is not None:
            raise DomainError(f"argument --list: takes no derivation name; got {short(args.name)}")
        if args.format == "latex":
            raise DomainError("argument --format: --list prints text or json, not latex")
        entries = package.catalog()
        if args.format == "json":
            emit_json({"derivations": [entry._asdict() for entry in entries]}, out)
            return 0
        rows = [["name", "paper", "equations", "title"]]
        for entry in entries:
            label = Derivation(entry.title, equations=entry.equations).equation_label
            rows.append([entry.name, entry.paper, label or "--", entry.title])
        table(rows, out)
        return 0
    if args.name is None:
        names = ", ".join(package.MODULES)
        raise DomainError(f"argument NAME: name a derivation ({names}) or give --list")
    with task(f"derive {args.name}"):  # a running count of the steps checked (terminal only)
        derivation = package.derive(args.name)
    if args.format == "latex":
        text = derivation.latex(standalone=True)
    elif args.format == "json":
        text = derivation.to_json()
    else:
        text = derivation.report() + "\n"
    out.write(text)
    return 0 if derivation.ok else 1
