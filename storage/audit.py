"""The audit trail of changes to organizations and pledges."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from storage.models import AuditEvent


def record_event(session: Session, *, actor_pledger_id: int | None, action: str, entity: str,
                 entity_id: str, details: dict[str, Any] | None = None) -> None:
    session.add(AuditEvent(actor_pledger_id=actor_pledger_id, action=action, entity=entity,
                           entity_id=entity_id, details=details or {}))
