"""The summary of the course of conduct and its chart: plain functions, no database."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from diary.models import Change, Feeling, Kind
from evidence.pack.conduct import (
    LEGAL_ELEMENTS,
    PERSON_NOT_KNOWN,
    Gap,
    SummaryIncident,
    Tally,
    course_of_conduct,
    incidents_chart_svg,
    trend_direction,
)

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 11, 24)  # a Tuesday


def summarise(incidents, *, today=TODAY, **period):
    return course_of_conduct(
        incidents,
        today=today,
        kind_labels=dict(Kind.choices),
        feeling_labels=dict(Feeling.choices),
        change_labels=dict(Change.choices),
        **period,
    )


def on(day, **fields):
    return SummaryIncident(occurred_on=day, **fields)


def days_before_today(*offsets):
    return [on(TODAY - timedelta(days=offset)) for offset in offsets]


def parse(svg):
    # Our own drawing, parsed to check it: nothing untrusted reaches the parser.
    return ET.fromstring(svg)  # noqa: S314


def bars(svg):
    return [rect for rect in parse(svg).iter(f"{SVG}rect") if rect.get("class") == "bar"]


# Counts -----------------------------------------------------------------------------------------


def test_it_counts_kinds_by_label_most_first_with_ties_in_form_order():
    summary = summarise(
        [
            on(date(2026, 11, 1), kinds=("text_message", "phone_call")),
            on(date(2026, 11, 2), kinds=("following",)),
            on(date(2026, 11, 3), kinds=("text_message",)),
        ]
    )

    assert summary.by_kind == (
        Tally("Text message", 2),
        Tally("Phone call", 1),
        Tally("Following you", 1),
    )


def test_it_counts_people_and_calls_incidents_without_anyone_person_not_known():
    summary = summarise(
        [
            on(date(2026, 11, 1), person_names=("Sam",)),
            on(date(2026, 11, 2), person_names=("Sam", "Alex")),
            on(date(2026, 11, 3)),
            on(date(2026, 11, 4), person_names=("alex",)),
        ]
    )

    assert summary.by_person == (
        Tally("Sam", 2),
        Tally("Alex", 1),
        Tally("alex", 1),
        Tally(PERSON_NOT_KNOWN, 1),
    )


def test_it_counts_a_code_repeated_in_one_incident_once():
    summary = summarise(
        [on(date(2026, 11, 1), kinds=("letter", "letter"), feelings=("alarm", "alarm"))]
    )

    assert summary.by_kind == (Tally("Letter", 1),)
    assert summary.legal_elements[0] == Tally("Alarmed", 1)


def test_it_lists_all_three_legal_elements_in_order_even_when_never_recorded():
    summary = summarise(
        [
            on(date(2026, 11, 1), feelings=("distress", "other")),
            on(date(2026, 11, 2), feelings=("distress", "alarm")),
        ]
    )

    assert summary.legal_elements == (
        Tally("Alarmed", 1),
        Tally("Distressed", 2),
        Tally("Afraid that violence would be used against you", 0),
    )


def test_the_legal_elements_are_codes_the_diary_stores():
    assert set(LEGAL_ELEMENTS) <= set(Feeling.values)


def test_it_counts_the_changes_made_and_the_incidents_told_to_police_for_the_impact_summary():
    summary = summarise(
        [
            on(date(2026, 11, 1), changes=("route",), police_told=True),
            on(date(2026, 11, 2), changes=("security", "route")),
            on(date(2026, 11, 3), police_told=True),
        ]
    )

    assert summary.changes == (
        Tally("The way you travel", 2),
        Tally("Security at home (locks, cameras, alarms)", 1),
    )
    assert summary.police_told == 2


def test_it_shows_an_unknown_code_as_itself_rather_than_dropping_it():
    summary = summarise([on(date(2026, 11, 1), kinds=("retired_kind",))])

    assert summary.by_kind == (Tally("retired_kind", 1),)


# First, latest and gaps -------------------------------------------------------------------------


def test_it_finds_the_first_and_latest_dates_whatever_order_the_incidents_come_in():
    summary = summarise([on(date(2026, 10, 9)), on(date(2026, 9, 1)), on(date(2026, 11, 20))])

    assert (summary.total, summary.first_on, summary.latest_on) == (
        3,
        date(2026, 9, 1),
        date(2026, 11, 20),
    )
    assert summary.headline == "3 incidents between 1 September 2026 and 20 November 2026."


def test_it_finds_the_longest_gap_and_the_dates_either_side():
    summary = summarise(
        [on(date(2026, 9, 1)), on(date(2026, 9, 3)), on(date(2026, 10, 4)), on(date(2026, 10, 5))]
    )

    assert summary.longest_gap == Gap(31, date(2026, 9, 3), date(2026, 10, 4))
    assert summary.longest_gap.words == "31 days, between 3 September 2026 and 4 October 2026"


def test_of_two_equally_long_gaps_it_reports_the_earlier():
    summary = summarise([on(date(2026, 9, 1)), on(date(2026, 9, 11)), on(date(2026, 9, 21))])

    assert summary.longest_gap == Gap(10, date(2026, 9, 1), date(2026, 9, 11))


# Edge cases -------------------------------------------------------------------------------------


def test_with_no_incidents_it_says_so_and_divides_nothing_by_zero():
    summary = summarise([])

    assert summary.is_empty
    assert summary.total == 0
    assert summary.headline == "No incidents are recorded in this period."
    assert (summary.first_on, summary.latest_on, summary.longest_gap) == (None, None, None)
    assert summary.by_kind == summary.by_person == summary.changes == ()
    assert [tally.count for tally in summary.legal_elements] == [0, 0, 0]
    assert summary.pattern.words == "No incidents are recorded, so there is no pattern to describe."
    assert summary.buckets == ()
    assert "No incidents to show" in incidents_chart_svg(summary.chart_buckets, title="None")


def test_with_no_incidents_but_a_chosen_period_it_draws_that_period_empty():
    summary = summarise([], period_start=date(2026, 11, 2), period_end=date(2026, 11, 15))

    assert [bucket.count for bucket in summary.buckets] == [0, 0]
    assert summary.headline == "No incidents are recorded in this period."


def test_with_one_incident_there_is_no_gap_and_one_weekly_bar():
    summary = summarise([on(date(2026, 11, 18), kinds=("email",))])

    assert summary.headline == "1 incident on 18 November 2026."
    assert summary.longest_gap is None
    assert summary.bucket_unit == "week"
    assert summary.chart_buckets == [("16 Nov", 1)]


def test_with_every_incident_on_one_day_there_is_no_gap_and_one_bar():
    summary = summarise([on(date(2026, 11, 18))] * 5)

    assert summary.total == 5
    assert summary.longest_gap is None
    assert summary.chart_buckets == [("16 Nov", 5)]


# Buckets ----------------------------------------------------------------------------------------


def test_it_counts_per_iso_week_from_monday_and_fills_empty_weeks_with_zero():
    summary = summarise(
        [
            on(date(2026, 11, 1)),  # Sunday: the week beginning Monday 26 October
            on(date(2026, 11, 2)),  # Monday
            on(date(2026, 11, 8)),  # Sunday, same week
            on(date(2026, 11, 23)),
        ]
    )

    assert summary.bucket_unit == "week"
    assert summary.chart_title == "Incidents per week"
    assert summary.chart_buckets == [
        ("26 Oct", 1),
        ("2 Nov", 2),
        ("9 Nov", 0),
        ("16 Nov", 0),
        ("23 Nov", 1),
    ]
    assert summary.buckets[0].long_label == "week beginning 26 October 2026"
    assert (summary.buckets[1].start, summary.buckets[1].end) == (
        date(2026, 11, 2),
        date(2026, 11, 8),
    )


def test_weeks_run_across_the_new_year_as_iso_weeks_do():
    summary = summarise([on(date(2026, 12, 30)), on(date(2027, 1, 4))])

    assert [bucket.start for bucket in summary.buckets] == [date(2026, 12, 28), date(2027, 1, 4)]


def test_it_counts_per_month_over_three_years_and_fills_quiet_months_with_zero():
    summary = summarise(
        [on(date(2024, 1, 15)), on(date(2024, 1, 31)), on(date(2025, 6, 1)), on(date(2026, 12, 31))]
    )

    assert summary.bucket_unit == "month"
    assert summary.chart_title == "Incidents per month"
    assert len(summary.buckets) == 36
    assert summary.chart_buckets[:3] == [("Jan 2024", 2), ("Feb 2024", 0), ("Mar 2024", 0)]
    assert summary.chart_buckets[17] == ("Jun 2025", 1)
    assert summary.chart_buckets[-1] == ("Dec 2026", 1)
    assert sum(bucket.count for bucket in summary.buckets) == 4
    assert summary.buckets[-1].end == date(2026, 12, 31)


def test_26_weeks_stay_weekly_and_a_day_more_turns_monthly():
    start = date(2026, 1, 5)

    weekly = summarise([on(start), on(start + timedelta(days=26 * 7 - 1))])
    monthly = summarise([on(start), on(start + timedelta(days=26 * 7))])

    assert (weekly.bucket_unit, len(weekly.buckets)) == ("week", 26)
    assert monthly.bucket_unit == "month"


def test_a_chosen_period_widens_the_chart_but_never_hides_an_incident_outside_it():
    summary = summarise(
        [on(date(2026, 11, 10)), on(date(2026, 12, 1))],
        period_start=date(2026, 11, 2),
        period_end=date(2026, 11, 22),
    )

    assert [bucket.start for bucket in summary.buckets] == [
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]
    assert sum(bucket.count for bucket in summary.buckets) == 2


# Pattern ----------------------------------------------------------------------------------------


def test_the_pattern_is_measured_up_to_the_latest_incident_not_the_day_the_pack_is_made():
    # The case the officer read: 25 notes over six weeks, the latest 15 days before the pack.
    latest = TODAY - timedelta(days=15)
    incidents = [on(latest - timedelta(days=offset)) for offset in (*range(0, 14, 2), 14, 15)]
    incidents += [on(latest - timedelta(days=offset)) for offset in range(16, 42, 2)]

    pattern = summarise(incidents).pattern

    assert pattern.words == (
        f"7 in the 2 weeks up to {latest.day} {latest:%B %Y} (the latest incident), 8 in the 2 "
        "weeks before that. The latest incident was 15 days before this pack was made."
    )
    assert "Falling" not in pattern.words and "falling" not in pattern.words


def test_a_clear_rise_after_earlier_history_is_said_in_words():
    summary = summarise(days_before_today(*range(0, 27, 3), *range(28, 56, 7), 200))

    assert (summary.pattern.window_days, summary.pattern.latest, summary.pattern.before) == (
        28,
        9,
        4,
    )
    assert "Incidents were more frequent in the latest 4 weeks." in summary.pattern.words


def test_fewer_incidents_lately_is_stated_as_numbers_never_as_a_fall():
    summary = summarise(days_before_today(1, *range(28, 56, 4)))

    assert summary.pattern.words.startswith("1 in the 2 weeks up to")
    assert "more frequent" not in summary.pattern.words
    assert "fall" not in summary.pattern.words.lower()


def test_a_series_counts_each_time_in_the_pattern_the_counts_and_the_chart():
    summary = summarise(
        [
            on(date(2026, 11, 2), kinds=("withheld_call",), count=23, very_serious=True),
            on(date(2026, 11, 3), kinds=("letter",)),
        ]
    )

    assert (summary.total, summary.notes) == (24, 2)
    assert summary.headline.startswith("24 incidents (in 2 notes: a series counts each time)")
    assert summary.by_kind[0] == Tally("Call from a withheld number", 23)
    assert sum(bucket.count for bucket in summary.buckets) == 24
    assert summary.very_serious == 23 and summary.chart_marked == [23]
    assert "Marked very serious by the author: 23 in the latest 2 weeks" in summary.pattern.words


def test_the_pattern_of_a_period_that_ended_says_so():
    end = date(2026, 10, 31)
    summary = summarise([on(date(2026, 10, 20))], today=end, period_end=end)

    assert summary.pattern.words.endswith(
        "The latest incident was 11 days before the end of the period."
    )


@pytest.mark.parametrize(
    ("last", "previous", "direction"),
    [
        (0, 0, "about the same"),
        (1, 0, "about the same"),
        (2, 0, "rising"),
        (5, 4, "about the same"),
        (6, 4, "rising"),
        (4, 6, "falling"),
        (10, 12, "about the same"),  # 2 is a sixth of 12: not a trend
        (10, 13, "falling"),  # 3 is more than a fifth of 13
        (12, 10, "about the same"),
        (13, 10, "rising"),
        (50, 40, "about the same"),  # exactly a fifth
        (51, 40, "rising"),
    ],
)
def test_trend_words_at_the_boundaries(last, previous, direction):
    assert trend_direction(last, previous) == direction


def test_a_diary_that_starts_within_the_window_is_never_called_more_frequent():
    summary = summarise(days_before_today(1, 2, 3, 10, 12))

    assert (summary.pattern.latest, summary.pattern.before) == (5, 0)
    assert "more frequent" not in summary.pattern.words


# The chart --------------------------------------------------------------------------------------

WEEKS = [("26 Oct", 1), ("2 Nov", 2), ("9 Nov", 0), ("16 Nov", 9), ("23 Nov", 4)]


def test_the_chart_is_well_formed_xml_with_role_img_a_title_and_a_description():
    svg = incidents_chart_svg(WEEKS, title="Incidents per week")
    root = parse(svg)

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Incidents per week"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert desc.text == (
        "5 bars from 26 Oct to 23 Nov, 16 incidents in all. The most in one bar was 9 (16 Nov). "
        "Each bar: 26 Oct: 1; 2 Nov: 2; 9 Nov: 0; 16 Nov: 9; 23 Nov: 4."
    )


def test_the_chart_has_one_bar_per_bucket_and_taller_bars_for_bigger_counts():
    rects = bars(incidents_chart_svg(WEEKS, title="Incidents per week"))

    heights = [float(rect.get("height")) for rect in rects]
    assert len(rects) == len(WEEKS)
    assert heights[2] == 0
    assert heights[3] == max(heights)
    assert heights[1] == pytest.approx(2 * heights[0])


def test_the_chart_has_a_y_axis_of_round_ticks_reaching_the_highest_count():
    root = parse(incidents_chart_svg(WEEKS, title="Incidents per week"))
    axis = next(group for group in root.iter(f"{SVG}g") if group.get("class") == "y-axis")

    assert [text.text for text in axis.iter(f"{SVG}text")] == ["0", "5", "10"]


def test_the_chart_refers_to_nothing_outside_itself():
    svg = incidents_chart_svg(WEEKS, title="Incidents per week")

    assert "<script" not in svg.lower()
    assert "href" not in svg.lower()
    assert "url(" not in svg.lower()
    assert "@import" not in svg
    assert 'font-family="sans-serif"' in svg


def test_the_chart_escapes_labels_and_title():
    hostile = '<b>&"'
    svg = incidents_chart_svg([(hostile, 3), ("next", 1)], title=f"Chart {hostile}")
    root = parse(svg)

    assert "<b>" not in svg
    assert "&lt;b&gt;&amp;&quot;" in svg
    assert root.find(f"{SVG}title").text == f"Chart {hostile}"
    assert hostile in [text.text for text in root.iter(f"{SVG}text")]
    assert f"{hostile}: 3" in root.find(f"{SVG}desc").text


def test_the_chart_survives_characters_xml_cannot_hold():
    root = parse(incidents_chart_svg([("a\x00b", 1)], title="bell\x07"))

    assert root.find(f"{SVG}title").text == "bell\ufffd"


def test_the_chart_makes_a_hostile_id_prefix_safe():
    root = parse(incidents_chart_svg(WEEKS, title="t", id_prefix='9" onload="x'))

    assert root.find(f"{SVG}title").get("id") == "chart-9-onload-x-title"
    assert root.get("onload") is None


def test_the_chart_thins_x_labels_so_they_do_not_overlap():
    summary = summarise([on(date(2024, 1, 15)), on(date(2026, 12, 31))])
    root = parse(incidents_chart_svg(summary.chart_buckets, title="Per month"))
    axis = next(group for group in root.iter(f"{SVG}g") if group.get("class") == "x-axis")
    positions = [float(text.get("x")) for text in axis.iter(f"{SVG}text")]
    label_width = len("Jan 2024") * 0.62 * 11

    assert 3 <= len(positions) < 36
    assert all(b - a >= label_width for a, b in zip(positions, positions[1:], strict=False))
    assert all(label_width / 2 <= x <= 640 - label_width / 2 for x in positions)


def test_the_chart_with_every_count_zero_still_draws_an_axis():
    root = parse(incidents_chart_svg([("2 Nov", 0), ("9 Nov", 0)], title="Quiet"))

    assert len([rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]) == 2
    axis = next(group for group in root.iter(f"{SVG}g") if group.get("class") == "y-axis")
    assert [text.text for text in axis.iter(f"{SVG}text")] == ["0", "1"]


def test_the_very_serious_part_of_each_bar_is_drawn_dark_with_a_key_and_in_words():
    svg = incidents_chart_svg(WEEKS, title="Incidents per week", marked=[0, 1, 0, 3, 0])
    root = parse(svg)

    marked = [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar-marked"]
    whole = bars(svg)
    assert len(marked) == 2
    assert float(marked[1].get("height")) == pytest.approx(float(whole[3].get("height")) / 3)
    assert "Very serious" in [text.text for text in root.iter(f"{SVG}text")]
    assert "Very serious, drawn dark at the foot of its bar: 2 Nov: 1; 16 Nov: 3." in (
        root.find(f"{SVG}desc").text
    )
