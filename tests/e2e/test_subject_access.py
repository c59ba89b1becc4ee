"""Journey: on a phone, a coordinator opens a client's "Data protection" tab, starts a copy of everything held about
the person, watches it being prepared by the real worker, and downloads the ZIP (a JSON and a readable PDF); the
request and the download are in the client's access log."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from .conftest import PHONE, api_get, login_via_api, shot

pytestmark = pytest.mark.e2e


def test_a_coordinator_prepares_and_downloads_a_clients_subject_access_copy(new_page, artifacts: Path) -> None:
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE)
    login_via_api(page, "coordinator@cus.example")
    me = api_get(page, "/api/v1/me/")
    mine = api_get(page, f"/api/v1/clients/?coordinator={me['id']}&status=active&page_size=50")["results"]
    candidates = [c for c in mine if not api_get(page, f"/api/v1/subject-exports/?client={c['id']}")["count"]]
    assert candidates, "the demo coordinator has no active client without a copy"
    client = api_get(page, f"/api/v1/clients/{candidates[0]['id']}/")

    page.goto(f"/clients/{client['id']}?tab=rights")
    expect(page.get_by_role("heading", level=1)).to_contain_text(client["last_name"], timeout=30_000)
    part = page.locator("section", has=page.get_by_role("heading", name="Copy of the client's data (access and portability)"))
    expect(part.get_by_text("No copy has been requested.")).to_be_visible(timeout=15_000)
    part.get_by_role("button", name="Prepare a copy").click()
    expect(part.get_by_text(re.compile("The copy is being prepared"))).to_be_visible(timeout=15_000)

    # The worker builds it; the page polls and offers the download once it is ready.
    download_button = part.get_by_role("button", name="Download the ZIP")
    expect(download_button).to_be_visible(timeout=360_000)  # a loaded CI machine renders the PDF slowly
    expect(part.get_by_text("Ready", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll
    shot(page, artifacts, "coordinator-subject-access-ready")

    with page.expect_download() as info:
        download_button.click()
    expect(part.get_by_text(re.compile(r"Downloaded\. Hand the copy"))).to_be_visible(timeout=15_000)
    path = info.value.path()
    assert path is not None
    with zipfile.ZipFile(io.BytesIO(Path(path).read_bytes())) as archive:
        names = archive.namelist()
        data_files = [n for n in names if n.endswith(".json")]
        pdfs = [n for n in names if n.endswith(".pdf")]
        assert data_files, names
        assert pdfs, names
        data = json.loads(archive.read(data_files[0]))
        assert client["reference"] in json.dumps(data, ensure_ascii=False)
        assert archive.read(pdfs[0]).startswith(b"%PDF")

    copies = api_get(page, f"/api/v1/subject-exports/?client={client['id']}")["results"]
    assert copies[0]["status"] == "done"
    assert copies[0]["download_count"] == 1
    expect(part.get_by_text(re.compile(r"Downloads: 1"))).to_be_visible(timeout=15_000)
