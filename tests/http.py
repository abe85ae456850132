"""Reading responses in tests."""


def page_text(response, status: int = 200) -> str:
    """The decoded body of a response that must answer `status`: a query count, or an "absent" check,
    means nothing for a page that failed."""
    assert response.status_code == status, f"{response.status_code} instead of {status}"
    return response.getvalue().decode("utf-8-sig")
