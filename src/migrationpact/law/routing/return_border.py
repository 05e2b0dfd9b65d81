"""What follows a negative decision in the asylum border procedure.

The asylum border procedure lasts at most 12 weeks (16 weeks after relocation), court stages
included (APR Art. 51(2)). When it ends without a right to stay, the person is not simply let in:
if the application was rejected and the person has no right to remain — no right under
Art. 10(4)(a) or (c), or no automatic right to remain under Art. 68 and no timely request to be
allowed to remain, or a court refused that request — the return border procedure follows
(APR Art. 43(3), 51(2); RBPR Art. 4), at or near the border for at most 12 more weeks (RBP-01).
Otherwise entry is authorised once the maximum duration has passed.
"""

from __future__ import annotations

from migrationpact.law.routing.context import Context, cite
from migrationpact.law.routing.explain import Node
from migrationpact.law.text import Text


def return_border_node(ctx: Context) -> Node:
    """The APR-R9 node for a case in the border procedure."""
    relocated = ctx.facts.entry == "relocation"
    weeks = 16 if relocated else 12
    limit = "APR-17" if relocated else "APR-16"
    return Node(
        "APR-R9",
        Text("After a negative decision in the border procedure"),
        Text("return border procedure"),
        ctx.fact("entry"),
        (
            cite("APR", "43", "3"),
            cite("APR", "51", "2"),
            cite("APR", "10", "4"),
            cite("APR", "68", "3"),
            cite("RBPR", "4"),
            cite("RBPR", "4", "2"),
        ),
        reason=Text(
            "The border procedure ends at the latest after %(weeks)s weeks (%(limit)s). If the "
            "application is rejected and the person has no right to remain (Art. 10(4)(a) or (c); "
            "no automatic right under Art. 68 and no timely request to remain; or a court refused "
            "it), the return border procedure follows and RBP-01 (12 weeks) starts on the day the "
            "right to remain ends. In every other case entry is authorised when the maximum "
            "duration has passed.",
            weeks=weeks,
            limit=limit,
        ),
    )
