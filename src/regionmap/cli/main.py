"""The ``regionmap`` entry point: the parser, the commands, and errors as messages.

A failure a user can cause is reported as ``regionmap: <message>`` with exit
status 1, never as a traceback; a usage error exits with 2. Commands import
what they need only when they run, so that ``regionmap --help`` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import signal
import sys
from collections.abc import Sequence

import regionmap.cli.evaluate as evaluate
import regionmap.cli.exports as exports
import regionmap.cli.extract as extract
from regionmap.errors import RegionmapError

__all__ = ["main"]

_COMMANDS = {"extract": extract, "eval": evaluate, **dict.fromkeys(exports.COMMANDS, exports)}


class _Version(argparse.Action):
    """``--version``, reading the installed version only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        import regionmap

        parser.exit(message=f"regionmap {regionmap.__version__}\n")


def parser() -> argparse.ArgumentParser:
    """The command-line parser with every command."""
    main_parser = argparse.ArgumentParser(
        prog="regionmap",
        description="Map the places and routes a transcript talks about, offline.",
    )
    main_parser.add_argument("--version", action=_Version)
    sub = main_parser.add_subparsers(dest="command", required=True)
    extract.add_parser(sub)
    exports.add_parsers(sub)
    evaluate.add_parser(sub)
    return main_parser


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds: temporary files are removed on the way


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    previous = signal.getsignal(signal.SIGTERM)
    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        signal.signal(signal.SIGTERM, _terminate)
    try:
        return _COMMANDS[args.command].run(args)
    except RegionmapError as err:
        print(f"regionmap: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into head
        with contextlib.suppress(OSError):
            sys.stdout = io.TextIOWrapper(io.BytesIO())
        return 0
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        print(f"regionmap: {where}{err.strerror or err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("regionmap: interrupted", file=sys.stderr)
        return 130
    finally:
        with contextlib.suppress(ValueError, TypeError):
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
