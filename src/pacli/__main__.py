"""`python -m pacli`."""

from pacli.cli import main

main()
