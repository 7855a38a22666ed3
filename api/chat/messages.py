"""What the chat endpoint itself says (degraded mode), in Dutch and French."""

MESSAGES = {
    "limited": {
        "nl": "Onze assistent werkt op dit moment beperkt. Ik zoek uw vraag rechtstreeks in de FAQ.",
        "fr": "Notre assistant fonctionne de manière limitée pour le moment. Je cherche votre question directement dans la FAQ.",
    },
    "source": {"nl": "Bron", "fr": "Source"},
    "clarify": {
        "nl": "Misschien vindt u het antwoord bij een van deze vragen:",
        "fr": "Vous trouverez peut-être la réponse dans l'une de ces questions :",
    },
    "no_match": {
        "nl": "Ik vind hierop geen antwoord in de FAQ.",
        "fr": "Je ne trouve pas de réponse à cela dans la FAQ.",
    },
    "search_failed": {
        "nl": "De FAQ is nu ook niet bereikbaar.",
        "fr": "La FAQ n'est pas accessible non plus pour le moment.",
    },
    "ticket": {
        "nl": "Wilt u hulp van een medewerker? Maak een ticket aan via het contactformulier, of bel op werkdagen van {opens} tot {closes}: {phone_nl} (Nederlands), {phone_fr} (Frans).",
        "fr": "Vous souhaitez l'aide d'un collaborateur ? Créez un ticket via le formulaire de contact, ou appelez les jours ouvrables de {opens} à {closes} : {phone_fr} (français), {phone_nl} (néerlandais).",
    },
    "ticket_link": {"nl": "Contactformulier (ticket aanmaken)", "fr": "Formulaire de contact (créer un ticket)"},
}


def msg(key: str, lang: str) -> str:
    """The message in `lang`, with the desk's hours and phone numbers filled in (api/hours/facts.py)."""
    from api.hours.facts import desk_facts

    text = MESSAGES[key][lang]
    return text.format(**desk_facts(lang)) if "{" in text else text
