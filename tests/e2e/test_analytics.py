"""The deflection rate of real conversations with the real bot: the test plays a script on a day of its own,
applies the definition (docs/analytics.md) to what it played, and reads the same figures from /analytics/summary,
once the same evening (a silent answer is still pending) and two days later (it counts as helped)."""
import pytest

pytestmark = pytest.mark.e2e

DAY = "2026-11-03"  # a Tuesday no other end-to-end test uses
PHONE = "Wat is het telefoonnummer van de Service Desk?"
# (minute after 10:00, what the visitor does, the support need it is, how it ends)
SCRIPT = [
    (0, [("say", "Hallo")], None, None),  # small talk: no support need
    (5, [("say", PHONE), ("click", "Ja")], "faq", "yes"),
    (10, [("say", "Hoe installeer ik de eID-software op mijn computer?")], "faq", "silent"),
    (15, [("say", PHONE), ("click", "Nee")], "faq", "no"),
    (20, [("say", "Dringend: niemand in ons bestuur kan nog inloggen, alles ligt plat!")], "urgent_incident", "phone"),
]


def _summary(stack, headers, at: str) -> dict:
    stack.pin(at)
    r = stack.http.get(f"{stack.api_url}/analytics/summary", params={"from": DAY, "to": DAY}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["totals"]


def test_the_deflection_rate_of_real_conversations(stack):
    agent = stack.account("agent")
    for minute, steps, _, _ in SCRIPT:
        stack.pin(f"{DAY}T10:{minute:02d}:00+01:00")
        chat = stack.chat("nl")
        for action, arg in steps:
            reply = getattr(chat, action)(arg)
            if action == "say" and arg != "Hallo" and "telefoonnummer" in arg:
                assert "02 740 79 93" in reply  # the FAQ answered, as the script assumes
    needs = [s for s in SCRIPT if s[2]]
    helped = [s for s in needs if s[3] in ("yes", "silent")]
    pending = [s for s in needs if s[3] == "silent"]  # no "no" and no ticket yet, less than 24 hours ago
    try:
        evening = _summary(stack, agent, f"{DAY}T18:00:00+01:00")
        assert evening["conversations"] == len(needs) and evening["pending"] == len(pending)
        assert evening["deflected"] == len(helped) - len(pending)
        assert evening["deflection_rate"] == round((len(helped) - len(pending)) / (len(needs) - len(pending)), 4)
        later = _summary(stack, agent, "2026-11-05T12:00:00+01:00")
        assert later["conversations"] == len(needs) and later["pending"] == 0
        assert later["deflected"] == len(helped)
        assert later["deflection_rate"] == round(len(helped) / len(needs), 4)
        assert (later["feedback_yes"], later["feedback_no"]) == (1, 1)
    finally:
        stack.pin(None)
