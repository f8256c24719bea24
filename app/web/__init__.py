"""The reader: HTML pages for people (issue 17), from the store reads the API uses."""
