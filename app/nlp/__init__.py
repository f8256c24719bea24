"""Pure text → annotations: no database, no HTTP. ``annotate`` is the one entry point."""

from app.nlp.annotate import ANNOTATOR_VERSION, annotate
from app.nlp.records import Annotation, Quote, Span, Speaker

__all__ = ["ANNOTATOR_VERSION", "Annotation", "Quote", "Span", "Speaker", "annotate"]
