"""The text pipeline: plain Python, no Django.

Each module does one step and can be imported and tested without a database:

- ``decoding``: bytes to text, refusing binary and undecodable input.
- ``readers``: ``.txt``, ``.html`` and ``.jsonl`` files to ``RawArticle`` records.
- ``cleaning``: boilerplate removal with a recorded reason for every removed span.
- ``splitting``: article text to claim spans with exact offsets.
- ``attribution``: who said each claim and through whom it was relayed.
- ``quantities``: numbers with their qualifiers as intervals.
- ``contradiction``: keys for candidate pairing and typed detectors on pairs.
"""
