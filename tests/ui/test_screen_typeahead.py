"""Keys typed in one burst with the key that opens a screen land in that screen, in order."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot

from ikm_tui.persistence.models import AnswerRow, RespondentRow
from ikm_tui.services.entry_layout import BatchConstants
from ikm_tui.ui.screens.entry import EntryScreen
from ikm_tui.ui.screens.period import PeriodScreen
from tests.ui.conftest import PASSWORD, Office, log_in, settle


def burst(pilot: Pilot[object], keys: list[str]) -> None:
    """Queue every key on the app at once, as a terminal driver does when a slow link delivers
    them together (Pilot.press waits for the app to go idle between keys)."""
    for key in keys:
        character = key if len(key) == 1 else ("\r" if key == "enter" else None)
        pilot.app.post_message(events.Key(key, character))


def _approve_questionnaire(office: Office) -> None:
    """Three jenis layanan on the form, then the three signatures: step 4 is open."""
    for kode, nama in (("KTP", "Pengantar KTP-el"), ("KK", "Kartu Keluarga"), ("IMB", "IMB")):
        service = office.services.periods.add_service_type(kode, nama, office.users["admin"])
        office.services.periods.add_period_service(
            office.period.id, service.id, office.users["sari"]
        )
    document = office.services.signoff.latest(office.period.id, "kuesioner")
    assert document is not None
    office.services.signoff.submit(document.id, office.users["sari"], PASSWORD)
    office.services.signoff.approve(document.id, office.users["budi"], PASSWORD)
    office.services.signoff.approve(document.id, office.users["camat"], PASSWORD)


async def test_form_typed_right_after_e_is_stored(office: Office) -> None:
    """Over a slow SSH link the clerk presses e and types the first form at once; no key of
    that form may be lost or land on the period screen."""
    _approve_questionnaire(office)
    layout = office.services.entry.layout(office.period.id)
    profile = ["1", "3", "4", "3", "2"]  # JK, usia 34, pendidikan, pekerjaan
    answers = ["4", "3", "2", "1", "0", "4", "3", "2", "1"][: len(layout.unsur_keys)]
    async with office.app().run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        pilot.app.push_screen(PeriodScreen(office.period.id))
        await settle(pilot)
        service_keys = []
        fields = layout.fields_for(BatchConstants())
        if fields[0].key == "jenis_layanan":
            service_keys = list(layout.services[0][0])
        burst(pilot, ["e", *service_keys, *profile, *answers, "enter"])
        await settle(pilot)
        assert isinstance(pilot.app.screen, EntryScreen)
    stored = list(RespondentRow.select().where(RespondentRow.period == office.period.id))
    assert len(stored) == 1
    assert (stored[0].jenis_kelamin, stored[0].usia, stored[0].pendidikan, stored[0].pekerjaan) == (
        "1",
        34,
        "3",
        "2",
    )
    values = {
        a.unsur_key: a.value for a in AnswerRow.select().where(AnswerRow.respondent == stored[0].id)
    }
    assert [values[key] for key in layout.unsur_keys] == [
        None if key == "0" else int(key) for key in answers
    ]


async def test_twenty_forms_queued_at_once_are_stored_exactly(office: Office) -> None:
    """20 forms' keys queued on the app before any is processed, refused keys among them."""
    import random

    _approve_questionnaire(office)
    layout = office.services.entry.layout(office.period.id)
    with_service = layout.fields_for(BatchConstants())[0].key == "jenis_layanan"
    assert with_service and len(layout.services) == 3
    rng = random.Random(7)
    keys: list[str] = []
    expected: list[tuple[object, ...]] = []
    for _ in range(20):
        service = rng.choice(layout.services) if layout.services else ("", None, "")
        usia = rng.randint(17, 80)
        profile = [rng.choice("12"), *f"{usia:02d}", rng.choice("123"), rng.choice("123")]
        answers = [rng.choice("012345") for _ in layout.unsur_keys]  # 5 is refused, cursor stays
        typed = [a for a in answers if a != "5"]
        typed += ["4"] * (len(layout.unsur_keys) - len(typed))  # refill what 5 did not store
        keys += [
            *(list(service[0]) if with_service else []),
            *profile,
            *answers,
            *["4"] * (len(layout.unsur_keys) - len([a for a in answers if a != "5"])),
            "x",
            "enter",
        ]
        expected.append(
            (
                service[1] if with_service else None,
                profile[0],
                usia,
                profile[3],
                profile[4],
                [None if a == "0" else int(a) for a in typed],
            )
        )
    async with office.app().run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        pilot.app.push_screen(EntryScreen(office.period.id))
        await settle(pilot)
        burst(pilot, keys)
        await settle(pilot, rounds=60)
    rows = list(
        RespondentRow.select()
        .where(RespondentRow.period == office.period.id)
        .order_by(RespondentRow.nomor)
    )
    stored = []
    for row in rows:
        values = {
            a.unsur_key: a.value for a in AnswerRow.select().where(AnswerRow.respondent == row.id)
        }
        stored.append(
            (
                (row.service_type_id if with_service else None),
                row.jenis_kelamin,
                row.usia,
                row.pendidikan,
                row.pekerjaan,
                [values[key] for key in layout.unsur_keys],
            )
        )
    assert stored == expected
