"""Login lockout with two limits: one user name from one address, and one address for all
user names together.

django-axes counts failures per lockout parameter and compares the largest count with one
limit. A desk behind one office address needs a looser limit for the address than for a pair,
or one colleague's typos would lock everyone out; yet an attacker trying one password on many
accounts must be slowed. So the limit axes asks for depends on the pair: while the pair is
under its own limit, the address's larger limit applies.

A successful login clears only that user's failures at that address: clearing the address's
count as well would let anyone with one working account reset it between guesses.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

# The order of ``AXES_LOCKOUT_PARAMETERS``: the pair first, the address second.
_PAIR, _ADDRESS = 0, 1


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failure_limit(request, credentials) -> int:
    """The limit for this login: the pair's while the pair has reached it, else the
    address's (which the largest count, usually the address's, must reach)."""
    pair = _failures(AxesDatabaseHandler().get_user_attempts(request, credentials)[_PAIR])
    if pair >= settings.LOGIN_FAILURE_LIMIT:
        return settings.LOGIN_FAILURE_LIMIT
    return settings.LOGIN_ADDRESS_FAILURE_LIMIT


class PairResetHandler(AxesDatabaseHandler):
    def reset_user_attempts(self, request, credentials=None) -> int:
        deleted, _ = self.filter_user_attempts(request, credentials)[_PAIR].delete()
        return deleted
