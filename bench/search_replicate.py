"""A collection many times the corpus's size without ingesting it that many times: the rows an
ingest wrote, copied at the SQL level with new ids.

    .venv/bin/python -m bench.search_replicate DATABASE_URL --copies 100

The database holds the corpus ingested once by the real ingester (``python -m app ingest``);
each article is copied ``copies - 1`` times, copy k with the id ``<id>_r<k>``, with the rows a
search reads kept consistent:

- ``article``, ``paragraph`` (ids offset by k times the largest), ``quote`` (ids rewritten to
  the new article id, bodies kept as they are), ``article_speaker`` (so an ingest on top, e.g.
  ``--modern``, finds every quoted speaker linked and deletes none);
- ``search_doc`` (ids offset by k times the largest) and ``search_posting`` (the same impacts:
  each copy's paragraphs have the lengths, and so the impacts, the originals had);
- ``search_term.df`` and ``search_stats`` multiplied by ``copies``; ``max_impact`` unchanged
  (no copy holds a larger impact).

What it leaves as it was: the ``speaker`` rows (their counts are the originals') and the
copies' stored bodies (they name the original ids): the search route reads neither. The
(term, impact) index of the postings is dropped during the copy and built again after it, as
an ingest of that size would have left it. Run it on a database nothing else writes to.
"""

from __future__ import annotations

import argparse
import time

from sqlalchemy import Connection, create_engine, text

_POSTING_INDEX = "ix_search_posting_impact"


def _columns(conn: Connection, table: str) -> list[str]:
    return list(conn.execute(text(f"SELECT * FROM {table} WHERE 1 = 0")).keys())


def _copy(conn: Connection, table: str, renamed: dict[str, str], where: str, k: int) -> None:
    """One copy of ``table``'s original rows (``where``), the columns in ``renamed`` computed
    from ``:k``, the others as they are."""
    cols = _columns(conn, table)
    values = ", ".join(renamed.get(c, c) for c in cols)
    conn.execute(
        text(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {values} FROM {table} WHERE {where}"),
        {"k": k, "suffix": f"_r{k}"},
    )


def replicate(url: str, copies: int) -> None:
    """``copies`` times the articles of the database at ``url`` (see the module's docstring)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA synchronous = OFF")
            conn.exec_driver_sql("PRAGMA cache_size = -400000")
        n_doc = conn.execute(text("SELECT max(id) FROM search_doc")).scalar_one()
        n_par = conn.execute(text("SELECT max(id) FROM paragraph")).scalar_one()
        original = [r[0] for r in conn.execute(text("SELECT id FROM article"))]
        conn.execute(text("CREATE TABLE bench_original (id VARCHAR(200) PRIMARY KEY)"))
        conn.execute(text("INSERT INTO bench_original (id) VALUES (:id)"),
                     [{"id": i} for i in original])  # fmt: skip
        conn.execute(text(f"DROP INDEX {_POSTING_INDEX}"))
    is_original = "IN (SELECT id FROM bench_original)"
    started = time.perf_counter()
    for k in range(1, copies):
        with engine.begin() as conn:
            _copy(conn, "article", {"id": "id || :suffix"}, f"id {is_original}", k)
            _copy(
                conn,
                "paragraph",
                {"id": f"id + :k * {n_par}", "article_id": "article_id || :suffix"},
                f"id <= {n_par}",
                k,
            )
            _copy(
                conn,
                "quote",
                {
                    "id": "article_id || :suffix || substr(id, length(article_id) + 1)",
                    "article_id": "article_id || :suffix",
                },
                f"article_id {is_original}",
                k,
            )
            _copy(
                conn,
                "article_speaker",
                {"article_id": "article_id || :suffix"},
                f"article_id {is_original}",
                k,
            )
            _copy(
                conn,
                "search_doc",
                {"id": f"id + :k * {n_doc}", "article_id": "article_id || :suffix"},
                f"id <= {n_doc}",
                k,
            )
            _copy(conn, "search_posting", {"doc_id": f"doc_id + :k * {n_doc}"},
                  f"doc_id <= {n_doc}", k)  # fmt: skip
        if k % 10 == 0 or k == copies - 1:
            print(f"copy {k}/{copies - 1}: {time.perf_counter() - started:.0f} s", flush=True)
    with engine.begin() as conn:
        conn.execute(text("UPDATE search_term SET df = df * :n"), {"n": copies})
        conn.execute(
            text("UPDATE search_stats SET docs = docs * :n, length = length * :n WHERE id = 1"),
            {"n": copies},
        )
        conn.execute(
            text(f"CREATE INDEX {_POSTING_INDEX} ON search_posting (term_id, impact, doc_id)")
        )
        conn.execute(text("DROP TABLE bench_original"))
        if conn.dialect.name == "postgresql":
            # the copies' paragraph ids were given, not drawn: an ingest on top (``--modern``)
            # must draw the next ones after them
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('paragraph', 'id'), max(id)) "
                     "FROM paragraph")
            )  # fmt: skip
        conn.execute(text("ANALYZE"))
    print(f"{len(original):,} articles x {copies}: {time.perf_counter() - started:.0f} s")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url", help="a SQLAlchemy URL of an ingested database")
    parser.add_argument("--copies", type=int, default=100)
    args = parser.parse_args()
    replicate(args.url, args.copies)


if __name__ == "__main__":
    main()
