"""What provenance tells the apps built on it, which it does not import.

``claims_released``: these claims' text changed, they were rejected or they were assigned
to a reviewer, inside the transaction that did it, so whatever is held on them for review
(the queue's leases, ``annotations``) no longer applies. Sent with ``claim_ids``.
"""

from django.dispatch import Signal

claims_released = Signal()
