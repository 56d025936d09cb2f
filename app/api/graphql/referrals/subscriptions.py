"""Following referrals: each change to one the subscriber may see, as it happens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import strawberry

from app.api.graphql.referrals.types import Referral
from app.api.graphql.rows import build
from app.api.graphql.subscriptions import ChangeEvent, Followed, follow
from app.persistence.tables.referrals import Referral as ReferralRow
from app.services import referrals as service

REFERRALS = Followed(
    kind="referral",
    node="Referral",
    model=ReferralRow,
    path="/referrals/{referral_id}",
    read=service.get_referral,
)


@strawberry.type(description="A referral changed: the event, and the referral as it is now.")
class ReferralChange:
    event: ChangeEvent
    referral: Referral


def _change(event: ChangeEvent, row: ReferralRow) -> ReferralChange:
    return ReferralChange(event=event, referral=build(Referral, row))


@strawberry.type
class ReferralSubscriptions:
    @strawberry.subscription(
        description="Changes to the referrals you may see (or to one of them), from now on or "
        "after a cursor you received."
    )
    async def referral_changed(
        self,
        info: strawberry.Info,
        id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Follow this referral only."),
        ] = None,
        after: Annotated[
            str | None,
            strawberry.argument(description="The last `event.cursor` you received."),
        ] = None,
    ) -> AsyncIterator[ReferralChange]:
        return await follow(info, REFERRALS, _change, id, after)
