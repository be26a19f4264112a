"""Python constants for the ontology's labels and relationship types.

Generated from ``ontology/kg.ttl``; ``tests/test_ontology.py`` fails when the
two disagree, so the Turtle file stays the source of truth.
"""

from __future__ import annotations

from typing import Final


class L:
    """Node labels."""

    AGENCY: Final = "Agency"
    COAL_MINE: Final = "CoalMine"
    DOCUMENT: Final = "Document"
    ENTERPRISE: Final = "Enterprise"
    EVENT: Final = "Event"
    GAZETTE: Final = "Gazette"
    GROUP: Final = "Group"
    PERSON: Final = "Person"
    PLACE: Final = "Place"
    PLAN: Final = "Plan"
    POST: Final = "Post"
    TASK: Final = "Task"
    UNREAD_REGION: Final = "UnreadRegion"


class R:
    """Relationship types."""

    ADDRESSED_TO: Final = "ADDRESSED_TO"
    APPOINTED_TO: Final = "APPOINTED_TO"
    ATTACHES: Final = "ATTACHES"
    CITES: Final = "CITES"
    HAS_TASK: Final = "HAS_TASK"
    HOLDS_POST: Final = "HOLDS_POST"
    INVOLVES: Final = "INVOLVES"
    ISSUED_BY: Final = "ISSUED_BY"
    LEADS: Final = "LEADS"
    LEFT_UNREAD: Final = "LEFT_UNREAD"
    LOCATED_IN: Final = "LOCATED_IN"
    MEMBER_OF: Final = "MEMBER_OF"
    OWNED_BY: Final = "OWNED_BY"
    PART_OF: Final = "PART_OF"
    POST_OF: Final = "POST_OF"
    PUBLISHED_IN: Final = "PUBLISHED_IN"
    RECORDS: Final = "RECORDS"
    REMOVED_FROM: Final = "REMOVED_FROM"
    REPEALS: Final = "REPEALS"
    RESPONSIBLE_FOR: Final = "RESPONSIBLE_FOR"
    SET_UP_BY: Final = "SET_UP_BY"
    SUPERVISES: Final = "SUPERVISES"
    SUPPORTS: Final = "SUPPORTS"


def labels() -> list[str]:
    return sorted(v for k, v in vars(L).items() if k.isupper())


def rel_types() -> list[str]:
    return sorted(v for k, v in vars(R).items() if k.isupper())
