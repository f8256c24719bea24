"""Every operation of the client that openapi-python-client generated from /openapi.json,
against a live server, errors included. Run by tests/api/test_client_generator.py in the
generator's own venv (the client needs only its httpx and attrs):
``python client_calls.py BASE_URL API_KEY`` with the generated ``goftar_client`` on the path.
"""

from __future__ import annotations

import pkgutil
import sys
from typing import Any

import goftar_client.api
from goftar_client import AuthenticatedClient, Client
from goftar_client.api.articles import (
    create_article,
    delete_article,
    get_article,
    get_paragraph,
    list_articles,
    list_paragraphs,
    put_article,
)
from goftar_client.api.export import export_articles, export_quotes
from goftar_client.api.health import healthz, readyz
from goftar_client.api.quotes import list_quotes
from goftar_client.api.search import search
from goftar_client.api.speakers import (
    edit_speaker,
    get_speaker,
    list_speaker_overrides,
    list_speaker_quotes,
    list_speakers,
    merge_speaker,
    speaker_timeline,
    split_speaker,
    undo_speaker_override,
)
from goftar_client.models import (
    ArticleIn,
    ArticleOut,
    Health,
    ListQuotesKindType0,
    ListSpeakersKindType0,
    MergeIn,
    PageArticleQuoteOut,
    PageArticleSummary,
    PageParagraphOut,
    PageSpeakerOut,
    PageSpeakerOverride,
    ParagraphDetail,
    Problem,
    Ready,
    SearchPage,
    SearchTypeType0,
    SortOrder,
    SpeakerDetail,
    SpeakerEdit,
    SpeakerOverride,
    SpeakerTimeline,
    SplitIn,
)

called: set[str] = set()


def check(module: Any, response: Any, status: int, model: type) -> Any:
    """The response's status and the class the client parsed its body into."""
    name = module.__name__.rsplit(".", 1)[1]
    called.add(name)
    assert response.status_code == status, (name, response.status_code, response.content[:300])
    assert isinstance(response.parsed, model), (name, status, type(response.parsed))
    return response.parsed


