"""Rows → JSON: one router per resource. Read routes never run the annotator."""
