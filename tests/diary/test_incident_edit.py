"""Changing a note: every save is a new version, and a stale form never overwrites a newer one."""

from datetime import UTC, date, datetime, time

from django.urls import reverse

from diary.models import Incident
from diary.services import incident_update
from tests.diary.pages import form_values, visible_text
from tests.factories import PersonFactory, make_incident


def _edit_url(incident) -> str:
    return reverse("diary:incident_edit", kwargs={"incident_id": incident.pk})


def _open_edit_form(client, incident) -> dict:
    """What the browser would send back if the person opened the form and pressed Save."""
    values = form_values(client.get(_edit_url(incident)), containing="narrative")
    values["save"] = [""]
    return values


def _actions(incident) -> list[str]:
    return list(incident.revisions.order_by("sequence").values_list("action", flat=True))


def test_the_edit_form_shows_what_was_saved(signed_in_client, user):
    person = PersonFactory(owner=user)
    incident = make_incident(
        user,
        narrative="He waited by the gate.",
        kinds=["loitering", "following"],
        persons=[person],
        location="Park Road",
        police_told="yes",
        police_reference="WY/1234/26",
    )

    values = _open_edit_form(signed_in_client, incident)

    assert values["occurred_on_0"] == ["14"]
    assert values["occurred_on_1"] == ["3"]
    assert values["occurred_on_2"] == ["2026"]
    assert values["occurred_time"] == ["21:30"]
    assert values["narrative"] == ["He waited by the gate."]
    assert sorted(values["kinds"]) == ["following", "loitering"]
    assert values["persons"] == [str(person.pk)]
    assert values["location"] == ["Park Road"]
    assert values["police_told"] == ["yes"]
    assert values["police_reference"] == ["WY/1234/26"]


def test_changing_a_note_saves_a_new_version_and_says_edited_1_time(signed_in_client, user):
    incident = make_incident(user, narrative="A letter.")
    values = _open_edit_form(signed_in_client, incident)
    values["narrative"] = ["A letter, and a second one the next morning."]

    response = signed_in_client.post(_edit_url(incident), values)

    assert response.status_code == 302
    assert response.url == reverse("diary:incident", kwargs={"incident_id": incident.pk})
    incident.refresh_from_db()
    assert incident.narrative == "A letter, and a second one the next morning."
    assert _actions(incident) == ["create", "edit"]
    page = visible_text(signed_in_client.get(response.url))
    assert "Your changes have been saved." in page
    assert "Edited 1 time – see history" in page
    assert "A letter, and a second one the next morning." in page


def test_two_edits_say_edited_2_times(signed_in_client, user):
    incident = make_incident(user)
    for words in ("Once more.", "And again."):
        values = _open_edit_form(signed_in_client, incident)
        values["narrative"] = [words]
        signed_in_client.post(_edit_url(incident), values)

    page = visible_text(signed_in_client.get(reverse("diary:incident", args=[incident.pk])))

    assert "Edited 2 times – see history" in page


def test_saving_the_form_unchanged_keeps_every_detail(signed_in_client, user):
    person = PersonFactory(owner=user)
    incident = make_incident(
        user,
        kinds=["withheld_call", "phone_call"],
        persons=[person],
        feelings=["alarm", "distress"],
        changes=["route"],
        police_told="yes",
        police_told_on=date(2026, 3, 15),
        vehicle_registration="AB12 CDE",
    )

    signed_in_client.post(_edit_url(incident), _open_edit_form(signed_in_client, incident))

    before, after = (r.snapshot for r in incident.revisions.order_by("sequence"))
    ignored = {"action", "revised_at"}
    assert {k: v for k, v in before.items() if k not in ignored} == {
        k: v for k, v in after.items() if k not in ignored
    }


def test_an_unknown_time_stays_unknown_after_an_edit(signed_in_client, user):
    incident = make_incident(user, occurred_time=None)
    values = _open_edit_form(signed_in_client, incident)
    assert values["time_unknown"] == ["on"]
    values["narrative"] = ["More detail."]

    signed_in_client.post(_edit_url(incident), values)

    incident.refresh_from_db()
    assert incident.occurred_time is None
    assert incident.narrative == "More detail."


def test_an_end_time_survives_an_edit(signed_in_client, user):
    incident = make_incident(user)
    values = _open_edit_form(signed_in_client, incident)
    values["ended_time"] = ["10:15pm"]
    signed_in_client.post(_edit_url(incident), values)

    values = _open_edit_form(signed_in_client, incident)
    assert values["ended_time"] == ["22:15"]
    signed_in_client.post(_edit_url(incident), values)

    page = visible_text(signed_in_client.get(reverse("diary:incident", args=[incident.pk])))
    assert "at 9:30pm until 10:15pm" in page


def test_a_person_can_be_taken_off_a_note(signed_in_client, user):
    person = PersonFactory(owner=user, name="Wrong person")
    incident = make_incident(user, persons=[person])
    values = _open_edit_form(signed_in_client, incident)
    del values["persons"]

    signed_in_client.post(_edit_url(incident), values)

    assert not incident.persons.exists()


