"""What the analytics show agents and editors, in Dutch and French: each figure's name and its definition.

GET /analytics/summary hands these to the console, the charts' titles and the CSV's header come from here.
"""

FIGURES = {
    "conversations": {
        "nl": ("Gesprekken met een hulpvraag",
               "Chatgesprekken met minstens één beurt die naar de FAQ of naar een loket ging (ticket, dringend "
               "incident, klacht, status, een medewerker), die zonder de assistent via de FAQ beantwoord werd, of "
               "waaruit een ticket kwam. Alleen groeten, bedankjes, ja/nee en talen wisselen tellen niet. Geteld op "
               "de dag van de eerste beurt."),
        "fr": ("Conversations avec une demande d'aide",
               "Conversations du chat avec au moins un tour dirigé vers la FAQ ou vers un guichet (ticket, incident "
               "urgent, plainte, statut, un collaborateur), traité par la FAQ sans l'assistant, ou dont est né un "
               "ticket. Les salutations, remerciements, oui/non et changements de langue seuls ne comptent pas. "
               "Comptées le jour de leur premier tour."),
    },
    "deflected": {
        "nl": ("Opgelost door de FAQ", "Gesprekken met een hulpvraag die eindigden met een nuttig FAQ-antwoord."),
        "fr": ("Résolues par la FAQ",
               "Conversations avec une demande d'aide terminées par une réponse utile de la FAQ."),
    },
    "pending": {
        "nl": ("Nog niet beslist",
               "Gesprekken met een FAQ-antwoord zonder reactie waarvan de 24 uur nog niet voorbij zijn; ze tellen "
               "nog niet mee in de oplossingsgraad."),
        "fr": ("Pas encore décidées",
               "Conversations avec une réponse de la FAQ sans réaction dont les 24 heures ne sont pas écoulées ; "
               "elles ne comptent pas encore dans le taux de résolution."),
    },
    "deflection_rate": {
        "nl": ("Oplossingsgraad door de FAQ",
               "Gesprekken met een hulpvraag die eindigden met een nuttig FAQ-antwoord (de bezoeker zei uitdrukkelijk "
               "ja, of er kwam geen ticket en geen nee in de 24 uur na het laatste FAQ-antwoord, ook een antwoord dat "
               "de bezoeker uit een keuze van vragen opende), gedeeld door alle "
               "gesprekken met een hulpvraag. Gesprekken waarvan die 24 uur nog lopen, tellen nog niet mee."),
        "fr": ("Taux de résolution par la FAQ",
               "Conversations avec une demande d'aide terminées par une réponse utile de la FAQ (le visiteur a dit "
               "oui explicitement, ou aucun ticket et aucun non dans les 24 heures après la dernière réponse de la "
               "FAQ, y compris une réponse que le visiteur a ouverte parmi des questions proposées), divisées par "
               "toutes les conversations avec une demande d'aide. Celles dont ces 24 heures ne "
               "sont pas écoulées ne comptent pas encore."),
    },
    "helpfulness_rate": {
        "nl": ("Nuttigheid van de FAQ",
               "Aandeel 'ja' in alle antwoorden op 'Heeft dit uw vraag beantwoord?' na een FAQ-antwoord."),
        "fr": ("Utilité de la FAQ",
               "Part des « oui » dans toutes les réponses à « Cela répond-il à votre question ? » après une réponse "
               "de la FAQ."),
    },
    "feedback_yes": {"nl": ("Hielp: ja", "Antwoorden 'ja' op 'Heeft dit uw vraag beantwoord?'."),
                     "fr": ("Aidé : oui", "Réponses « oui » à « Cela répond-il à votre question ? ».")},
    "feedback_no": {"nl": ("Hielp: nee", "Antwoorden 'nee' op 'Heeft dit uw vraag beantwoord?'."),
                    "fr": ("Aidé : non", "Réponses « non » à « Cela répond-il à votre question ? ».")},
    "searches": {"nl": ("FAQ-zoekopdrachten", "Zoekopdrachten in de FAQ (door de assistent of rechtstreeks)."),
                 "fr": ("Recherches dans la FAQ", "Recherches dans la FAQ (par l'assistant ou directement).")},
    "no_match": {"nl": ("Zoekopdrachten zonder antwoord", "Zoekopdrachten waarvoor de FAQ niets had."),
                 "fr": ("Recherches sans réponse", "Recherches pour lesquelles la FAQ n'avait rien.")},
    "no_match_rate": {
        "nl": ("Zonder antwoord in de FAQ", "Aandeel zoekopdrachten waarvoor de FAQ niets had."),
        "fr": ("Sans réponse dans la FAQ", "Part des recherches pour lesquelles la FAQ n'avait rien."),
    },
    "tickets": {"nl": ("Tickets", "Aangemaakte tickets, via elk kanaal."),
                "fr": ("Tickets", "Tickets créés, par tous les canaux.")},
    "tickets_by_bot": {"nl": ("Tickets door de assistent", "Tickets aangemaakt in de chat (kanaal chat)."),
                       "fr": ("Tickets par l'assistant", "Tickets créés dans le chat (canal chat).")},
    "median_first_response_minutes": {
        "nl": ("Mediane eerste reactie (minuten)",
               "Mediaan van de tijd tussen het aanmaken van een ticket en het eerste bericht van een medewerker aan "
               "de aanvrager (antwoord, vraag om informatie of oplossing; geen interne notitie), voor de tickets van "
               "de periode die er een kregen. Klokuren, niet alleen kantooruren."),
        "fr": ("Première réponse médiane (minutes)",
               "Médiane du temps entre la création d'un ticket et le premier message d'un collaborateur au demandeur "
               "(réponse, demande d'information ou résolution ; pas de note interne), pour les tickets de la période "
               "qui en ont reçu un. Heures d'horloge, pas seulement les heures de bureau."),
    },
    "autoclosed": {
        "nl": ("Automatisch gesloten", "Tickets die automatisch gesloten werden zonder reactie van de aanvrager."),
        "fr": ("Fermés automatiquement", "Tickets fermés automatiquement sans réaction du demandeur."),
    },
}

# the parts of the tables and the CSV that are not figures
WORDS = {
    "period": {"nl": "Periode", "fr": "Période"},
    "language": {"nl": "Taal", "fr": "Langue"},
    "no_data": {"nl": "Geen gegevens in deze periode.", "fr": "Aucune donnée pour cette période."},
    "question_type": {"nl": "vraag", "fr": "question"},
    "incident": {"nl": "incident", "fr": "incident"},
    "urgent_incident": {"nl": "dringend incident", "fr": "incident urgent"},
    "complaint": {"nl": "klacht", "fr": "plainte"},
    "request": {"nl": "aanvraag", "fr": "demande"},
}


def name(figure: str, lang: str) -> str:
    return FIGURES[figure][lang][0]


def definitions(lang: str) -> dict[str, dict[str, str]]:
    return {key: {"label": texts[lang][0], "definition": texts[lang][1]} for key, texts in FIGURES.items()}


def type_name(ticket_type: str, lang: str) -> str:
    return WORDS["question_type" if ticket_type == "question" else ticket_type][lang]