def main(base_url: str, api_key: str) -> None:
    reader = Client(base_url=base_url)
    writer = AuthenticatedClient(base_url=base_url, token=api_key)
    stranger = AuthenticatedClient(base_url=base_url, token="not-the-key")

    articles = check(
        list_articles, list_articles.sync_detailed(client=reader), 200, PageArticleSummary
    )
    article_id = articles.items[0].id
    article = check(
        get_article, get_article.sync_detailed(article_id, client=reader), 200, ArticleOut
    )
    assert article.quotes and article.quotes[0].speaker.name
    missing = check(get_article, get_article.sync_detailed("nope", client=reader), 404, Problem)
    assert missing.status == 404 and "nope" in missing.detail
    etag = get_article.sync_detailed(article_id, client=reader).headers["etag"]
    check(
        get_article,
        get_article.sync_detailed(article_id, client=reader, if_none_match=etag),
        304,
        type(None),
    )
    check(
        list_paragraphs,
        list_paragraphs.sync_detailed(article_id, client=reader, limit=2),
        200,
        PageParagraphOut,
    )
    check(
        get_paragraph,
        get_paragraph.sync_detailed(article_id, 1, client=reader),
        200,
        ParagraphDetail,
    )
    check(get_paragraph, get_paragraph.sync_detailed(article_id, 9999, client=reader), 404, Problem)

    speakers = check(
        list_speakers,
        list_speakers.sync_detailed(client=reader, q="اسد", kind=ListSpeakersKindType0.PERSON),
        200,
        PageSpeakerOut,
    )
    speaker_id = speakers.items[0].id
    check(get_speaker, get_speaker.sync_detailed(speaker_id, client=reader), 200, SpeakerDetail)
    check(get_speaker, get_speaker.sync_detailed("sp_nope", client=reader), 404, Problem)
    check(
        list_speaker_quotes,
        list_speaker_quotes.sync_detailed(speaker_id, client=reader),
        200,
        PageArticleQuoteOut,
    )
    timeline = check(
        speaker_timeline,
        speaker_timeline.sync_detailed(speaker_id, client=reader),
        200,
        SpeakerTimeline,
    )
    assert timeline.speaker_id == speaker_id
    check(speaker_timeline, speaker_timeline.sync_detailed("sp_nope", client=reader), 404, Problem)
    check(
        list_quotes,
        list_quotes.sync_detailed(client=reader, kind=ListQuotesKindType0.INDIRECT),
        200,
        PageArticleQuoteOut,
    )
    dated = list_articles.sync_detailed(
        client=reader, published_after="1405/01/01", sort=SortOrder("-published_at")
    )
    check(list_articles, dated, 200, PageArticleSummary)
    undated = check(
        list_articles, list_articles.sync_detailed(client=reader, published_after="x"), 422, Problem
    )
    assert "published_after" in undated.detail
    exported = export_quotes.sync_detailed(client=reader)
    called.add("export_quotes")
    assert exported.status_code == 200 and exported.content.startswith(b"\xef\xbb\xbfquote_id,")
    articles_out = export_articles.sync_detailed(client=reader)
    called.add("export_articles")
    assert articles_out.status_code == 200 and article_id.encode() in articles_out.content
    bad = check(list_quotes, list_quotes.sync_detailed(client=reader, limit=500), 422, Problem)
    assert "limit" in bad.detail
    hits = check(
        search,
        search.sync_detailed(client=reader, q="سوریه", type_=SearchTypeType0.QUOTE),
        200,
        SearchPage,
    )
    assert hits.items and all("<mark>" in h.snippet for h in hits.items)
    assert all(h.quotes and h.article.title for h in hits.items)
    check(search, search.sync_detailed(client=reader, q="-آمریکا"), 400, Problem)
    check(healthz, healthz.sync_detailed(client=reader), 200, Health)
    check(readyz, readyz.sync_detailed(client=reader), 200, Ready)

    body = ArticleIn(text="سخنگوی دولت گفت: «بودجه فردا به مجلس می\u200cرود.»", id="client-1")
    check(create_article, create_article.sync_detailed(client=stranger, body=body), 401, Problem)
    created = check(
        create_article, create_article.sync_detailed(client=writer, body=body), 201, ArticleOut
    )
    assert created.id == "client-1" and created.quotes
    taken = check(
        create_article, create_article.sync_detailed(client=writer, body=body), 409, Problem
    )
    assert taken.additional_properties["article_id"] == "client-1"
    check(
        put_article,
        put_article.sync_detailed("client-1", client=writer, body=body),
        200,
        ArticleOut,
    )
    check(delete_article, delete_article.sync_detailed("client-1", client=writer), 204, type(None))
    check(delete_article, delete_article.sync_detailed("client-1", client=writer), 404, Problem)

    # The editors' corrections (last: they change the speakers), and undoing them.
    rename = SpeakerEdit(name="بشار حافظ اسد")
    check(
        edit_speaker,
        edit_speaker.sync_detailed(speaker_id, client=stranger, body=rename),
        401,
        Problem,
    )
    edited = check(
        edit_speaker,
        edit_speaker.sync_detailed(speaker_id, client=writer, body=rename),
        200,
        SpeakerOverride,
    )
    listed = check(
        list_speaker_overrides,
        list_speaker_overrides.sync_detailed(client=reader),
        200,
        PageSpeakerOverride,
    )
    assert [o.id for o in listed.items] == [edited.id]
    itself = MergeIn(into=speaker_id)
    check(
        merge_speaker,
        merge_speaker.sync_detailed(speaker_id, client=writer, body=itself),
        422,
        Problem,
    )
    elsewhere = SplitIn(article_id="nope", name="گوینده\u200cای دیگر")
    check(
        split_speaker,
        split_speaker.sync_detailed(speaker_id, client=writer, body=elsewhere),
        409,
        Problem,
    )
    undo = undo_speaker_override.sync_detailed(edited.id, client=writer)
    check(undo_speaker_override, undo, 204, type(None))
    undo = undo_speaker_override.sync_detailed(edited.id, client=writer)
    check(undo_speaker_override, undo, 404, Problem)

    modules = pkgutil.walk_packages(goftar_client.api.__path__, "goftar_client.api.")
    generated = {m.name.rsplit(".", 1)[1] for m in modules if not m.ispkg}
    assert called == generated, f"not called: {sorted(generated - called)}"
    print(f"called {len(called)} operations")


if __name__ == "__main__":
    main(*sys.argv[1:3])
