"""Writes: every change people make to claims goes through a function here.

- ``reviews``: reviewers' verdicts, and the claim status they lead to.
- ``queue``: leasing claims to reviewers, skipping and releasing them.
- ``adjudication``: editors settling disputed claims.
- ``claims``: editors correcting a claim's span or rejecting it.
- ``snapshots``: the states the audit history records before and after a change.
"""
