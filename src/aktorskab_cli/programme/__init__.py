"""The year's programme (»Årshjulet«): plan entries, the meetings held for them and their follow-up statuses.

After `synthesis/` (a programme can be drafted from a meeting's actions), before `exchange/`, `archive/`,
`opsamling/` and `writers/`, which carry and render it. The package imports none of its modules itself.
"""
