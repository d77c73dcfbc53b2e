"""Writes: every change to provenance data goes through a function here.

- ``ingest``: articles in, whole or not at all, with their claims and suggested attributions.
- ``sources``: matching mentions to the source registry.
- ``attributions``: storing suggestions and reviewers' decisions.
- ``claims``: reviewers' corrections of claims (split, merge, trim, reject).
- ``flagging``: contradiction flags and corroboration.
- ``history``: the audit trail every change writes to.
"""
