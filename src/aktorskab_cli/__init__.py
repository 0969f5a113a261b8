"""aktorskab: time a workshop on styrket aktørskab, take down the answers, write the opsamling."""

__version__ = "0.1.0"
