"""`python -m aktorskab …` is `aktorskab …`: for a machine where the command is not on PATH (a user
installation on Windows often is not), or where a program in the user's profile may not be started."""

from aktorskab_cli.cli import main

main()
