"""secfound's catalog, framework mappings, evidence and open failures as OSCAL documents.

``secfound controls export --oscal DIR`` writes, as plain JSON (no OSCAL library is needed
at run time; the tests validate every document with compliance-trestle's models):

* ``catalog.json``: the control objectives as a catalog (``catalog``);
* ``profile-<framework>.json``: each framework's requirements over that catalog
  (``profile``);
* ``assessment-results.json``: the stored evidence and every objective's state
  (``results``);
* ``poam.json``: the failing objectives as a plan of action and milestones (``poam``).

``common`` holds what they share: the namespace of secfound's property names, the
deterministic UUIDs and the metadata. docs/controls.md describes the mapping for readers.
"""

from __future__ import annotations

from secfound.controls.oscal.catalog import catalog_document
from secfound.controls.oscal.common import NS, OSCAL_VERSION, CheckRef
from secfound.controls.oscal.poam import poam_document
from secfound.controls.oscal.profile import profile_document
from secfound.controls.oscal.results import results_document

__all__ = [
    "NS",
    "OSCAL_VERSION",
    "CheckRef",
    "catalog_document",
    "poam_document",
    "profile_document",
    "results_document",
]
