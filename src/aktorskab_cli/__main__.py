from aktorskab_cli.cli import main

main()
