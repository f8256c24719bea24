"""What article and speaker ids may be, in one place for the API, the pages and the ingest
(which must not import the API's schemas: the annotator processes load the ingest's modules,
and only those)."""

# Ids of articles written through the API: URL-safe without escaping, no leading dot or dash.
WRITE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$"
# A speaker id: derived from the folded name (``app/store/rows.speaker_id``).
SPEAKER_ID_PATTERN = r"^sp_[0-9a-f]{12}$"
# Words the API uses where an article id could stand (/v1/articles/export): no article has them.
RESERVED_IDS = frozenset({"export"})
