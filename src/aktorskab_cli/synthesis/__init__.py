"""The synthesis: what the facilitator makes of the raw answers (points, themes, barriers, vejen videre,
the plan), stored beside them; drafted automatically, edited as TOML or on the board."""
