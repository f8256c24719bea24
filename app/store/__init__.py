"""The only code that reads or writes the tables: rows, bodies, the index, the locks."""
