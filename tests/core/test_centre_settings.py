"""The centre's own settings (GET/PATCH /api/v1/centre/settings/, /api/v1/centre/logo/): its administrator changes
the name, contact details, language, time zone and currency, and uploads a logo; the code and country stay; bad
input is refused on its field with nothing written; other roles get 404 (403 to write); every change is in the
centre's history with who made it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cus.core.models import Centre

URL = "/api/v1/centre/settings/"
LOGO = "/api/v1/centre/logo/"
pytestmark = pytest.mark.django_db


def png(size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path


def test_the_administrator_changes_the_centres_settings_with_history(api, admin_user, centre):
    response = api(admin_user).patch(
        URL, {"name": "CUS Gdynia", "timezone": "Europe/Prague", "currency": "EUR", "language": "cs",
              "phone": "+48 58 000 00 00", "reason": "new statute"}, format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["name"], body["timezone"], body["currency"], body["language"]) == (
        "CUS Gdynia", "Europe/Prague", "EUR", "cs")
    centre.refresh_from_db()
    assert centre.timezone == "Europe/Prague"
    last = centre.history.first()
    assert last.history_user == admin_user
    assert last.history_change_reason == "new statute"


def test_the_code_and_the_country_stay_as_set_up(api, admin_user, centre):
    code, country = centre.code, centre.country

    response = api(admin_user).patch(URL, {"code": "other", "country": "SI"}, format="json")

    assert response.status_code == 200
    centre.refresh_from_db()
    assert (centre.code, centre.country) == (code, country)


@pytest.mark.parametrize(
    ("field", "value"),
    [("timezone", "Mars/Olympus"), ("currency", "USD"), ("language", "de"), ("email", "not-an-address"),
     ("name", ""), ("website", "javascript:alert(1)")],
)
def test_bad_input_is_refused_on_its_field_and_nothing_written(api, admin_user, centre, field, value):
    before = Centre.objects.get(pk=centre.pk)

    response = api(admin_user).patch(URL, {"name": "Changed too", field: value}, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["fields"] if "fields" in response.json() else field in str(response.json())
    centre.refresh_from_db()
    assert centre.name == before.name
    assert getattr(centre, field) == getattr(before, field)


@pytest.mark.parametrize("role", ["manager", "coordinator", "provider", "volunteer", "auditor"])
def test_other_roles_neither_read_nor_change_the_settings(api, member, centre, role):
    user = member(role, centre)
    assert api(user).get(URL).status_code == 404
    assert api(user).patch(URL, {"name": "x"}, format="json").status_code == 403
    assert api(user).post(LOGO, {"logo": SimpleUploadedFile("l.png", png())}, format="multipart").status_code == 403


def test_an_administrator_changes_only_their_own_centre(api, admin_user, centre, other_centre):
    api(admin_user).patch(URL, {"name": "Mine"}, format="json")

    other_centre.refresh_from_db()
    assert other_centre.name != "Mine"


def test_the_administrator_uploads_reads_and_removes_the_logo(api, admin_user, centre, media):
    client = api(admin_user)
    assert client.get(LOGO).status_code == 404

    response = client.post(LOGO, {"logo": SimpleUploadedFile("logo.png", png(), content_type="image/png")},
                           format="multipart")

    assert response.status_code == 200, response.content
    assert response.json()["has_logo"] is True
    got = client.get(LOGO)
    assert got.status_code == 200
    assert got["Content-Type"] == "image/png"
    assert b"".join(got.streaming_content) == png()
    centre.refresh_from_db()
    assert centre.history.first().history_change_reason == "logo changed"

    removed = client.delete(LOGO)
    assert removed.status_code == 200
    assert removed.json()["has_logo"] is False
    assert client.get(LOGO).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [("logo.png", b"<svg onload=alert(1)></svg>"), ("logo.png", b"GIF89a" + b"\0" * 40), ("logo.png", b"")],
)
def test_a_logo_that_is_not_a_png_or_jpeg_is_refused(api, admin_user, centre, media, name, content):
    response = api(admin_user).post(LOGO, {"logo": SimpleUploadedFile(name, content)}, format="multipart")

    assert response.status_code == 400, response.content
    assert "logo" in str(response.json())
    centre.refresh_from_db()
    assert not centre.logo


def test_a_logo_over_512_kb_is_refused(api, admin_user, centre, media):
    big = png((3000, 3000))  # a solid colour compresses well: pad it past the limit
    big = big + b"\0" * (600 * 1024)

    response = api(admin_user).post(LOGO, {"logo": SimpleUploadedFile("big.png", big)}, format="multipart")

    assert response.status_code == 400
    assert "512" in str(response.json())


def test_the_service_refuses_a_setting_it_does_not_own(admin_user, centre):
    from cus.core import services
    from cus.core.context import actor_for
    from cus.core.errors import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.update_centre_settings(actor=actor_for(admin_user), code="other")

    assert "code" in refused.value.message_dict
    centre.refresh_from_db()
    assert centre.code != "other"
