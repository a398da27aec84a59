"""Repositories: rows in and out for one aggregate each. They never commit."""
