"""The domain's rules, decided once: what a valid answer, a group name, a number typed by a user, a Danish
plural, a Danish number and a Danish date or quarter are, and which control characters a text may not hold.

The bottom layer: every path (typed, answers file, JSON import, phones, documents) calls these functions;
nothing here imports another stage at run time. Pure; the package imports none of its modules itself.
"""
