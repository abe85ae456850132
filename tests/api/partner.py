"""A partner's program, written from the API's published description only — not from the portal's
code: it reads lists by following their cursors, sends its token, and checks every answer against
the OpenAPI description with openapi-core (a library nobody here wrote)."""

import json
from urllib.parse import urlsplit

from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

API = "/api/v1"


class PartnerClient:
    def __init__(self, client, token: str = ""):
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        description = client.get(f"{API}/openapi.json")
        assert description.status_code == 200
        self.description = json.loads(description.content)
        # RFC 9457's problem documents are JSON under their own media type.
        config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
        self.openapi = OpenAPI.from_dict(self.description, config=config)
        self.answers_checked = 0

    def _check(self, method: str, url: str, response, body: bytes = b""):
        parts = urlsplit(url)
        query = {}
        for pair in filter(None, parts.query.split("&")):
            name, _, value = pair.partition("=")
            query.setdefault(name, value)
        request = MockRequest(
            "http://testserver", method, parts.path, args=query, data=body, headers={"Authorization": "x"}
        )
        content_type = response.get("Content-Type", "").split(";")[0]
        self.openapi.validate_response(
            request, MockResponse(response.content, status_code=response.status_code, content_type=content_type)
        )
        self.answers_checked += 1

    def get(self, url: str, **headers):
        response = self.client.get(url, **self.headers, **headers)
        if response.status_code != 304:
            self._check("get", url, response)
        return response

    def post(self, url: str, payload):
        body = json.dumps(payload).encode()
        response = self.client.post(url, body, content_type="application/json", **self.headers)
        self._check("post", url, response, body)
        return response

    def read_all(self, url: str) -> list[dict]:
        """Every item of a list, page after page, as a partner's synchronisation does."""
        items, pages = [], 0
        while url:
            response = self.get(url)
            assert response.status_code == 200, response.content
            document = json.loads(response.content)
            assert document["licence"] and document["licence_url"].startswith("https://")
            items += document["results"]
            pages += 1
            url = document["next"]
            if url:  # absolute, as a partner gets it
                assert url.startswith("http://testserver/")
                url = url.removeprefix("http://testserver")
            assert pages < 1000
        return items
