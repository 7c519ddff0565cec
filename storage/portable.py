"""SQL that SQLite and PostgreSQL write differently, for queries that hand a file writer
its values ready to write: lists joined into one text by the database, and UTC times
without a time zone (spreadsheets know none). Doing this in SQL rather than in Python
is what lets an export of 100,000 pledges take seconds: no JSON parsed, no time zone
attached and removed again, no second query a batch for each list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, DateTime, String, literal, type_coerce
from sqlalchemy import select as columns_of
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql.functions import func

POSTGRESQL = "postgresql"


def naive_utc(column: Any) -> ColumnElement[Any]:
    """A UTC time column (`storage.types.UTCDateTime`, stored as naive UTC on either
    database) read as the naive datetime it is stored as."""
    return type_coerce(column, DateTime())


def joined_list(column: Any, separator: str, dialect: str) -> ColumnElement[str]:
    """The elements of a JSON list column joined with `separator` in list order;
    NULL for an empty list."""
    if dialect == POSTGRESQL:
        element = func.json_array_elements_text(column).table_valued(
            "value", with_ordinality="position", joins_implicitly=True).render_derived()
        return columns_of(func.string_agg(element.c.value, aggregate_order_by(
            literal(separator), element.c.position), type_=String)).scalar_subquery()
    element = func.json_each(column).table_valued("value", joins_implicitly=True)
    return columns_of(func.group_concat(element.c.value, separator, type_=String)) \
        .scalar_subquery()


def joined_rows(value: Any, separator: str, dialect: str, *, where: Any, order_by: Any,
                correlated: Any) -> ColumnElement[str]:
    """A text column of the rows meeting `where` (which ties them to the row of the
    enclosing query's `correlated` table) joined with `separator` in `order_by` order;
    NULL when there are none. SQLite before 3.44 has no ORDER BY inside group_concat:
    it aggregates an ordered subquery in that subquery's order."""
    if dialect == POSTGRESQL:
        return columns_of(func.string_agg(value, aggregate_order_by(
            literal(separator), order_by), type_=String)).where(where) \
            .correlate(correlated).scalar_subquery()
    ordered = columns_of(value.label("value")).where(where).order_by(order_by) \
        .correlate(correlated).subquery("ordered")
    return columns_of(func.group_concat(ordered.c.value, separator, type_=String)) \
        .scalar_subquery()
