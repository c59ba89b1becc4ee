from django.test import Client


def test_home_page_links_to_the_api_docs_when_the_web_ui_is_not_built(db, settings, tmp_path):
    settings.FRONTEND_DIST = tmp_path / "not-built"
    response = Client().get("/")
    assert response.status_code == 200
    assert b"/api/v1/docs/" in response.content


def test_health_check_answers_ok(db):
    assert Client().get("/healthz/").json() == {"status": "ok"}


def test_swagger_ui_and_schema_are_served(db):
    assert Client().get("/api/v1/docs/").status_code == 200
    schema = Client().get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/clients/" in schema.content
