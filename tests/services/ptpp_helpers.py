"""Helpers of the meeting / PTPP / notulen service tests: answered forms and a period at a step."""

from __future__ import annotations

import datetime as dt

from ikm_tui.domain import sop
from ikm_tui.domain.regimes import get_regime
from ikm_tui.persistence.models import AnswerRow, RespondentRow
from ikm_tui.persistence.records import PeriodRecord, UserRecord
from ikm_tui.services.registry import Services
from tests.services.conftest import START, approve_questionnaire, sign_through

REGIME = "permenpanrb-14-2017"


def answer_forms(period_id: int, values: dict[str, list[int]], now: dt.datetime = START) -> None:
    """One respondent per position of the lists: `values[key][i]` is form i's answer to `key`;
    unsur not named get 4."""
    keys = [u.key for u in get_regime(REGIME).unsur]
    count = max(len(v) for v in values.values())
    first = RespondentRow.select().where(RespondentRow.period == period_id).count() + 1
    for index in range(count):
        respondent = RespondentRow.create(
            period=period_id, nomor=first + index, created_at=now, updated_at=now
        )
        for key in keys:
            answers = values.get(key)
            AnswerRow.create(
                respondent=respondent.id,
                period=period_id,
                unsur_key=key,
                value=answers[index % len(answers)] if answers else 4,
            )


def period_at_meeting(
    services: Services,
    users: dict[str, UserRecord],
    name: str,
    start: dt.date,
    values: dict[str, list[int]],
) -> PeriodRecord:
    """A period with answered forms, collection closed and its laporan approved (step 6)."""
    period = services.periods.create(name, users["staf"], start_date=start)
    approve_questionnaire(services, users, period.id)
    answer_forms(period.id, values)
    services.workflow.close_collection(period.id, users["staf"])
    laporan = services.signoff.create(
        period.id, sop.LAPORAN, f"Laporan {name}", {"ikm": "x"}, users["staf"]
    )
    sign_through(services, users, laporan.id)
    return services.periods.get(period.id)


# waktu (U3) 2,5 -> konversi 62,50 mutu D; sarana 3,0 -> 75,00 C; everything else 4 (A)
WEAK = {"waktu": [2, 3], "sarana": [3, 3]}
# the next period: waktu 3,5 -> 87,50 B (better), sarana 2,5 -> 62,50 D (worse)
NEXT = {"waktu": [4, 3], "sarana": [2, 3]}
