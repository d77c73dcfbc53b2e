"""Writes: every change people make to claims goes through a function here.

- ``reviews``: reviewers' verdicts, and the claim status they lead to.
- ``queue``: leasing claims to reviewers, skipping and releasing them.
- ``adjudication``: editors settling disputed claims.
- ``snapshots``: the states of reviews and rulings the audit history records.

A claim's own changes (span corrections, rejection, split, merge, trim) and deletions are
provenance's (``provenance.services.claims``, ``deletions``); this app builds on them.
"""
