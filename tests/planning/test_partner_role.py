"""The partner role (staff of a partner organisation that is not a provider): they see the community plans (adopted
and closed ones, and a draft their meetings work on), the meetings their partner takes part in with decisions and
follow-ups, the follow-ups given to their partner, and they raise needs as their partner; no client data at all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from cus.api.urls import router
from cus.core.models import Invitation, Membership, Role
from cus.planning.models import FollowUp, NeedSource, RaisedNeed

from ..factories import (
    ClientFactory,
    ContractFactory,
    PlanFactory,
    PlannedServiceFactory,
    ProviderFactory,
    VolunteerFactory,
)
from .factories import (
    ActivityFactory,
    CommunityPlanFactory,
    DecisionFactory,
    FollowUpFactory,
    IndicatorFactory,
    MeasureFactory,
    MeetingFactory,
    PartnerFactory,
    PriorityFactory,
    RaisedNeedFactory,
)

pytestmark = pytest.mark.django_db

# What a partner's staff may list; every other list of the API is 404 to them (or their own rows only, below).
PLANNING = {"community-plans", "priorities", "measures", "activities", "indicators", "indicator-values", "needs",
            "raised-needs", "partners", "meetings", "meeting-decisions", "follow-ups"}
OWN_ROWS = {"centres", "users", "memberships", "notifications"}  # the user's own centre, self, membership, inbox
TAXONOMY = {"service-types"}  # the public taxonomy: a raised need names its service type


@pytest.fixture
def partner(centre):
    return PartnerFactory(centre=centre, name="Szkoła Podstawowa nr 12", kind="school")


@pytest.fixture
def partner_user(member, centre, partner):
    return member(Role.PARTNER, centre, partner=partner)


# --- no client data --------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", sorted({p for p, _, _ in router.registry} - PLANNING - OWN_ROWS - TAXONOMY))
def test_every_other_list_is_not_found_for_a_partner(api, partner_user, prefix):
    client = api(partner_user)
    assert client.get(f"/api/v1/{prefix}/").status_code == 404, prefix
    assert client.post(f"/api/v1/{prefix}/", {}).status_code in (403, 404, 405), prefix


@pytest.mark.parametrize("path", ["overview/", "log-rules/", "reminder-settings/", "centre/plan-rules/",
                                  "centre/settings/", "centre/security/"])
def test_the_centres_other_views_are_not_found_for_a_partner(api, partner_user, path):
    assert api(partner_user).get(f"/api/v1/{path}").status_code == 404


def client_objects(centre):
    """Case data of ``centre`` by endpoint: a client, their plan and planned service, a contract, a volunteer."""
    client = ClientFactory(centre=centre)
    plan = PlanFactory(client=client)
    provider = ProviderFactory(centre=centre)
    return {
        "clients": client,
        "plans": plan,
        "planned-services": PlannedServiceFactory(plan=plan),
        "contracts": ContractFactory(provider=provider),
        "providers": provider,
        "volunteers": VolunteerFactory(centre=centre),
    }


@pytest.mark.parametrize("endpoint", ["clients", "plans", "planned-services", "contracts", "providers", "volunteers"])
def test_a_partner_opens_no_client_record(api, partner_user, centre, endpoint):
    obj = client_objects(centre)[endpoint]
    client = api(partner_user)
    assert client.get(f"/api/v1/{endpoint}/{obj.pk}/").status_code == 404
    assert client.get(f"/api/v1/{endpoint}/{obj.pk}/history/").status_code == 404
    assert client.patch(f"/api/v1/{endpoint}/{obj.pk}/", {}).status_code in (403, 404)


def test_the_needs_register_shows_a_partner_nothing_from_the_client_files(api, partner_user, centre, partner):
    RaisedNeedFactory(centre=centre, source="partner", partner=partner)
    assert api(partner_user).get("/api/v1/needs/").json()["results"] == []


# --- what they see -----------------------------------------------------------------------------------------


def test_a_partner_sees_its_own_meetings_and_their_decisions_and_follow_ups(api, partner_user, centre, partner):
    ours = MeetingFactory(centre=centre, title="Planning group")
    ours.partners.set([partner])
    other = MeetingFactory(centre=centre, title="Internal")
    ours_decision = DecisionFactory(meeting=ours)
    DecisionFactory(meeting=other)
    in_ours = FollowUpFactory(meeting=ours, owner_name="Someone else")
    given_to_us = FollowUpFactory(meeting=other, partner=partner, owner_name="Ms Head")
    FollowUpFactory(meeting=other, owner_name="Nobody of ours")
    client = api(partner_user)
    assert [m["id"] for m in client.get("/api/v1/meetings/").json()["results"]] == [str(ours.pk)]
    assert client.get(f"/api/v1/meetings/{other.pk}/").status_code == 404
    assert [d["id"] for d in client.get("/api/v1/meeting-decisions/").json()["results"]] == [str(ours_decision.pk)]
    seen = {f["id"] for f in client.get("/api/v1/follow-ups/").json()["results"]}
    assert seen == {str(in_ours.pk), str(given_to_us.pk)}
    assert [p["id"] for p in client.get("/api/v1/partners/").json()["results"]] == [str(partner.pk)]
    assert client.get(f"/api/v1/partners/{PartnerFactory(centre=centre).pk}/").status_code == 404


def test_a_partner_sees_adopted_and_closed_plans_and_the_draft_its_meetings_work_on(api, partner_user, centre, partner):
    adopted = CommunityPlanFactory(centre=centre, status="adopted")
    closed = CommunityPlanFactory(centre=centre, status="closed")
    worked_on = CommunityPlanFactory(centre=centre, status="draft")
    hidden = CommunityPlanFactory(centre=centre, status="draft")
    MeetingFactory(centre=centre, community_plan=worked_on).partners.set([partner])
    MeetingFactory(centre=centre, community_plan=hidden)  # a meeting the partner does not take part in
    hidden_priority = PriorityFactory(plan=hidden)
    hidden_indicator = IndicatorFactory(activity=ActivityFactory(measure=MeasureFactory(priority=hidden_priority)))
    client = api(partner_user)
    seen = {p["id"] for p in client.get("/api/v1/community-plans/").json()["results"]}
    assert seen == {str(adopted.pk), str(closed.pk), str(worked_on.pk)}
    assert client.get(f"/api/v1/community-plans/{worked_on.pk}/").status_code == 200
    assert client.get(f"/api/v1/community-plans/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/priorities/{hidden_priority.pk}/").status_code == 404
    assert client.get(f"/api/v1/indicators/{hidden_indicator.pk}/").status_code == 404
    assert client.get("/api/v1/priorities/").json()["results"] == []


def test_another_centres_rows_are_not_found_for_a_partner(api, partner_user, other_centre):
    foreign_partner = PartnerFactory(centre=other_centre)
    meeting = MeetingFactory(centre=other_centre)
    meeting.partners.set([foreign_partner])
    plan = CommunityPlanFactory(centre=other_centre, status="adopted")
    follow_up = FollowUpFactory(meeting=meeting, partner=foreign_partner, owner_name="X")
    client = api(partner_user)
    for path in (f"meetings/{meeting.pk}/", f"community-plans/{plan.pk}/", f"follow-ups/{follow_up.pk}/",
                 f"partners/{foreign_partner.pk}/"):
        assert client.get(f"/api/v1/{path}").status_code == 404, path
    assert client.post(f"/api/v1/follow-ups/{follow_up.pk}/complete/", {}).status_code == 404


# --- what they do ------------------------------------------------------------------------------------------


def test_a_partner_raises_needs_as_its_partner_whatever_it_sends(api, partner_user, centre, partner):
    response = api(partner_user).post(
        "/api/v1/needs/",
        {"source": "public", "description": "After-school care for children of working parents",
         "raised_on": dt.date.today().isoformat(), "area": "Oksywie", "people_estimate": 25},
    )
    assert response.status_code == 201, response.json()
    need = RaisedNeed.objects.get()
    assert (need.source, need.partner, need.recorded_by) == (NeedSource.PARTNER, partner, partner_user)
    assert need.history.get().history_user == partner_user
    assert [n["id"] for n in api(partner_user).get("/api/v1/raised-needs/").json()["results"]] == [str(need.pk)]
    # They raise needs; the centre handles them.
    assert api(partner_user).patch(f"/api/v1/raised-needs/{need.pk}/", {"is_open": False}).status_code == 403
    assert api(partner_user).post(f"/api/v1/raised-needs/{need.pk}/close/", {"note": "done"}).status_code == 403
    assert api(partner_user).post(f"/api/v1/raised-needs/{need.pk}/link/", {"activity": None}).status_code == 403
    assert RaisedNeed.objects.get().is_open is True
    RaisedNeed.objects.update(is_open=False)
    assert api(partner_user).post(f"/api/v1/raised-needs/{need.pk}/reopen/", {}).status_code == 403
    assert RaisedNeed.objects.get().is_open is False


def test_a_partner_names_the_service_type_of_a_need(api, partner_user):
    listed = api(partner_user).get("/api/v1/service-types/", {"page_size": 200}).json()["results"]
    home_care = next(row for row in listed if row["code"] == "home_care")
    response = api(partner_user).post(
        "/api/v1/needs/", {"source": "partner", "description": "Care at home for seniors in Oksywie",
                           "raised_on": dt.date.today().isoformat(), "service_type": home_care["id"]},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["service_type_code"] == "home_care"


def test_a_partner_does_not_name_another_partner_or_meeting_for_a_need(api, partner_user, centre):
    stranger = PartnerFactory(centre=centre)
    meeting = MeetingFactory(centre=centre)
    payload = {"source": "partner", "description": "N", "raised_on": dt.date.today().isoformat()}
    response = api(partner_user).post("/api/v1/needs/", {**payload, "partner": str(stranger.pk)})
    assert response.status_code == 400
    assert "partner" in response.json()
    response = api(partner_user).post("/api/v1/needs/", {**payload, "source": "meeting", "meeting": str(meeting.pk)})
    assert response.status_code == 400
    assert "meeting" in response.json()
    assert not RaisedNeed.objects.exists()


def test_a_partner_marks_its_own_follow_up_done_but_no_other(api, partner_user, centre, partner):
    meeting = MeetingFactory(centre=centre)
    meeting.partners.set([partner])
    ours = FollowUpFactory(meeting=meeting, partner=partner, owner_name="Ms Head")
    theirs = FollowUpFactory(meeting=meeting, owner_name="The centre's organiser")
    client = api(partner_user)
    response = client.post(f"/api/v1/follow-ups/{theirs.pk}/complete/", {"outcome": "x"})
    assert response.status_code == 403
    response = client.post(f"/api/v1/follow-ups/{ours.pk}/complete/", {"outcome": "Letter sent to parents"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "done"
    assert response.json()["outcome"] == "Letter sent to parents"
    ours.refresh_from_db()
    assert ours.completed_by == partner_user
    assert ours.history.first().history_user == partner_user
    assert FollowUp.objects.get(pk=theirs.pk).status == "open"


@pytest.mark.parametrize(
    ("endpoint", "payload"),
    [("meetings", {"title": "M", "starts_at": "2026-05-01T10:00:00Z"}), ("partners", {"name": "P", "kind": "ngo"}),
     ("community-plans", {"title": "P", "start_date": "2026-01-01", "end_date": "2026-12-31"})],
)
def test_a_partner_writes_no_meeting_partner_or_plan(api, partner_user, endpoint, payload):
    assert api(partner_user).post(f"/api/v1/{endpoint}/", payload).status_code == 403


def test_partner_lists_take_a_fixed_number_of_queries(api, partner_user, centre, partner,
                                                      django_assert_max_num_queries):
    for _ in range(6):
        meeting = MeetingFactory(centre=centre)
        meeting.partners.set([partner])
        DecisionFactory(meeting=meeting)
        FollowUpFactory(meeting=meeting, partner=partner, owner_name="X")
    client = api(partner_user)
    for path in ("meetings", "follow-ups", "community-plans", "raised-needs", "partners"):
        with django_assert_max_num_queries(12):
            assert client.get(f"/api/v1/{path}/").status_code == 200, path


# --- the registry: the partner's page --------------------------------------------------------------------


def test_a_partners_staff_are_listed_on_its_page(api, manager, partner_user, partner, centre):
    response = api(manager).get(f"/api/v1/partners/{partner.pk}/staff/")
    assert response.status_code == 200
    assert [row["email"] for row in response.json()["results"]] == [partner_user.email]
    other = PartnerFactory(centre=centre)
    assert api(manager).get(f"/api/v1/partners/{other.pk}/staff/").json()["results"] == []
    assert api(partner_user).get(f"/api/v1/partners/{other.pk}/staff/").status_code == 404


def test_a_partners_name_is_unique_in_the_centre(api, manager, partner):
    response = api(manager).post("/api/v1/partners/", {"name": partner.name.upper(), "kind": "ngo"})
    assert response.status_code == 400
    assert "name" in response.json()


# --- the membership and the invitation ---------------------------------------------------------------------


def test_the_partner_role_needs_a_partner_and_only_it_has_one(member, centre, partner):
    user = member(Role.COORDINATOR, centre)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=user).update(partner=partner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=user).update(role=Role.PARTNER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(centre=centre, email="x@example.org", role=Role.PARTNER, language="pl",
                                  token_hash="a" * 64, expires_at="2030-01-01T00:00:00Z")
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(centre=centre, email="x@example.org", role=Role.MANAGER, partner=partner,
                                  language="pl", token_hash="b" * 64, expires_at="2030-01-01T00:00:00Z")


def test_an_administrator_invites_a_partners_staff(api, admin_user, centre, other_centre, partner, mailoutbox):
    client = api(admin_user)
    response = client.post("/api/v1/invitations/", {"email": "head@school.example", "role": "partner"})
    assert response.status_code == 400
    assert "partner" in response.json()
    foreign = PartnerFactory(centre=other_centre)
    response = client.post("/api/v1/invitations/",
                           {"email": "head@school.example", "role": "partner", "partner": str(foreign.pk)})
    assert response.status_code == 400
    assert "partner" in response.json()
    response = client.post("/api/v1/invitations/",
                           {"email": "head@school.example", "role": "coordinator", "partner": str(partner.pk)})
    assert response.status_code == 400
    assert "partner" in response.json()
    assert not Invitation.objects.exists()
    response = client.post("/api/v1/invitations/",
                           {"email": "head@school.example", "role": "partner", "partner": str(partner.pk)})
    assert response.status_code == 201, response.json()
    assert response.json()["partner_name"] == partner.name
    assert partner.name in mailoutbox[0].body
    token = mailoutbox[0].body.split("/invitations/")[1].split()[0]
    accepted = api().post(f"/api/v1/invitation-links/{token}/accept/",
                          {"first_name": "Ola", "last_name": "Dyrektor", "password": "Xk9!pq-long-passphrase"})
    assert accepted.status_code == 200, accepted.json()
    membership = Membership.objects.get(user__email="head@school.example")
    assert (membership.role, membership.partner) == (Role.PARTNER, partner)
    assert membership.history.get().history_change_reason == "invitation accepted"


def test_an_administrator_moves_a_member_to_the_partner_role_and_back(api, admin_user, member, centre, partner):
    user = member(Role.COORDINATOR, centre)
    membership = Membership.objects.get(user=user)
    client = api(admin_user)
    response = client.patch(f"/api/v1/memberships/{membership.pk}/", {"role": "partner"})
    assert response.status_code == 400
    assert "partner" in response.json()
    response = client.patch(f"/api/v1/memberships/{membership.pk}/", {"role": "partner", "partner": str(partner.pk)})
    assert response.status_code == 200, response.json()
    assert response.json()["partner_name"] == partner.name
    response = client.patch(f"/api/v1/memberships/{membership.pk}/", {"role": "coordinator"})
    assert response.status_code == 200
    membership.refresh_from_db()
    assert (membership.role, membership.partner) == (Role.COORDINATOR, None)
    assert membership.history.count() == 3
