"""Random conversations, as unseen visitors would have them: whatever they type or click, in whatever order,
the bot answers every turn, in the conversation's language, without looping, and Rasa never trips its
circuit breaker (a dialogue state no rule covers)."""
import random

import pytest

from api.chat import language

pytestmark = pytest.mark.e2e

SAY = {
    "nl": ["Hallo", "Goeiemiddag, ik heb een vraag", "Hoe vraag ik een nieuwe pincode aan voor mijn eID?",
           "Mijn kaartlezer wordt niet herkend door mijn computer", "ja", "nee", "ok", "bedankt", "dank u wel",
           "Ik wil een ticket aanmaken", "Dringend: niemand in ons team kan nog inloggen op de applicatie!",
           "Ik wil een klacht indienen over jullie dienstverlening", "Wat is de status van mijn ticket?",
           "Wanneer zijn jullie bereikbaar?", "Kan ik met een medewerker spreken?", "asdf qwerty zzz", "stop",
           "Ben jij een robot?", "Wat is het weer morgen in Gent?", "jan.peeters@example.be", "SD-2026-000001",
           "Waar vind ik mijn documenten in de eBox?", "tot ziens", "Hoe meld ik me aan met itsme?", "???", "..."],
    "fr": ["Bonjour", "Bonjour, j'ai une question", "Comment obtenir un nouveau code PIN pour ma carte eID ?",
           "Mon lecteur de carte n'est pas reconnu par mon ordinateur", "oui", "non", "ok", "merci",
           "merci beaucoup", "Je voudrais créer un ticket",
           "Urgent : plus personne dans notre service ne peut se connecter à l'application !",
           "Je souhaite introduire une plainte sur votre service", "Quel est le statut de mon ticket ?",
           "Quand êtes-vous joignables ?", "Puis-je parler à un collaborateur ?", "asdf qwerty zzz", "stop",
           "Tu es un robot ?", "Quel temps fera-t-il demain à Liège ?", "marie.dubois@example.be", "SD-2026-000001",
           "Où trouver mes documents dans l'eBox ?", "au revoir", "Comment me connecter avec itsme ?", "???", "..."],
}
SWITCH = {"nl": "Kunnen we in het Frans verder praten?", "fr": "On peut continuer en néerlandais ?"}
FIXED_TEXT_LIMIT = 60  # the bot's own sentences are short; longer texts are FAQ answers (own language rules)


@pytest.mark.parametrize("seed", range(6))
def test_random_conversations_always_get_an_answer_in_their_language(stack, seed):
    rng = random.Random(seed)
    problems = []
    for n in range(5):
        lang = ("nl", "fr")[(seed + n) % 2]
        chat = stack.chat(lang)
        for _ in range(9):
            if chat.last and chat.buttons and rng.random() < 0.4:
                button = rng.choice(chat.buttons)
                said, reply = f"[{button['title']}]", chat.say(button["payload"])
            else:
                said = SWITCH[lang] if rng.random() < 0.08 else rng.choice(SAY[lang])
                reply = chat.say(said)
                if said == SWITCH[lang]:  # from now on the visitor writes in the other language
                    lang = chat.lang = "fr" if lang == "nl" else "nl"
            texts = [m["text"] for m in chat.last["messages"] if m.get("text")]
            where = f"{lang} {chat.session_id}: {said!r} -> {reply[:300]!r}"
            if not texts:
                problems.append(f"no answer: {where}")
            if len(texts) != len(set(texts)):
                problems.append(f"repeated text (a loop): {where}")
            if chat.last["lang"] != lang:
                problems.append(f"language {chat.last['lang']}: {where}")
            for text in texts:
                detected, confidence = language.detect(text)
                if len(text.split()) <= FIXED_TEXT_LIMIT and detected and detected != lang and confidence >= 0.95:
                    problems.append(f"a text in {detected}: {text[:120]!r} ({where})")
    assert not problems, "\n".join(problems)


def test_rasa_never_tripped_its_circuit_breaker(stack):
    log = (stack.procs.logs / "rasa.log").read_text(errors="replace")
    assert "Circuit breaker tripped" not in log
