"""``python -m provscan.cli``: the ``provscan`` program."""

from provscan.cli import main

main()
