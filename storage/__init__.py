"""Persistence: SQLModel models, the engine/session factory, queries and migrations.

Knows nothing of the bot: it stores what it is given, in UTC and in Decimal.
"""
