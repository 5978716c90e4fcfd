"""Importers: FIT, GPX, TCX, the Strava bulk export and CSV logs -> validated activity records.

Readers (``fit``, ``gpx_tcx``, ``strava``, ``csvlog``) turn one file into
:class:`~risk.ingest.activity.Activity` records or raise
:class:`~risk.ingest.activity.Rejected` with a message for the runner; ``sources`` walks
files, folders and zips safely; ``pipeline`` previews an import against the store and
writes it, one transaction per file.
"""
