"""The pseudonymised participants export: dates coarsened to the month, ages to the ESF+ bands, and no published
combination of quasi-identifiers shared by fewer than k people (default 5) within a project."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cus.reports.rendering.participants import (
    PARTICIPANT_COLUMNS,
    QUASI_IDENTIFIERS,
    SUPPRESSED,
    age_band,
    render_participants_csv,
)
from cus.reports.shape import ParticipantRow


def row(n: int, **overrides: object) -> ParticipantRow:
    base: ParticipantRow = {
        "pseudonym": f"P-{n:016X}",
        "project_code": "FEPM.05.11-IP.01-0001/24",
        "entry_date": "2026-03-02",
        "exit_date": "",
        "exit_reason": "",
        "sex": "female",
        "age_at_entry": 67,
        "labour_market_status": "inactive",
        "education_level": "isced_0_2",
        "with_disabilities": True,
        "third_country_national": False,
        "foreign_background": None,
        "minority": False,
        "homeless_or_housing_exclusion": False,
        "rural_area": False,
        "job_searching": None,
        "in_education_or_training": None,
        "gained_qualification": None,
        "in_employment": None,
        "followup_in_employment": None,
        "followup_improved_situation": None,
    }
    base.update(overrides)  # type: ignore[typeddict-item]
    return base


def read(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def combos(rows: list[dict[str, str]]) -> Counter[tuple[str, ...]]:
    return Counter((r["project_code"], *(r[q] for q in QUASI_IDENTIFIERS)) for r in rows)


@pytest.mark.parametrize(("age", "band"), [(0, "<18"), (17, "<18"), (18, "18-29"), (29, "18-29"), (30, "30-54"),
                                           (54, "30-54"), (55, "55+"), (101, "55+")])
def test_ages_become_the_esf_bands(age, band):
    assert age_band(age) == band


def test_dates_become_months_and_ages_bands_and_no_exact_value_is_written():
    rows = [row(i, entry_date=f"2026-03-{i + 1:02d}", age_at_entry=60 + i, exit_date="2026-05-20") for i in range(5)]
    content = render_participants_csv(rows, min_group=5)
    out = read(content)
    assert tuple(out[0]) == PARTICIPANT_COLUMNS
    assert {r["entry_month"] for r in out} == {"2026-03"}
    assert {r["exit_month"] for r in out} == {"2026-05"}
    assert {r["age_band"] for r in out} == {"55+"}
    text = content.decode("utf-8-sig")
    for i in range(5):
        assert f"2026-03-{i + 1:02d}" not in text
        assert f'"{60 + i}"' not in text
    assert "2026-05-20" not in text
    assert "entry_date" not in text
    assert "age_at_entry" not in text


def test_five_people_sharing_everything_are_published_in_full():
    out = read(render_participants_csv([row(i) for i in range(5)], min_group=5))
    assert len(out) == 5
    assert all(r["with_disabilities"] == "1" and r["education_level"] == "isced_0_2" for r in out)
    assert SUPPRESSED not in {v for r in out for v in r.values()}


def test_a_rare_combination_loses_its_most_identifying_cells_first():
    # Five women of 55+ in the project; one of them is the only one from a minority.
    rows = [row(i) for i in range(4)] + [row(4, minority=True)]
    rows += [row(10 + i, sex="male", age_at_entry=40) for i in range(5)]
    out = {r["pseudonym"]: r for r in read(render_participants_csv(rows, min_group=5))}
    assert len(out) == 10  # nobody is dropped: the funder's count stays
    women = [out[f"P-{i:016X}"] for i in range(5)]
    # The flags are suppressed for all five women alike, the rest of their combination stays published.
    assert {r["minority"] for r in women} == {SUPPRESSED}
    assert {r["with_disabilities"] for r in women} == {SUPPRESSED}
    assert {(r["sex"], r["age_band"], r["entry_month"], r["education_level"]) for r in women} == {
        ("female", "55+", "2026-03", "isced_0_2")
    }
    men = [out[f"P-{10 + i:016X}"] for i in range(5)]
    assert {r["with_disabilities"] for r in men} == {"1"}  # a group of five keeps everything


def test_a_person_alone_has_every_quasi_identifier_suppressed_but_keeps_the_results():
    out = read(render_participants_csv([row(1, in_employment=True, exit_date="2026-04-30",
                                            exit_reason="goals_achieved")], min_group=5))
    assert [out[0][q] for q in QUASI_IDENTIFIERS] == [SUPPRESSED] * len(QUASI_IDENTIFIERS)
    assert out[0]["in_employment"] == "1"
    assert out[0]["project_code"] == "FEPM.05.11-IP.01-0001/24"


def test_k_defaults_to_the_setting(settings):
    settings.CUS_PARTICIPANTS_MIN_GROUP = 2
    out = read(render_participants_csv([row(1), row(2)]))
    assert {r["sex"] for r in out} == {"female"}
    settings.CUS_PARTICIPANTS_MIN_GROUP = 5
    out = read(render_participants_csv([row(1), row(2)]))
    assert {r["sex"] for r in out} == {SUPPRESSED}


def test_groups_are_counted_within_a_project():
    rows = [row(i) for i in range(3)] + [row(10 + i, project_code="OTHER/1") for i in range(3)]
    out = read(render_participants_csv(rows, min_group=5))
    assert {r["sex"] for r in out} == {SUPPRESSED}


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    people=st.lists(
        st.tuples(
            st.sampled_from(["female", "male", "other"]),
            st.integers(min_value=15, max_value=90),
            st.sampled_from(["2026-01-15", "2026-02-03", "2026-03-30"]),
            st.booleans(),
            st.sampled_from(["A/1", "B/2"]),
        ),
        max_size=40,
    ),
    k=st.integers(min_value=2, max_value=6),
)
def test_every_published_combination_not_fully_suppressed_is_shared_by_k_people(people, k):
    rows = [row(i, sex=s, age_at_entry=a, entry_date=d, with_disabilities=f, project_code=p)
            for i, (s, a, d, f, p) in enumerate(people)]
    out = read(render_participants_csv(rows, min_group=k))
    assert len(out) == len(rows)
    for combo, count in combos(out).items():
        if any(value != SUPPRESSED for value in combo[1:]):
            assert count >= k, combo
