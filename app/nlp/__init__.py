"""Pure text → annotations: no database, no HTTP. ``annotate`` is the one entry point."""

from app.nlp.annotate import annotate
from app.nlp.records import Annotation, Quote, Span, Speaker
from app.nlp.version import ANNOTATOR_VERSION

__all__ = ["ANNOTATOR_VERSION", "Annotation", "Quote", "Span", "Speaker", "annotate"]
