"""Return keys: a fresh secret per work pack, HMAC-SHA256 over a return, revoke and rotate.

Each pack carries a new random 32-byte secret issued to its assessor for its round (its id
is the pack's id). The assessor's workspace keeps it and authenticates every return with
HMAC-SHA256 over the manifest's canonical content, which holds the hash of every record.
The coordinator merges a return only when that MAC verifies with a live key issued to the
manifest's assessor for the manifest's round.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from hashlib import sha256
from typing import Any

from arf_desktop.domain.errors import NotFound
from arf_desktop.exchange.manifest import encode
from arf_desktop.registers.assessors import require_assessor
from arf_desktop.registers.rounds import require_round
from arf_desktop.storage import exchange_keys as key_repo
from arf_desktop.storage import rounds as round_repo
from arf_desktop.storage.workspace import Workspace, WriteTx

METHOD = "hmac-sha256"
AUTH_FIELD = "authentication"
UNSIGNED_FIELDS = (AUTH_FIELD, "manifest_digest")


@dataclass(frozen=True)
class KeysRevoked:
    assessor: str
    round: str | None
    revoked: int


def issue_key(tx: WriteTx, key_id: str, round_id: int, assessor_id: int) -> str:
    """A fresh secret for one pack, stored in this workspace; returned as hex for the pack."""
    secret = secrets.token_bytes(32).hex()
    key_repo.insert_key(tx, key_id, round_id, assessor_id, secret)
    return secret


def mac(manifest: dict[str, Any], secret_hex: str) -> str:
    """HMAC-SHA256 (hex) of the manifest's canonical JSON without its MAC and own digest."""
    body = {k: v for k, v in manifest.items() if k not in UNSIGNED_FIELDS}
    return hmac.new(bytes.fromhex(secret_hex), encode(body), sha256).hexdigest()


def authentication(manifest: dict[str, Any], secret_hex: str) -> dict[str, str]:
    return {"method": METHOD, "mac": mac(manifest, secret_hex)}


def authentication_problems(conn: Any, manifest: dict[str, Any]) -> list[str]:
    """Why this return is not authenticated for its assessor and round (empty: it is)."""
    key = key_repo.find_key(conn, manifest["pack_id"])
    who, round_ = manifest["assessor"], manifest["round"]
    if key is None:
        return [
            f"its work pack {manifest['pack_id']} was never issued by this workspace, so the "
            "return cannot be authenticated."
        ]
    given = manifest.get(AUTH_FIELD, {}).get("mac", "")
    if not hmac.compare_digest(mac(manifest, key.secret), given):
        return [
            "it is not authenticated by the key of its work pack: it was changed, or made "
            "outside the assessor's workspace."
        ]
    reasons = []
    if key.assessor_id != who["id"]:
        reasons.append(
            f"its work pack was issued to another assessor, not {who['name']}: a return may "
            "only carry its own assessor's scores."
        )
    if key.round_id != round_["id"]:
        issued = round_repo.get_round(conn, key.round_id).name
        reasons.append(
            f"its work pack was issued for “{issued}”, not “{round_['name']}”: a return "
            "cannot be replayed into another round."
        )
    if not key.live:
        reasons.append(
            f"the key of its work pack was revoked ({key.revoke_reason or 'no reason given'}); "
            f"{who['name']} must import a new work pack and export the return again."
        )
    return reasons


def revoke_keys(
    workspace: Workspace, actor: str, assessor_name: str, round_name: str | None, reason: str
) -> KeysRevoked:
    """Revoke every live key of an assessor (in one round, or all): their returns stop merging."""
    assessor = require_assessor(workspace, assessor_name)
    chosen = require_round(workspace, round_name) if round_name else None
    with workspace.write(actor) as tx:
        live = [
            k.key_id
            for k in key_repo.keys_of(tx.connection, assessor.id, chosen.id if chosen else None)
            if k.live
        ]
        if not live:
            where = f" in “{chosen.name}”" if chosen else ""
            raise NotFound(f"{assessor.name} holds no live return key{where}.")
        text = reason.strip() or "revoked by the coordinator"
        key_repo.revoke(tx, live, text)
        tx.audit(
            "exchange.key_revoke",
            "assessor",
            assessor.id,
            {"keys": live, "round": chosen.name if chosen else None, "reason": text},
        )
    return KeysRevoked(assessor.name, chosen.name if chosen else None, len(live))
