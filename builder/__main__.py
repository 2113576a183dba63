"""``python -m builder`` runs the ``broadsheet`` command."""

from .cli import main

main()
