"""Token rules: writing needs the configured bearer token; reading needs it only when configured."""

from __future__ import annotations

import pytest
from api_client import TOKEN, client_for
from memory_catalog import MemoryCatalog

from sitrep.api.settings import ServeSettings
from sitrep.errors import ConfigError

AUTH = {"Authorization": f"Bearer {TOKEN}"}
DOC = {
    "text": "date 2031-03-06\nProtesters gathered in Varnastadt on Thursday.",
    "id": "api-doc",
    "outlet": "Herald",
}


def test_writes_need_the_token(catalog: MemoryCatalog) -> None:
    with client_for(catalog, ServeSettings(token=TOKEN)) as client:
        assert client.post("/api/documents", json=DOC).status_code == 401
        response = client.post("/api/documents", json=DOC, headers=AUTH)
        assert response.status_code == 201, response.text
        assert response.json()["documents"] == ["api-doc"]
        assert catalog.report("api-doc-r1") is not None
        assert (
            client.post("/api/feeds", json={"url": "https://example.org/feed.xml"}, headers=AUTH).status_code
            == 201
        )
        assert catalog.watched == [("https://example.org/feed.xml", 120.0)]
        # reading stays open
        assert client.get("/api/events").status_code == 200


def test_without_a_token_nothing_can_be_written(catalog: MemoryCatalog) -> None:
    with client_for(catalog, ServeSettings()) as client:
        response = client.post("/api/documents", json=DOC, headers=AUTH)
        assert response.status_code == 403 and response.json()["error"]["code"] == "writing_disabled"
        assert client.get("/api/meta").json()["writable"] is False


def test_reading_can_need_the_token(catalog: MemoryCatalog) -> None:
    with client_for(catalog, ServeSettings(token=TOKEN, read_needs_token=True)) as client:
        for path in ("/api/events", "/api/reports", "/api/meta", "/api/export/events.csv", "/api/stream"):
            response = client.get(path)
            assert response.status_code == 401, path
            assert response.headers["www-authenticate"] == "Bearer"
        assert client.get("/api/events", headers=AUTH).status_code == 200
        # the page itself and its assets load; its data needs the token
        assert client.get("/openapi.json").status_code == 200


def test_submitted_text_has_a_size_limit(catalog: MemoryCatalog) -> None:
    with client_for(catalog, ServeSettings(token=TOKEN, max_submit_bytes=100)) as client:
        response = client.post("/api/documents", json={"text": "x" * 200}, headers=AUTH)
        assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize(
    "settings",
    [{"token": "short"}, {"read_needs_token": True}, {"poll_seconds": 0}, {"max_page": 0}],
)
def test_bad_settings_are_refused(settings: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ConfigError):
        ServeSettings(**settings)
