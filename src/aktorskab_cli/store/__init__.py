"""Everything kept: SQLite with numbered migrations, the records stored in it, and the per-session lock."""
