"""One subject per ticket: an e-mail that the FAQ index splits into several subjects is flagged to the agent."""
import pytest

from tests.api.faq.conftest import SMALL_FAQ
from tests.api.inbound.mails import mail
from tests.api.inbound.test_receive import inbound, send
from api.db import new_session
from api.settings import get_settings
from api.tickets.models import Ticket

SEVERAL = {"nl": "Ik ben de pincode van mijn eID vergeten en ook wil ik weten wat het telefoonnummer van de "
                 "servicedesk is",
           "fr": "code PIN de ma carte eID oublié, et aussi je voudrais le numéro de téléphone du service desk"}


@pytest.fixture
def settings(settings, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_FAQ_SEED", str(SMALL_FAQ))  # the small bilingual FAQ the index splits on
    get_settings.cache_clear()
    yield get_settings()


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_mail_with_several_subjects_is_flagged(client, agent, receiver, lang):
    host, port = receiver("smtp")
    send(host, port, "smtp", mail("an@example.be", "Vraag", SEVERAL[lang]))
    send(host, port, "smtp", mail("luc@example.be", "Vraag", SEVERAL[lang].split(" en ook")[0].split(", et")[0]))
    flagged = {}
    for row in inbound():
        with new_session() as db:
            number = db.get(Ticket, row.ticket_id).number
        events = client.get(f"/tickets/{number}/detail", headers=agent).json()["events"]
        flagged[row.sender] = [e["data"] for e in events if e["kind"] == "several_subjects"]
    assert flagged == {"an@example.be": [{"subjects": 2}], "luc@example.be": []}
