"""GET plans/{id}/pdf/: the printable individual plan, a real WeasyPrint PDF in the client's language (else the
centre's), with the goals, services, providers, schedule, review and signature lines; for the centre's
coordinators and managers only; in the client's access log; in a bounded number of queries."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cus.clients.models import AccessAction, ClientAccessLog
from cus.core.models import Role
from cus.plans.models import ApprovalState, Plan
from cus.plans.printing import render_plan_html

from ..factories import GoalFactory, PlannedServiceFactory, ServiceTypeFactory
from .factories import contract_line, draft_plan

pytestmark = pytest.mark.django_db

URL = "/api/v1/plans/{}/pdf/"


def pdf_text(content: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def plan(centre, coordinator):
    plan = draft_plan(centre, coordinator, summary="Pomoc w domu po pobycie w szpitalu")
    plan.client.language = "pl"
    plan.client.save(update_fields=["language"])
    GoalFactory(plan=plan, description="Samodzielne zakupy raz w tygodniu", measure="Zakupy bez pomocy")
    line = contract_line(centre, service_type=ServiceTypeFactory(name_en="Care at home", name_pl="Usługi opiekuńcze"))
    PlannedServiceFactory(plan=plan, contract_line=line, units=Decimal("3"), per="week", weekdays=[1, 3])
    PlannedServiceFactory(plan=plan, service_type=ServiceTypeFactory(name_en="Meals", name_pl="Posiłki"),
                          units=Decimal("1.5"), per="month")
    return plan


def test_the_plan_prints_in_the_clients_language_with_goals_services_and_signature_lines(api, plan, coordinator):
    response = api(coordinator).get(URL.format(plan.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    flat = " ".join(text.split())
    assert plan.client.full_name in flat
    assert "Indywidualny plan usług społecznych" in flat
    assert "Samodzielne zakupy raz w tygodniu" in flat
    assert "Usługi opiekuńcze" in flat
    assert "Posiłki" in flat
    assert "Poniedziałek, Środa" in flat  # the days of the week, in Polish
    line_provider = plan.services.get(provider__isnull=False).provider.name
    assert line_provider in flat
    assert "podpis klienta" in flat
    assert "podpis koordynatora" in flat
    assert "Zatwierdził" not in flat  # no approver's line until a manager approved the plan


def test_the_centres_language_when_the_client_has_none_and_the_approvers_line_once_approved(plan, centre, manager):
    plan.client.language = ""
    plan.client.save(update_fields=["language"])
    centre.language = "cs"
    Plan.objects.filter(pk=plan.pk).update(
        approval=ApprovalState.APPROVED, approved_by=manager, approved_at=timezone.now()
    )
    plan = Plan.objects.select_related("client", "coordinator", "approved_by").get(pk=plan.pk)
    html = render_plan_html(plan, centre)
    assert 'lang="cs"' in html
    assert "Individuální plán sociálních služeb" in html
    assert str(manager) in html
    assert "podpis klienta" in html.lower()  # Czech: "Datum a podpis klienta"


@pytest.mark.parametrize(("role", "expected"), [
    (Role.COORDINATOR, 200), (Role.MANAGER, 200), (Role.ADMIN, 403), (Role.AUDITOR, 403), (Role.PROVIDER, 404),
    (Role.VOLUNTEER, 404),
])
def test_who_may_print_the_plan(api, plan, centre, member, role, expected):
    user = member(role, centre)  # a coordinator other than the plan's: covers for them
    response = api(user).get(URL.format(plan.pk))
    assert response.status_code == expected
    assert ClientAccessLog.objects.filter(user=user).exists() is (expected == 200)


def test_provider_staff_of_the_assigned_provider_do_not_print_it(api, plan, member, centre):
    provider = plan.services.get(provider__isnull=False).provider
    Plan.objects.filter(pk=plan.pk).update(status="active")
    staff = member(Role.PROVIDER, centre, provider=provider)
    assert api(staff).get(URL.format(plan.pk)).status_code == 404


def test_another_centres_coordinator_gets_404(api, plan, member, other_centre):
    assert api(member(Role.COORDINATOR, other_centre)).get(URL.format(plan.pk)).status_code == 404


def test_the_print_is_in_the_clients_access_log(api, plan, coordinator):
    api(coordinator).get(URL.format(plan.pk))
    entry = ClientAccessLog.objects.get(client=plan.client)
    assert (entry.user, entry.action, entry.what) == (coordinator, AccessAction.EXPORT, "plan")
    assert entry.path.endswith("/pdf/")


def test_the_print_reads_a_bounded_number_of_queries(api, plan, coordinator, django_assert_max_num_queries):
    client = api(coordinator)
    client.get(URL.format(plan.pk))  # warm caches (content types, the session's membership)
    with django_assert_max_num_queries(12) as few:
        assert client.get(URL.format(plan.pk)).status_code == 200
    for _ in range(5):
        GoalFactory(plan=plan)
        PlannedServiceFactory(plan=plan)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL.format(plan.pk)).status_code == 200


def test_the_schema_documents_the_pdf(api, coordinator):
    schema = api(coordinator).get("/api/v1/schema/", {"format": "json"}).json()
    answer = schema["paths"]["/api/v1/plans/{id}/pdf/"]["get"]["responses"]["200"]["content"]
    assert list(answer) == ["application/pdf"]
