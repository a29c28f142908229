"""The run store: every stored run kept as evidence, in SQLite or PostgreSQL.

Imported only when a run is stored or history is read, so a plain ``scan`` never loads
SQLAlchemy.
"""
