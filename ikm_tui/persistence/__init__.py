"""Provides storage: peewee tables, migrations, converters and repositories."""
