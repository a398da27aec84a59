"""What the database refuses, named for the layers above it, which never import SQLAlchemy."""

from sqlalchemy.exc import DBAPIError, IntegrityError

ConstraintViolated = IntegrityError
"""A write broke a unique or check constraint (often: another process got there first)."""

DatabaseFailed = DBAPIError
"""The database, or the connection to it, failed."""

__all__ = ["ConstraintViolated", "DatabaseFailed"]
