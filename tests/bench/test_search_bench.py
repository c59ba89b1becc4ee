"""Benchmark: client search (``GET /api/v1/clients/?search=``) against one hand-written SQL of the same page,
measured in the same run; and the plan PostgreSQL chooses for the search (the trigram indexes on PostgreSQL).

The floor is the same match (case-insensitive substring of first name, last name, reference or national ID) in
one statement with the page's count. Both sides use whatever indexes the database has, so the index's gain shows
in the absolute times and in the plan, and the ratio shows what the API adds.

    python -m pytest tests/bench/test_search_bench.py -m bench -s   # seeds CUS_BENCH_CLIENTS (300)
    python tests/bench/test_search_bench.py                          # on the configured, seeded database
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from io import StringIO
from typing import Any
from uuid import UUID

import pytest

try:  # run by pytest (tests.bench is a package), or as a script (this folder is on the path)
    from tests.bench.measure import best_of as best_of_n
    from tests.bench.measure import biggest_centre, fresh_log, line
except ImportError:
    from measure import best_of as best_of_n
    from measure import biggest_centre, fresh_log, line

CLIENTS = int(os.environ.get("CUS_BENCH_CLIENTS", "300"))
REPEAT = int(os.environ.get("CUS_BENCH_REPEAT", "7"))


def best_of(function: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, Any]:
    return best_of_n(function, repeat)


PAGE = 20

FLOOR_SQL = """
SELECT c.id, COUNT(*) OVER ()
FROM clients_client c
WHERE c.centre_id = %(centre)s
  AND (UPPER(c.first_name) LIKE %(like)s OR UPPER(c.last_name) LIKE %(like)s
       OR UPPER(c.reference) LIKE %(like)s OR UPPER(c.national_id) LIKE %(like)s)
ORDER BY c.last_name, c.first_name, c.id
LIMIT %(page)s
"""


def search_terms(centre: Any) -> dict[str, str]:
    """A common last-name fragment, a reference fragment and a string that matches nothing, taken from the data."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from cus.clients.models import Client

    clients = Client.objects.filter(centre=centre)
    common = clients.annotate(part=Substr("last_name", 2, 4)).values("part").annotate(n=Count("pk")).order_by("-n")
    some = clients.order_by("created_at").values_list("reference", flat=True).first() or "0001"
    return {"last-name fragment": common[0]["part"] if common else "owa", "reference fragment": some[-5:],
            "no match": "zqxj"}


def uses_trigram_index(sql: str, params: list[Any] | None) -> str:
    """The indexes PostgreSQL scans for ``sql`` (a captured statement, its values inlined: ``params`` None)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return "n/a (not PostgreSQL)"
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    found = sorted(set(re.findall(r"Index Scan on (\w+)", plan)))
    return ", ".join(found) if found else ("sequential scan" if "Seq Scan" in plan else "other")


def bench_search(centre: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from rest_framework.test import APIClient

    from cus.clients.models import Client
    from cus.core.models import Membership, Role

    member = Membership.objects.filter(
        centre=centre, role=Role.COORDINATOR, is_active=True, user__is_active=True
    ).select_related("user").first()
    assert member is not None
    api = APIClient()
    api.force_authenticate(member.user)
    api.credentials(HTTP_X_CENTRE=str(centre.pk))
    uuid_field = Client._meta.pk
    assert uuid_field is not None
    results = {}
    with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
        for what, term in search_terms(centre).items():
            def search(term: str = term) -> Any:
                response = api.get("/api/v1/clients/", {"search": term, "page_size": PAGE})
                assert response.status_code == 200, response.content[:300]
                return response.json()

            params = {"centre": uuid_field.get_db_prep_value(centre.pk, connection), "like": f"%{term.upper()}%",
                      "page": PAGE}

            def floor(params: dict[str, Any] = params) -> list[tuple[Any, ...]]:
                with connection.cursor() as cursor:
                    cursor.execute(FLOOR_SQL, params)
                    return cursor.fetchall()

            search()
            fresh_log()
            with CaptureQueriesContext(connection) as captured:
                data = search()
            # taken at once: the next request empties the connection's log the capture reads
            queries = [query["sql"] for query in captured.captured_queries]
            value, data = best_of(search)
            floor_time, rows = best_of(floor)
            same = [row["id"] for row in data["results"]] == [str(UUID(str(r[0]))) for r in rows] and (
                data["count"] == (rows[0][1] if rows else 0))
            app_sql = next((sql for sql in queries if "COUNT(*)" in sql.upper()), "")
            plan = uses_trigram_index(app_sql, None) if app_sql else "?"
            results[what] = {"value": value, "floor": floor_time, "same": same}
            line(
                f"client search, {what} ({data['count']} found)",
                f"{value * 1000:.1f} ms, {len(queries)} queries; count by {plan}",
                f"{floor_time * 1000:.1f} ms (one SQL)", value / floor_time,
            )
            if not same:
                print("  the API's page differs from the floor's (order of equal names may differ)")
    return results


def run(centre: Any) -> dict[str, Any]:
    from django.db import connection

    from cus.clients.models import Client

    print(f"\nclient search: {centre.name}, {Client.objects.filter(centre=centre).count()} clients, "
          f"{connection.vendor}")
    print("scenario | value | floor | ratio")
    return bench_search(centre)


@pytest.mark.bench
@pytest.mark.django_db
def test_client_search_against_one_sql(settings):
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--clients", str(CLIENTS), stdout=StringIO())
    result = run(biggest_centre())
    assert result


if __name__ == "__main__":
    import django

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cus.settings")
    django.setup()
    from django.db import transaction

    with transaction.atomic():
        run(biggest_centre())
        transaction.set_rollback(True)
