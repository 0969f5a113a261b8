"""The meeting as it happens: the run engine, its clock and store wiring, the live screen, and answers
coming in (typed in the dialogue or read from an answers file)."""
