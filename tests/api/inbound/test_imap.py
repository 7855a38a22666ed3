"""The IMAP mode against a real Dovecot: the poller reads unseen mail, threads it, and flags it \\Seen after the
commit; a message delivered again is fetched again and adds nothing."""
import imaplib

import pytest

from api.inbound.imap import poll_once
from tests.api.inbound import dovecot
from tests.api.inbound.mails import mail
from tests.api.inbound.test_receive import ANSWER, QUOTE, INFO, inbound, outbox, waiting_ticket


def deliver(port: int, raw: bytes) -> None:
    """As the desk's mail server would: the message lands in the mailbox, unseen."""
    with imaplib.IMAP4("127.0.0.1", port, timeout=10) as imap:
        imap.login(dovecot.USER, dovecot.PASSWORD)
        assert imap.append("INBOX", None, None, raw)[0] == "OK"


def unseen(port: int) -> int:
    with imaplib.IMAP4("127.0.0.1", port, timeout=10) as imap:
        imap.login(dovecot.USER, dovecot.PASSWORD)
        imap.select("INBOX")
        return len(imap.search(None, "UNSEEN")[1][0].split())


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_reply_in_the_mailbox_reopens_the_ticket_and_cancels_the_auto_close(client, agent, imap_server, lang):
    number = waiting_ticket(client, agent, lang)
    raw = mail("an.peeters@example.be", f"Re: [{number}]", ANSWER[lang] + "\n\n" + QUOTE[lang].format(INFO[lang]))
    deliver(imap_server, raw)
    assert unseen(imap_server) == 1
    assert poll_once() == {"threaded": 1}
    detail = client.get(f"/tickets/{number}/detail", headers=agent).json()
    assert detail["status"] == "open" and detail["autoclose_at"] is None and detail["requester_replied_at"]
    assert (detail["messages"][-1]["channel"], detail["messages"][-1]["text"]) == ("email", ANSWER[lang])
    assert unseen(imap_server) == 0 and poll_once() == {}  # flagged \Seen after the commit
    deliver(imap_server, raw)  # delivered again (a new UID, the same Message-ID)
    assert poll_once() == {"duplicate": 1}
    detail = client.get(f"/tickets/{number}/detail", headers=agent).json()
    assert [m["author"] for m in detail["messages"]].count("requester") == 1


def test_other_mail_in_the_mailbox_gets_the_same_handling(client, agent, imap_server):
    number = waiting_ticket(client, agent, "nl")
    deliver(imap_server, mail("collega@example.be", f"Re: [{number}]", ANSWER["nl"]))
    deliver(imap_server, mail("an.peeters@example.be", "Afwezig", "Ik ben afwezig.",
                              headers={"Auto-Submitted": "auto-replied"}))
    deliver(imap_server, mail("luc@example.be", "Printer", "Mijn printer drukt niets meer af sinds gisteren."))
    assert poll_once() == {"triage": 1, "ignored": 1, "created": 1}
    assert [m.template for m in outbox("collega@example.be")] == ["inbound_unknown"]
    assert [m.template for m in outbox("luc@example.be")] == ["ticket_created"]
    assert [(m.status, m.reason) for m in inbound()] == [("triage", "other_sender"), ("ignored", "auto_reply"),
                                                          ("created", "")]


def test_a_message_whose_transaction_fails_stays_unseen_for_the_next_pass(client, imap_server, monkeypatch):
    import api.inbound.service as service

    deliver(imap_server, mail("luc@example.be", "Printer", "Mijn printer drukt niets meer af sinds gisteren."))
    real = service.receive
    monkeypatch.setattr(service, "receive", lambda *a: (_ for _ in ()).throw(RuntimeError("database down")))
    assert poll_once() == {"failed": 1} and unseen(imap_server) == 1
    monkeypatch.setattr(service, "receive", real)
    assert poll_once() == {"created": 1} and unseen(imap_server) == 0
