"""`python -m aktorskab …` works exactly like the `aktorskab` command (see `__main__.py`); the code lives in
the package `aktorskab_cli`."""