def test_a_draft_saved_from_its_edit_page_becomes_part_of_the_record(signed_in_client, user):
    draft = make_incident(user, is_draft=True)

    signed_in_client.post(_edit_url(draft), _open_edit_form(signed_in_client, draft))

    draft.refresh_from_db()
    assert draft.is_draft is False
    assert _actions(draft) == ["create"]
    page = visible_text(signed_in_client.get(reverse("diary:incident", args=[draft.pk])))
    assert "This is a draft" not in page
    assert "Not changed since it was written" in page


def test_a_saved_note_cannot_go_back_to_being_a_draft(signed_in_client, user):
    incident = make_incident(user)
    values = _open_edit_form(signed_in_client, incident)
    del values["save"]
    values["save_draft"] = [""]

    signed_in_client.post(_edit_url(incident), values)

    incident.refresh_from_db()
    assert incident.is_draft is False
    assert _actions(incident) == ["create", "edit"]


def _changed_elsewhere(incident, narrative: str) -> None:
    """Another tab or device saves the note after this one opened its form."""
    incident_update(
        incident=incident,
        values={
            "occurred_on": date(2026, 3, 14),
            "occurred_time": time(21, 30),
            "timezone": "Europe/London",
            "narrative": narrative,
        },
        kinds=["letter"],
    )


def test_a_stale_edit_is_refused_and_both_versions_are_shown(signed_in_client, user):
    incident = make_incident(user, narrative="The first words.")
    stale = _open_edit_form(signed_in_client, incident)
    _changed_elsewhere(incident, "Saved on my phone in the meantime.")
    stale["narrative"] = ["Typed on the laptop, not to be lost."]

    response = signed_in_client.post(_edit_url(incident), stale)

    assert response.status_code == 200
    page = visible_text(response)
    assert "This note was changed somewhere else" in page
    assert "The saved version" in page
    assert "Saved on my phone in the meantime." in page
    assert form_values(response, containing="narrative")["narrative"] == [
        "Typed on the laptop, not to be lost."
    ]
    incident.refresh_from_db()
    assert incident.narrative == "Saved on my phone in the meantime."
    assert _actions(incident) == ["create", "edit"]


def test_saving_again_after_a_conflict_keeps_my_version(signed_in_client, user):
    incident = make_incident(user, narrative="The first words.")
    stale = _open_edit_form(signed_in_client, incident)
    _changed_elsewhere(incident, "Saved on my phone in the meantime.")
    stale["narrative"] = ["Typed on the laptop, not to be lost."]
    conflict = signed_in_client.post(_edit_url(incident), stale)
    again = form_values(conflict, containing="narrative")
    again["save"] = [""]

    response = signed_in_client.post(_edit_url(incident), again)

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.narrative == "Typed on the laptop, not to be lost."
    assert _actions(incident) == ["create", "edit", "edit"]


def test_two_saves_from_the_same_open_form_do_not_write_over_a_newer_version(
    signed_in_client, user
):
    incident = make_incident(user, narrative="The first words.")
    first_tab = _open_edit_form(signed_in_client, incident)
    second_tab = _open_edit_form(signed_in_client, incident)
    first_tab["narrative"] = ["From the first tab."]
    second_tab["narrative"] = ["From the second tab."]

    assert signed_in_client.post(_edit_url(incident), first_tab).status_code == 302
    response = signed_in_client.post(_edit_url(incident), second_tab)

    assert "This note was changed somewhere else" in visible_text(response)
    assert Incident.objects.get().narrative == "From the first tab."


def test_a_form_with_errors_saves_nothing_and_keeps_what_was_typed(signed_in_client, user):
    incident = make_incident(user, narrative="Kept.")
    values = _open_edit_form(signed_in_client, incident)
    values["narrative"] = ["New words I typed."]
    values["occurred_time"] = ["half nine"]

    response = signed_in_client.post(_edit_url(incident), values)

    assert response.status_code == 200
    assert "Enter the time like 9:30pm or 21:30" in visible_text(response)
    assert form_values(response, containing="narrative")["narrative"] == ["New words I typed."]
    incident.refresh_from_db()
    assert incident.narrative == "Kept."
    assert _actions(incident) == ["create"]


def test_editing_the_words_keeps_the_moment_it_happened_after_a_time_zone_change(
    signed_in_client, user
):
    incident = make_incident(user, narrative="In London.")
    happened_at = incident.occurred_at
    user.timezone = "America/New_York"
    user.save()
    values = _open_edit_form(signed_in_client, incident)
    values["narrative"] = ["In London, more detail."]

    signed_in_client.post(_edit_url(incident), values)

    incident.refresh_from_db()
    assert incident.narrative == "In London, more detail."
    assert incident.occurred_at == happened_at


def test_a_note_last_saved_in_the_hour_the_clocks_went_back_can_still_be_changed(
    signed_in_client, user
):
    incident = make_incident(user, narrative="Before.")
    # 00:30 UTC on 25 October 2026 is 1:30am in London, an hour that happens twice that night.
    Incident.objects.filter(pk=incident.pk).update(
        updated_at=datetime(2026, 10, 25, 0, 30, 15, tzinfo=UTC)
    )
    values = _open_edit_form(signed_in_client, incident)
    values["narrative"] = ["After."]

    response = signed_in_client.post(_edit_url(incident), values)

    assert response.status_code == 302, visible_text(response)[:600]
    incident.refresh_from_db()
    assert incident.narrative == "After."
