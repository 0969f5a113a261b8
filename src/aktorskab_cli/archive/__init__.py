"""The organisation's shared archive in PostgreSQL: schema migrations, push, pull, list and the read that
feeds the opsamling. Everything here imports psycopg; only the `archive` commands and `combine
--from-archive` import this package."""
