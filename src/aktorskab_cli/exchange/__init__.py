"""Meetings exchanged between machines: a meeting as it travels (`bundle`), out of and into the local
store (`local`), and back from an exported JSON (`json_import`); the archive sends the same bundles."""
