"""The agenda: TOML files read, checked and resolved into a self-contained programme; bundled content;
the printed programme and dialogue guide."""
