"""Small builders shared by the ticket tests."""
import uuid


def ticket_body(**overrides) -> dict:
    body = {"type": "question", "subject": "Toegang tot MyGov", "description": "Ik kan niet inloggen met itsme.",
            "language": "nl", "email": "jan.peeters@example.be", "name": "Jan Peeters", "channel": "chat",
            "faq_entries_offered": [3, 7]}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def create(client, **overrides) -> dict:
    r = client.post("/tickets", json=ticket_body(**overrides), headers={"Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 201, r.text
    return r.json()
