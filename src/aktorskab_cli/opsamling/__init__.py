"""From stored answers to the opsamling: the pure model and its aggregation, and the read from the store."""
