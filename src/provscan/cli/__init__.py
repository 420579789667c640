"""The command line: a thin shell over the library. Each command parses its options,
calls one library function and renders what it returns; every command's help has an
example. Shared options live in ``options``, the progress display in ``progress``, the
end-of-scan summary in ``summary`` and the store status in ``status``."""

from __future__ import annotations

import sys

import click

from provscan import __version__
from provscan.cli.commands import dedup, explain, query, report, sample_corpus, status
from provscan.cli.exclude import exclude
from provscan.cli.export import export
from provscan.cli.lookup import complaint, lookup
from provscan.cli.options import EXIT_INTERRUPTED
from provscan.cli.scan import scan
from provscan.errors import ProvscanError


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """--version: the version and the scan core in use (imported only when asked)."""
    if not value or ctx.resilient_parsing:
        return
    from provscan.scan.core import core_name

    click.echo(f"provscan, version {__version__}; scan core: {core_name()}")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version and the scan core in use, and exit.")
def cli() -> None:
    """provscan: measure what a training corpus contains, document by document.

    \b
    Example:
      provscan scan data/ --store store/
      provscan report --store store/ --out reports/
    """


for _command in (scan, exclude, export, report, dedup, status, query, explain, lookup,
                 complaint, sample_corpus):
    cli.add_command(_command)


def main() -> None:
    """The ``provscan`` program: errors a user can hit print their message, exit 2."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except ProvscanError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)


__all__ = ["cli", "main"]
