/*
 * Frontdoor console: the web console for agents (ticket queue) and FAQ editors, on the REST API
 * of the same origin (docs/api.md). Plain JavaScript, no build step, no framework.
 *
 * Everything that comes from the API (ticket texts, FAQ questions, visitor queries, e-mails) is
 * untrusted: it is NEVER parsed as HTML. Nodes are built with createElement/textContent only.
 * The bearer token lives in sessionStorage: it goes with the tab, survives a reload.
 */
(function () {
  "use strict";

  var TOKEN_KEY = "frontdoor.console.token";
  var LANG_KEY = "frontdoor.console.lang";
  var LANGS = ["nl", "fr"];
  var AGENT_ROLES = ["agent", "service_manager", "admin"];
  var EDITOR_ROLES = ["editor", "admin"];

  /* Every text the console shows, in both languages. */
  var TEXTS = {
    nl: {
      pageTitle: "Frontdoor – console",
      skip: "Naar de inhoud",
      title: "Service Desk-console",
      subtitle: "Voor agents en FAQ-redacteurs",
      langGroup: "Taal van de console",
      logout: "Afmelden",
      loginTitle: "Aanmelden",
      email: "E-mailadres",
      password: "Wachtwoord",
      login: "Aanmelden",
      badLogin: "Verkeerd e-mailadres of wachtwoord. Probeer het opnieuw.",
      fillBoth: "Vul uw e-mailadres en wachtwoord in.",
      loggedIn: "U bent aangemeld.",
      loggedOut: "U bent afgemeld.",
      expired: "Uw sessie is verlopen. Meld u opnieuw aan.",
      noAccess: "Uw rol geeft geen toegang tot deze console.",
      network: "De dienst is niet bereikbaar. Probeer het later opnieuw.",
      httpError: "Fout van de dienst",
      loading: "Laden…",
      signedInAs: "Aangemeld als",
      sections: "Onderdelen",
      tickets: "Tickets",
      faq: "FAQ",
      roles: { agent: "agent", service_manager: "servicemanager", editor: "redacteur", admin: "beheerder" },
      // tickets
      queueTitle: "Ticketwachtrij",
      status: "Status",
      any: "Alle",
      unassignedOnly: "Aan niemand",
      mineOnly: "Aan mij",
      anyone: "Iedereen",
      search: "Zoeken: nummer, e-mailadres of woorden",
      find: "Zoeken",
      sort: "Volgorde",
      sorts: { priority: "Prioriteit, oudste eerst", "-updated": "Laatste activiteit", "-created": "Nieuwste eerst",
               created: "Oudste eerst" },
      repliedOnly: "Aanvrager heeft geantwoord",
      markerReplied: "Aanvrager antwoordde",
      markerReopened: "Heropend",
      lastActivity: "Laatste activiteit",
      prev: "Vorige",
      next: "Volgende",
      backToQueue: "← Terug naar de wachtrij",
      release: "Vrijgeven",
      reassignTo: "Toewijzen aan",
      reassign: "Toewijzen",
      faqDraft: "FAQ-ontwerp maken",
      draftMade: function (id) { return "FAQ-ontwerp " + id + " gemaakt; het wacht op een redacteur."; },
      cannedReply: "Standaardantwoord",
      noCanned: "Geen standaardantwoorden in deze taal",
      insert: "Invoegen",
      faqSearch: "FAQ-antwoord zoeken (in de taal van het ticket)",
      noFaqHits: "Geen FAQ-antwoord gevonden.",
      textHint: "Ctrl+Enter: antwoorden.",
      pressed: "knop",
      buttonsShown: "Knoppen",
      verdicts: { helped: "hielp", notHelped: "hielp niet", noVerdict: "geen oordeel" },
      channels: { chat: "chat", web: "webformulier", api: "API", email: "e-mail" },
      triageTitle: "E-mails voor triage",
      triageHint: "Deze e-mails konden niet aan een ticket worden gekoppeld. Koppel ze aan het juiste ticket of negeer ze.",
      triageReasons: { unknown_number: "onbekend ticketnummer", other_sender: "afzender is niet de aanvrager",
                       too_many_tickets: "te veel nieuwe tickets van dit adres", invalid_sender: "ongeldig afzenderadres" },
      triageNumber: "Ticketnummer (SD-jaar-nummer)",
      triageAttach: "Aan ticket koppelen",
      triageDismiss: "Negeren",
      triageAttached: function (n) { return "De e-mail is toegevoegd aan ticket " + n + "."; },
      triageDismissed: "De e-mail is genegeerd.",
      emailFrom: "van",
      attachments: "Bijlagen",
      refusedAttachments: function (n) {
        return n + (n === 1 ? " bijlage is" : " bijlagen zijn") + " niet bewaard (programma of script, of te groot); de aanvrager heeft een e-mail gekregen.";
      },
      download: "Downloaden",
      autoclosesOn: function (at, days) {
        return "Sluit automatisch op " + at + (days === 0 ? " (vandaag)" : days === 1 ? " (over 1 werkdag)"
          : days != null ? " (over " + days + " werkdagen)" : "") + ", tenzij de aanvrager reageert";
      },
      autoclosedOn: function (at) { return "Automatisch gesloten op " + at; },
      shortcuts: "Sneltoetsen (?)",
      shortcutsTitle: "Sneltoetsen",
      closeHelp: "Sluiten",
      keys: { "/": "Zoeken in de wachtrij", j: "Volgend ticket in de lijst", k: "Vorig ticket in de lijst",
              Enter: "Het gekozen ticket openen", c: "Ticket oppakken", r: "Antwoord schrijven",
              Escape: "Terug naar de wachtrij", "?": "Deze hulp tonen" },
      errors: {
        already_claimed: "Een collega heeft dit ticket net opgepakt.",
        already_handled: "Een collega heeft deze e-mail al behandeld.",
        inbound_not_found: "Deze e-mail staat niet (meer) in de triage.",
        attachment_not_found: "Deze bijlage bestaat niet (meer).",
        invalid_transition: "Dat kan niet in de huidige status van het ticket; de pagina toont nu de actuele stand.",
        not_assigned: "Dit ticket is aan niemand toegewezen.",
        invalid_assignee: "Aan deze persoon kan dit ticket niet worden toegewezen.",
        not_resolved: "Alleen een opgelost of gesloten ticket wordt een FAQ-ontwerp.",
        no_answer: "Dit ticket heeft geen antwoord van een agent om een FAQ-antwoord van te maken.",
        ticket_not_found: "Dit ticket bestaat niet (of u mag het niet zien).",
        duplicate_id: "Er bestaat al een FAQ-item met deze id.",
        rate_limited: "Te veel verzoeken; probeer het zo meteen opnieuw.",
        service_unavailable: "De dienst is even niet beschikbaar; probeer het over enkele seconden opnieuw.",
        validation_error: "Een veld is niet goed ingevuld; kijk de gegevens na.",
        unknown_field: "Het verzoek bevat een onbekend veld.",
        missing_field: "Een verplicht veld ontbreekt.",
        too_long: "Een tekst is te lang.",
        unknown_entry: "Dit FAQ-item bestaat niet.",
        not_found: "Niet gevonden.",
        forbidden: "Uw rol mag dit niet.",
        wrong_role: "Uw rol mag dit niet.",
        import_invalid: "Het bestand bevat ongeldige items; er is niets geïmporteerd.",
        unreadable_file: "Het bestand kan niet gelezen worden.",
        file_too_large: "Het bestand is te groot.",
        nothing_to_add: "Het item heeft al deze formuleringen.",
        canned_reply_exists: "Er bestaat al een standaardantwoord met deze titel in deze taal.",
        canned_reply_not_found: "Dit standaardantwoord bestaat niet meer.",
        ticket_closed: "Dit ticket is gesloten."
      },
      refresh: "Vernieuwen",
      number: "Nummer",
      priority: "Prioriteit",
      type: "Soort",
      subject: "Onderwerp",
      assignee: "Toegewezen",
      created: "Aangemaakt",
      updated: "Gewijzigd",
      ticketsShown: function (from, to, total) { return "Tickets " + from + "–" + to + " van " + total; },
      noTickets: "Geen tickets met deze filters.",
      openTicket: "Ticket openen",
      me: "mij",
      nobody: "niemand",
      language: "Taal",
      channel: "Kanaal",
      requester: "Aanvrager",
      organisation: "Organisatie",
      autoclose: "Automatisch sluiten",
      closedAt: "Gesloten op",
      faqOffered: "Aangeboden FAQ-items",
      description: "Beschrijving",
      transcript: "Chatgesprek",
      noTranscript: "Geen chatgesprek.",
      messages: "Berichten",
      noMessages: "Nog geen berichten.",
      events: "Geschiedenis",
      actions: "Acties",
      claim: "Oppakken",
      actionText: "Tekst (antwoord, vraag, oplossing of notitie)",
      reply: "Antwoorden",
      requestInfo: "Info vragen",
      resolve: "Oplossen",
      close: "Sluiten",
      addNote: "Interne notitie",
      internalNote: "Interne notitie",
      textNeeded: "Schrijf eerst een tekst.",
      done: {
        claim: "Ticket opgepakt.", reply: "Antwoord verzonden.", "request-info": "Vraag om informatie verzonden.",
        resolve: "Ticket opgelost.", close: "Ticket gesloten.", notes: "Interne notitie opgeslagen.",
        release: "Ticket vrijgegeven.", reassign: "Ticket toegewezen.", faqDraft: "FAQ-ontwerp gemaakt."
      },
      visitor: "Bezoeker",
      bot: "Assistent",
      authors: { requester: "Aanvrager", agent: "Agent" },
      kinds: {
        message: "bericht", reply: "antwoord", request_info: "vraag om informatie", resolution: "oplossing",
        close: "afsluiting", note: "notitie"
      },
      st: {
        "new": "Nieuw", open: "Open", waiting_for_requester: "Wacht op aanvrager", resolved: "Opgelost", closed: "Gesloten"
      },
      prio: { low: "Laag", normal: "Normaal", high: "Hoog", urgent: "Dringend" },
      types: {
        question: "Vraag", incident: "Incident", urgent_incident: "Dringend incident", complaint: "Klacht",
        request: "Aanvraag"
      },
      ev: {
        created: "aangemaakt", claimed: "opgepakt", reassigned: "opnieuw toegewezen", replied: "beantwoord",
        info_requested: "informatie gevraagd", resolved: "opgelost", closed: "gesloten", note_added: "notitie toegevoegd",
        requester_message: "bericht van de aanvrager", autoclosed: "automatisch gesloten", released: "vrijgegeven",
        faq_draft_created: "FAQ-ontwerp gemaakt", mail_bounced: "e-mail aan de aanvrager kwam niet aan",
        several_subjects: "bericht met meerdere onderwerpen: één onderwerp per ticket",
        follows_closed: "vervolg op een gesloten ticket", email_attached: "e-mail uit de triage gekoppeld",
        attachments_refused: "bijlagen niet bewaard (programma of script, of te groot)"
      },
      actors: { user: "medewerker", requester: "aanvrager", system: "systeem" },
      // FAQ
      faqTitle: "FAQ beheren",
      unansweredTitle: "Wat de assistent niet kon beantwoorden",
      query: "Vraag van de bezoeker",
      lang: "Taal",
      count: "Aantal",
      noMatch: "Geen antwoord",
      reported: "Gemeld",
      notHelpful: "Niet nuttig",
      lastAt: "Laatst",
      nothingUnanswered: "Niets te melden: de assistent kon alles beantwoorden.",
      createFromThis: "Item maken",
      markHandled: "Markeer als behandeld",
      unmarkHandled: "Niet meer behandeld",
      showHandled: "Behandelde vragen tonen",
      handledOn: function (at, who) { return "Behandeld op " + at + (who ? " door " + who : ""); },
      cameBack: function (at) { return "Kwam terug (behandeld op " + at + ")"; },
      answeredBy: "item",
      markedHandled: function (q) { return "Gemarkeerd als behandeld: " + q; },
      unmarkedHandled: function (q) { return "Niet meer behandeld: " + q; },
      entriesTitle: "FAQ-items",
      searchText: "Zoeken in de tekst",
      filter: "Filteren",
      newEntry: "Nieuw item",
      entryId: "Id",
      question: "Vraag",
      answer: "Antwoord (Markdown)",
      alternatives: "Andere formuleringen (één per regel)",
      url: "Link (https://…)",
      tags: "Tags (gescheiden door komma's)",
      group: "Groep (verbindt NL en FR)",
      idHint: "Kleine letters, cijfers en koppeltekens; niet meer te wijzigen na het aanmaken.",
      save: "Opslaan",
      publish: "Publiceren",
      archive: "Archiveren",
      cancel: "Annuleren",
      more: "Meer tonen",
      entriesShown: function (n, total) { return n + " van " + total + " items"; },
      noEntries: "Geen items met deze filters.",
      editEntry: "Item bewerken",
      newEntryTitle: "Nieuw FAQ-item",
      es: { draft: "Ontwerp", published: "Gepubliceerd", archived: "Gearchiveerd" },
      stateLine: function (status, who, at) { return "Status: " + status + (who ? " · laatst gewijzigd door " + who + " op " + at : ""); },
      saved: "Opgeslagen.",
      savedWithWarnings: "Opgeslagen, met waarschuwingen: kijk de gelijkaardige vragen na.",
      published: "Gepubliceerd.",
      archived: "Gearchiveerd.",
      warningsTitle: "Let op: gelijkaardige vragen",
      history: "Geschiedenis van het item",
      entryActions: { create: "aangemaakt", update: "gewijzigd", publish: "gepubliceerd", archive: "gearchiveerd", "import": "geïmporteerd" },
      warnCodes: {
        same_question: function (asked, id, q) { return "Item " + id + " heeft dezelfde vraag: \u201c" + q + "\u201d."; },
        answered_by: function (asked, id, q) {
          return "Wie \u201c" + asked + "\u201d vraagt, krijgt nu het antwoord van " + id + " (\u201c" + q + "\u201d).";
        },
        confused_with: function (asked, id, q) {
          return "Wie \u201c" + asked + "\u201d vraagt, krijgt de keuze met " + id + " (\u201c" + q + "\u201d).";
        }
      },
      score: "score",
      prefilled: "Vraag overgenomen: vul het antwoord in en sla op.",
      required: "Vul minstens de id, de vraag en het antwoord in.",
      testTitle: "Een vraag testen",
      testQuestion: "Vraag zoals een bezoeker ze stelt",
      test: "Testen",
      testRoute: "De assistent zou",
      seeAlso: "met het FAQ-antwoord als knop erbij",
      testNlu: "NLU (intentie)",
      nluDown: "niet bereikbaar: de FAQ en de regels beslissen alleen",
      testFaq: "FAQ",
      notSearched: "niet gezocht (korte beleefdheid)",
      testHits: "Gevonden FAQ-items met hun score",
      routes: {
        faq_answer: "antwoorden met het FAQ-item", faq_clarify: "laten kiezen tussen FAQ-items",
        faq_answer_then_ticket: "eerst het FAQ-antwoord geven, dan een ticket aanbieden",
        ticket_offer: "zeggen dat de FAQ geen antwoord heeft en een ticket aanbieden",
        request_ticket: "een ticket aanmaken", urgent_incident: "naar de telefoon verwijzen (dringend incident)",
        complaint: "naar het klachtenformulier verwijzen", ticket_status: "de status van een ticket geven",
        add_info: "informatie aan een ticket toevoegen", request_human: "naar een medewerker verwijzen",
        office_hours: "de openingsuren geven", switch_language: "van taal wisselen",
        small_talk: "beleefd antwoorden", out_of_scope: "zeggen dat dit buiten de dienst valt",
        fallback: "vragen om het anders te zeggen"
      },
      decisions: { answer: "antwoord", clarify: "keuze", no_match: "geen antwoord" },
      groupsTitle: "Onbeantwoorde vragen, gegroepeerd op betekenis",
      groupsHint: "Vink de formuleringen aan die bij één vraag horen; maak er een item van of voeg ze toe aan een bestaand item. Het geldt meteen.",
      groupMeta: function (n, lang, at) { return (n === 1 ? "1 gesprek" : n + " gesprekken") + " · " + lang + " · laatst " + at; },
      refused: "hielp niet",
      createFromGroup: "Item maken van de groep",
      phrasings: "Formuleringen van bezoekers",
      addToEntry: "Aan item (id)",
      addPhrasings: "Formuleringen toevoegen",
      pickPhrasings: "Kies een item en minstens één formulering.",
      phrasingsAdded: function (n, id) { return n + (n === 1 ? " formulering" : " formuleringen") + " toegevoegd aan " + id + "; de assistent gebruikt ze meteen."; },
      lowTitle: "Antwoorden die het minst helpen",
      notHelpedRate: "Hielp niet",
      askedBy: "Gevraagd als",
      nothingLow: "Nog geen negatieve stemmen.",
      preview: "Voorbeeld zoals de bezoeker het ziet",
      pairTitle: function (lang) { return "Vertaling (" + lang + ")"; },
      pairMissing: function (lang) { return "Vertaling (" + lang + ") ontbreekt"; },
      pairOpen: "Vertaling bewerken",
      pairCreate: function (lang) { return "Vertaling (" + lang + ") maken"; },
      translation: "Andere taal",
      missing: "ontbreekt",
      fields: { question: "vraag", answer: "antwoord", alternatives: "formuleringen", url: "link", tags: "tags",
                group: "groep", status: "status", lang: "taal" },
      importExport: "Importeren en exporteren",
      exportJsonl: "Exporteren (JSONL)",
      exportCsv: "Exporteren (CSV)",
      exportYaml: "Exporteren (YAML)",
      importFile: "Bestand om te importeren (JSONL, CSV of YAML)",
      "import": "Importeren",
      pickFile: "Kies eerst een bestand.",
      imported: function (c, u, n) { return "Geïmporteerd: " + c + " nieuw, " + u + " gewijzigd, " + n + " ongewijzigd."; },
      cannedManage: "Standaardantwoorden beheren",
      cannedTitle: "Titel",
      cannedText: "Tekst",
      cannedSave: "Standaardantwoord opslaan",
      cannedSaved: "Standaardantwoord opgeslagen.",
      cannedRemoved: "Standaardantwoord verwijderd.",
      cannedNeeded: "Vul een titel en een tekst in.",
      edit: "Bewerken",
      remove: "Verwijderen"
    },
    fr: {
      pageTitle: "Frontdoor – console",
      skip: "Aller au contenu",
      title: "Console du Service Desk",
      subtitle: "Pour les agents et les rédacteurs de la FAQ",
      langGroup: "Langue de la console",
      logout: "Se déconnecter",
      loginTitle: "Connexion",
      email: "Adresse e-mail",
      password: "Mot de passe",
      login: "Se connecter",
      badLogin: "Adresse e-mail ou mot de passe incorrect. Veuillez réessayer.",
      fillBoth: "Indiquez votre adresse e-mail et votre mot de passe.",
      loggedIn: "Vous êtes connecté.",
      loggedOut: "Vous êtes déconnecté.",
      expired: "Votre session a expiré. Veuillez vous reconnecter.",
      noAccess: "Votre rôle ne donne pas accès à cette console.",
      network: "Le service est injoignable. Veuillez réessayer plus tard.",
      httpError: "Erreur du service",
      loading: "Chargement…",
      signedInAs: "Connecté en tant que",
      sections: "Sections",
      tickets: "Tickets",
      faq: "FAQ",
      roles: { agent: "agent", service_manager: "service manager", editor: "rédacteur", admin: "administrateur" },
      queueTitle: "File des tickets",
      status: "Statut",
      any: "Tous",
      unassignedOnly: "À personne",
      mineOnly: "À moi",
      anyone: "Tout le monde",
      search: "Rechercher\u00a0: numéro, adresse e-mail ou mots",
      find: "Rechercher",
      sort: "Ordre",
      sorts: { priority: "Priorité, plus anciens d\u2019abord", "-updated": "Dernière activité",
               "-created": "Plus récents d\u2019abord", created: "Plus anciens d\u2019abord" },
      repliedOnly: "Le demandeur a répondu",
      markerReplied: "Le demandeur a répondu",
      markerReopened: "Rouvert",
      lastActivity: "Dernière activité",
      prev: "Précédents",
      next: "Suivants",
      backToQueue: "← Retour à la file",
      release: "Libérer",
      reassignTo: "Attribuer à",
      reassign: "Attribuer",
      faqDraft: "Créer un brouillon FAQ",
      draftMade: function (id) { return "Brouillon FAQ " + id + " créé\u00a0; il attend un rédacteur."; },
      cannedReply: "Réponse type",
      noCanned: "Aucune réponse type dans cette langue",
      insert: "Insérer",
      faqSearch: "Chercher une réponse FAQ (dans la langue du ticket)",
      noFaqHits: "Aucune réponse FAQ trouvée.",
      textHint: "Ctrl+Entrée\u00a0: répondre.",
      pressed: "bouton",
      buttonsShown: "Boutons",
      verdicts: { helped: "a aidé", notHelped: "n\u2019a pas aidé", noVerdict: "sans avis" },
      channels: { chat: "chat", web: "formulaire web", api: "API", email: "e-mail" },
      triageTitle: "E-mails à trier",
      triageHint: "Ces e-mails n'ont pas pu être liés à un ticket. Liez-les au bon ticket ou ignorez-les.",
      triageReasons: { unknown_number: "numéro de ticket inconnu", other_sender: "l'expéditeur n'est pas le demandeur",
                       too_many_tickets: "trop de nouveaux tickets de cette adresse", invalid_sender: "adresse d'expéditeur invalide" },
      triageNumber: "Numéro de ticket (SD-année-numéro)",
      triageAttach: "Lier au ticket",
      triageDismiss: "Ignorer",
      triageAttached: function (n) { return "L'e-mail a été ajouté au ticket " + n + "."; },
      triageDismissed: "L'e-mail a été ignoré.",
      emailFrom: "de",
      attachments: "Pièces jointes",
      refusedAttachments: function (n) {
        return n + (n === 1 ? " pièce jointe n'a pas été conservée" : " pièces jointes n'ont pas été conservées") + " (programme ou script, ou trop grande) ; le demandeur a reçu un e-mail.";
      },
      download: "Télécharger",
      autoclosesOn: function (at, days) {
        return "Fermeture automatique le " + at + (days === 0 ? " (aujourd\u2019hui)" : days === 1
          ? " (dans 1 jour ouvrable)" : days != null ? " (dans " + days + " jours ouvrables)" : "")
          + ", sauf si le demandeur réagit";
      },
      autoclosedOn: function (at) { return "Fermé automatiquement le " + at; },
      shortcuts: "Raccourcis clavier (?)",
      shortcutsTitle: "Raccourcis clavier",
      closeHelp: "Fermer",
      keys: { "/": "Rechercher dans la file", j: "Ticket suivant de la liste", k: "Ticket précédent de la liste",
              Enter: "Ouvrir le ticket choisi", c: "Prendre le ticket en charge", r: "Écrire une réponse",
              Escape: "Retour à la file", "?": "Afficher cette aide" },
      errors: {
        already_claimed: "Un collègue vient de prendre ce ticket en charge.",
        already_handled: "Un collègue a déjà traité cet e-mail.",
        inbound_not_found: "Cet e-mail n'est plus à trier.",
        attachment_not_found: "Cette pièce jointe n'existe pas (plus).",
        invalid_transition: "Impossible dans le statut actuel du ticket\u00a0; la page montre maintenant son état réel.",
        not_assigned: "Ce ticket n\u2019est attribué à personne.",
        invalid_assignee: "Ce ticket ne peut pas être attribué à cette personne.",
        not_resolved: "Seul un ticket résolu ou fermé devient un brouillon FAQ.",
        no_answer: "Ce ticket n\u2019a pas de réponse d\u2019un agent dont faire une réponse FAQ.",
        ticket_not_found: "Ce ticket n\u2019existe pas (ou vous ne pouvez pas le voir).",
        duplicate_id: "Une entrée FAQ avec cet id existe déjà.",
        rate_limited: "Trop de demandes\u00a0; réessayez dans un instant.",
        service_unavailable: "Le service est momentanément indisponible\u00a0; réessayez dans quelques secondes.",
        validation_error: "Un champ n\u2019est pas correctement rempli\u00a0; vérifiez les données.",
        unknown_field: "La demande contient un champ inconnu.",
        missing_field: "Un champ obligatoire manque.",
        too_long: "Un texte est trop long.",
        unknown_entry: "Cette entrée FAQ n\u2019existe pas.",
        not_found: "Introuvable.",
        forbidden: "Votre rôle ne le permet pas.",
        wrong_role: "Votre rôle ne le permet pas.",
        import_invalid: "Le fichier contient des entrées non valables\u00a0; rien n\u2019a été importé.",
        unreadable_file: "Le fichier ne peut pas être lu.",
        file_too_large: "Le fichier est trop volumineux.",
        nothing_to_add: "L\u2019entrée a déjà toutes ces formulations.",
        canned_reply_exists: "Une réponse type avec ce titre existe déjà dans cette langue.",
        canned_reply_not_found: "Cette réponse type n\u2019existe plus.",
        ticket_closed: "Ce ticket est fermé."
      },
      refresh: "Actualiser",
      number: "Numéro",
      priority: "Priorité",
      type: "Type",
      subject: "Objet",
      assignee: "Attribué à",
      created: "Créé le",
      updated: "Modifié le",
      ticketsShown: function (from, to, total) { return "Tickets " + from + "–" + to + " sur " + total; },
      noTickets: "Aucun ticket avec ces filtres.",
      openTicket: "Ouvrir le ticket",
      me: "moi",
      nobody: "personne",
      language: "Langue",
      channel: "Canal",
      requester: "Demandeur",
      organisation: "Organisation",
      autoclose: "Fermeture automatique",
      closedAt: "Fermé le",
      faqOffered: "Entrées FAQ proposées",
      description: "Description",
      transcript: "Conversation de chat",
      noTranscript: "Pas de conversation de chat.",
      messages: "Messages",
      noMessages: "Pas encore de messages.",
      events: "Historique",
      actions: "Actions",
      claim: "Prendre en charge",
      actionText: "Texte (réponse, question, solution ou note)",
      reply: "Répondre",
      requestInfo: "Demander des informations",
      resolve: "Résoudre",
      close: "Fermer",
      addNote: "Note interne",
      internalNote: "Note interne",
      textNeeded: "Écrivez d\u2019abord un texte.",
      done: {
        claim: "Ticket pris en charge.", reply: "Réponse envoyée.", "request-info": "Demande d\u2019informations envoyée.",
        resolve: "Ticket résolu.", close: "Ticket fermé.", notes: "Note interne enregistrée.",
        release: "Ticket libéré.", reassign: "Ticket attribué.", faqDraft: "Brouillon FAQ créé."
      },
      visitor: "Visiteur",
      bot: "Assistant",
      authors: { requester: "Demandeur", agent: "Agent" },
      kinds: {
        message: "message", reply: "réponse", request_info: "demande d\u2019informations", resolution: "solution",
        close: "clôture", note: "note"
      },
      st: {
        "new": "Nouveau", open: "Ouvert", waiting_for_requester: "En attente du demandeur", resolved: "Résolu", closed: "Fermé"
      },
      prio: { low: "Basse", normal: "Normale", high: "Haute", urgent: "Urgente" },
      types: {
        question: "Question", incident: "Incident", urgent_incident: "Incident urgent", complaint: "Plainte",
        request: "Demande"
      },
      ev: {
        created: "créé", claimed: "pris en charge", reassigned: "réattribué", replied: "répondu",
        info_requested: "informations demandées", resolved: "résolu", closed: "fermé", note_added: "note ajoutée",
        requester_message: "message du demandeur", autoclosed: "fermé automatiquement", released: "libéré",
        faq_draft_created: "brouillon FAQ créé", mail_bounced: "l'e-mail au demandeur n'est pas arrivé",
        several_subjects: "message à plusieurs sujets : un seul sujet par ticket",
        follows_closed: "suite d'un ticket fermé", email_attached: "e-mail du tri lié",
        attachments_refused: "pièces jointes non conservées (programme ou script, ou trop grandes)"
      },
      actors: { user: "collaborateur", requester: "demandeur", system: "système" },
      faqTitle: "Gérer la FAQ",
      unansweredTitle: "Ce que l\u2019assistant n\u2019a pas pu répondre",
      query: "Question du visiteur",
      lang: "Langue",
      count: "Nombre",
      noMatch: "Sans réponse",
      reported: "Signalé",
      notHelpful: "Pas utile",
      lastAt: "Dernière fois",
      nothingUnanswered: "Rien à signaler\u00a0: l\u2019assistant a pu tout répondre.",
      createFromThis: "Créer une entrée",
      markHandled: "Marquer comme traité",
      unmarkHandled: "Ne plus marquer comme traité",
      showHandled: "Afficher les questions traitées",
      handledOn: function (at, who) { return "Traité le " + at + (who ? " par " + who : ""); },
      cameBack: function (at) { return "Revenu (traité le " + at + ")"; },
      answeredBy: "entrée",
      markedHandled: function (q) { return "Marqué comme traité\u00a0: " + q; },
      unmarkedHandled: function (q) { return "Plus marqué comme traité\u00a0: " + q; },
      entriesTitle: "Entrées de la FAQ",
      searchText: "Rechercher dans le texte",
      filter: "Filtrer",
      newEntry: "Nouvelle entrée",
      entryId: "Id",
      question: "Question",
      answer: "Réponse (Markdown)",
      alternatives: "Autres formulations (une par ligne)",
      url: "Lien (https://…)",
      tags: "Tags (séparés par des virgules)",
      group: "Groupe (relie NL et FR)",
      idHint: "Minuscules, chiffres et traits d\u2019union\u00a0; ne peut plus changer après la création.",
      save: "Enregistrer",
      publish: "Publier",
      archive: "Archiver",
      cancel: "Annuler",
      more: "Afficher plus",
      entriesShown: function (n, total) { return n + " entrées sur " + total; },
      noEntries: "Aucune entrée avec ces filtres.",
      editEntry: "Modifier l\u2019entrée",
      newEntryTitle: "Nouvelle entrée de la FAQ",
      es: { draft: "Brouillon", published: "Publiée", archived: "Archivée" },
      stateLine: function (status, who, at) { return "Statut\u00a0: " + status + (who ? " · dernière modification par " + who + " le " + at : ""); },
      saved: "Enregistré.",
      savedWithWarnings: "Enregistré, avec des avertissements\u00a0: vérifiez les questions similaires.",
      published: "Publiée.",
      archived: "Archivée.",
      warningsTitle: "Attention\u00a0: questions similaires",
      history: "Historique de l\u2019entrée",
      entryActions: { create: "créée", update: "modifiée", publish: "publiée", archive: "archivée", "import": "importée" },
      warnCodes: {
        same_question: function (asked, id, q) { return "L\u2019entrée " + id + " a la même question\u00a0: «\u00a0" + q + "\u00a0»."; },
        answered_by: function (asked, id, q) {
          return "Qui demande «\u00a0" + asked + "\u00a0» reçoit maintenant la réponse de " + id + " («\u00a0" + q + "\u00a0»).";
        },
        confused_with: function (asked, id, q) {
          return "Qui demande «\u00a0" + asked + "\u00a0» se voit proposer aussi " + id + " («\u00a0" + q + "\u00a0»).";
        }
      },
      score: "score",
      prefilled: "Question reprise\u00a0: complétez la réponse et enregistrez.",
      required: "Indiquez au moins l\u2019id, la question et la réponse.",
      testTitle: "Tester une question",
      testQuestion: "Question telle qu\u2019un visiteur la pose",
      test: "Tester",
      testRoute: "L\u2019assistant va",
      seeAlso: "avec la réponse FAQ en bouton",
      testNlu: "NLU (intention)",
      nluDown: "injoignable\u00a0: la FAQ et les règles décident seules",
      testFaq: "FAQ",
      notSearched: "pas cherché (courte formule de politesse)",
      testHits: "Entrées FAQ trouvées avec leur score",
      routes: {
        faq_answer: "répondre avec l\u2019entrée FAQ", faq_clarify: "faire choisir entre des entrées FAQ",
        faq_answer_then_ticket: "donner d\u2019abord la réponse FAQ, puis proposer un ticket",
        ticket_offer: "dire que la FAQ n\u2019a pas de réponse et proposer un ticket",
        request_ticket: "créer un ticket", urgent_incident: "renvoyer au téléphone (incident urgent)",
        complaint: "renvoyer au formulaire de plainte", ticket_status: "donner le statut d\u2019un ticket",
        add_info: "ajouter des informations à un ticket", request_human: "renvoyer vers un collaborateur",
        office_hours: "donner les heures d\u2019ouverture", switch_language: "changer de langue",
        small_talk: "répondre poliment", out_of_scope: "dire que cela sort du service",
        fallback: "demander de reformuler"
      },
      decisions: { answer: "réponse", clarify: "choix", no_match: "pas de réponse" },
      groupsTitle: "Questions sans réponse, groupées par sens",
      groupsHint: "Cochez les formulations qui relèvent d\u2019une même question\u00a0; créez-en une entrée ou ajoutez-les à une entrée existante. C\u2019est immédiat.",
      groupMeta: function (n, lang, at) { return (n === 1 ? "1 conversation" : n + " conversations") + " · " + lang + " · dernière le " + at; },
      refused: "n\u2019a pas aidé",
      createFromGroup: "Créer une entrée du groupe",
      phrasings: "Formulations des visiteurs",
      addToEntry: "À l\u2019entrée (id)",
      addPhrasings: "Ajouter les formulations",
      pickPhrasings: "Choisissez une entrée et au moins une formulation.",
      phrasingsAdded: function (n, id) { return n + (n === 1 ? " formulation ajoutée" : " formulations ajoutées") + " à " + id + "\u00a0; l\u2019assistant les utilise tout de suite."; },
      lowTitle: "Les réponses qui aident le moins",
      notHelpedRate: "N\u2019a pas aidé",
      askedBy: "Demandé comme",
      nothingLow: "Pas encore de votes négatifs.",
      preview: "Aperçu tel que le visiteur le voit",
      pairTitle: function (lang) { return "Traduction (" + lang + ")"; },
      pairMissing: function (lang) { return "Traduction (" + lang + ") manquante"; },
      pairOpen: "Modifier la traduction",
      pairCreate: function (lang) { return "Créer la traduction (" + lang + ")"; },
      translation: "Autre langue",
      missing: "manquante",
      fields: { question: "question", answer: "réponse", alternatives: "formulations", url: "lien", tags: "tags",
                group: "groupe", status: "statut", lang: "langue" },
      importExport: "Importer et exporter",
      exportJsonl: "Exporter (JSONL)",
      exportCsv: "Exporter (CSV)",
      exportYaml: "Exporter (YAML)",
      importFile: "Fichier à importer (JSONL, CSV ou YAML)",
      "import": "Importer",
      pickFile: "Choisissez d\u2019abord un fichier.",
      imported: function (c, u, n) { return "Importé\u00a0: " + c + " nouvelles, " + u + " modifiées, " + n + " inchangées."; },
      cannedManage: "Gérer les réponses types",
      cannedTitle: "Titre",
      cannedText: "Texte",
      cannedSave: "Enregistrer la réponse type",
      cannedSaved: "Réponse type enregistrée.",
      cannedRemoved: "Réponse type supprimée.",
      cannedNeeded: "Indiquez un titre et un texte.",
      edit: "Modifier",
      remove: "Supprimer"
    }
  };

  /* ---------- state ---------- */

  var state = {
    lang: "nl",
    token: null,
    me: null,
    view: null,
    queue: null,
    offset: 0,        // the queue's page
    cursor: -1,       // the queue row that j/k moved to
    assignees: null,  // the colleagues a ticket can go to
    canned: null,     // the canned replies in the open ticket's language
    pollTimer: null,
    ticket: null,
    unanswered: null,
    entries: null,
    entry: null,      // the entry being edited (null: a new one)
    fromUnanswered: null,  // {query, lang} when the new entry was started from an unanswered question
    warnings: []
  };

  function $(id) { return document.getElementById(id); }
  function t(key) { return TEXTS[state.lang][key]; }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function label(map, value) {
    var m = t(map);
    return (m && Object.prototype.hasOwnProperty.call(m, value)) ? m[value] : String(value);
  }
  function fmtDate(iso) {
    if (!iso) return "";
    var d = new Date(iso);
    if (isNaN(d.getTime())) return String(iso);
    return d.toLocaleString(state.lang === "fr" ? "fr-BE" : "nl-BE",
      { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Brussels" });
  }
  function storage(key, value) {
    try {
      if (value === undefined) return window.sessionStorage.getItem(key);
      if (value === null) window.sessionStorage.removeItem(key); else window.sessionStorage.setItem(key, value);
    } catch (e) { /* storage disabled: the console still works until a reload */ }
    return null;
  }
  function normLang(v) {
    v = String(v || "").toLowerCase().slice(0, 2);
    return LANGS.indexOf(v) >= 0 ? v : null;
  }
  function initialLang() {
    var stored = normLang(storage(LANG_KEY));
    if (stored) return stored;
    var fromUrl = normLang(new URLSearchParams(window.location.search).get("lang"));
    if (fromUrl) return fromUrl;
    var langs = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language];
    for (var i = 0; i < langs.length; i++) {
      var l = normLang(langs[i]);
      if (l) return l;
    }
    return normLang(document.documentElement.getAttribute("lang")) || "nl";
  }
  function hasRole(roles) { return !!state.me && roles.indexOf(state.me.role) >= 0; }

  /* ---------- the status line (aria-live) ---------- */

  /* A message is a string (the API's own words) or a function of the UI language (ours), which a
     language switch renders again. */
  var MESSAGE_NODES = ["status", "login-error", "ticket-error", "editor-error"];
  function setMessage(node, msg) {
    node.fdMessage = typeof msg === "function" ? msg : null;
    node.textContent = node.fdMessage ? node.fdMessage() : (msg || "");
  }
  function T(key) { return function () { return t(key); }; }

  function say(msg, kind) {
    var s = $("status");
    s.className = "status" + (kind === "error" ? " is-error" : kind === "ok" ? " is-ok" : "");
    setMessage(s, msg);
  }

  /* ---------- the API ---------- */

  function api(method, path, body) {
    var opts = { method: method, headers: { "Accept": "application/json" }, cache: "no-store" };
    if (state.token) opts.headers["Authorization"] = "Bearer " + state.token;
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (r) {
      if (r.status === 204) return { ok: r.ok, status: r.status, data: null };
      return r.json().catch(function () { return null; }).then(function (data) {
        var res = { ok: r.ok, status: r.status, data: data };
        if (r.status === 401 && state.token && path !== "/auth/login") {
          res.lost = true;  // the login form is back with its own message
          sessionLost();
        }
        return res;
      });
    }, function () { return { ok: false, status: 0, data: null }; });
  }

  /* The API's own words for a failed request: its detail and stable code. */
  function problem(res) {
    if (!res || res.status === 0) return t("network");
    var d = res.data || {};
    var own = d.code && t("errors")[d.code];
    if (own) return own + " (" + d.code + ")";
    if (d.detail) return String(d.detail) + (d.code ? " (" + d.code + ")" : "");
    return t("httpError") + " " + res.status;
  }

  /* Shows a failed request's problem in the status line (and in a form's error line, if given). */
  function fail(res, node) {
    if (res.lost) return;
    if (node) setMessage(node, problem(res));
    say(problem(res), "error");
  }

  function qs(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v !== null && v !== undefined && v !== "") parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(v));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  /* ---------- language ---------- */

  function applyLang() {
    var texts = TEXTS[state.lang];
    document.documentElement.lang = state.lang;
    document.title = texts.pageTitle;
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (node) {
      var v = node.getAttribute("data-i18n").split(".").reduce(function (o, k) { return o && o[k]; }, texts);
      if (typeof v === "string") node.textContent = v;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n-label]"), function (node) {
      var v = texts[node.getAttribute("data-i18n-label")];
      if (typeof v === "string") node.setAttribute("aria-label", v);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".lang-btn"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-lang") === state.lang ? "true" : "false");
    });
    MESSAGE_NODES.forEach(function (id) {
      var node = $(id);
      if (node.fdMessage) node.textContent = node.fdMessage();
    });
    renderWho();
    if (state.queue) renderQueue();
    if (state.ticket) renderTicket();
    if (state.triageKey && state.token) loadTriage();
    if ($("help").open) renderHelp();
    if (state.unanswered) renderUnanswered();
    if (state.groups) renderGroups();
    if (state.tested) renderTest();
    if (state.entries) renderEntries();
    if (!$("editor").hidden) renderEditorHead();
  }

  function setLang(lang) {
    state.lang = lang;
    storage(LANG_KEY, lang);
    applyLang();
  }

  /* ---------- login, session ---------- */

  /* Back to the sign-in form; nothing of the previous person's data stays on the page. */
  function showLogin() {
    state.me = null;
    state.queue = state.ticket = state.unanswered = state.entries = state.entry = state.assignees = null;
    state.groups = state.tested = state.pair = null;
    state.triageKey = null;
    clear($("triage-list"));
    $("triage").hidden = true;
    clear($("test-result"));
    clear($("groups"));
    state.warnings = [];
    window.clearTimeout(state.pollTimer);
    $("ticket").hidden = true;
    $("queue-view").hidden = false;
    $("editor").hidden = true;
    ["queue", "unanswered", "entries"].forEach(function (id) { clear($(id).querySelector("tbody")); });
    $("app-view").hidden = true;
    $("login-view").hidden = false;
    $("logout").hidden = true;
    renderWho();
  }

  function sessionLost() {
    state.token = null;
    storage(TOKEN_KEY, null);
    showLogin();
    say(T("expired"), "error");
  }

  function login(ev) {
    ev.preventDefault();
    var email = $("login-email").value.trim();
    var password = $("login-password").value;
    var err = $("login-error");
    setMessage(err, "");
    if (!email || !password) {
      setMessage(err, T("fillBoth"));
      return;
    }
    say(T("loading"));
    api("POST", "/auth/login", { email: email, password: password }).then(function (res) {
      if (!res.ok) {
        var msg = res.status === 401 ? T("badLogin") : res.status === 422 ? T("fillBoth") : problem(res);
        setMessage(err, msg);
        say(msg, "error");
        $("login-password").focus();
        return;
      }
      state.token = res.data.token;
      storage(TOKEN_KEY, state.token);
      $("login-password").value = "";
      loadMe(true);
    });
  }

  function loadMe(fresh) {
    return api("GET", "/auth/me").then(function (res) {
      if (!res.ok) {
        if (res.status !== 401) { showLogin(); say(problem(res), "error"); }
        return;
      }
      state.me = res.data;
      var agent = hasRole(AGENT_ROLES), editor = hasRole(EDITOR_ROLES);
      if (!agent && !editor) {
        showLogin();
        say(T("noAccess"), "error");
        return;
      }
      $("login-view").hidden = true;
      setMessage($("login-error"), "");
      $("app-view").hidden = false;
      $("logout").hidden = false;
      $("tab-tickets").hidden = !agent;
      $("tab-faq").hidden = !editor;
      renderWho();
      if (fresh) say(T("loggedIn"), "ok"); else say("");
      if (agent) { loadAssignees(); poll(); }
      route();
      if (!/^#ticket\//.test(location.hash)) $("main").focus();
    });
  }

  function logout() {
    var done = function () {
      state.token = null;
      storage(TOKEN_KEY, null);
      showLogin();
      say(T("loggedOut"), "ok");
      $("login-email").focus();
    };
    api("POST", "/auth/logout").then(done, done);
  }

  function renderWho() {
    var who = $("who");
    if (!state.me) { who.hidden = true; who.textContent = ""; return; }
    who.hidden = false;
    who.textContent = t("signedInAs") + " " + state.me.email + " (" + label("roles", state.me.role) + ")";
  }

  /* ---------- views ---------- */

  function show(view, forTicket) {
    state.view = view;
    $("tickets-view").hidden = view !== "tickets";
    $("faq-view").hidden = view !== "faq";
    ["tickets", "faq"].forEach(function (v) {
      var tab = $("tab-" + v);
      if (v === view) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
    });
    if (view === "tickets" && !forTicket) closeTicket();
    if (view === "faq") { loadUnanswered(); loadEntries(); loadGroups(); loadLowRated(); }
  }

  /* ---------- agents: the queue ---------- */

  var PAGE = 50;
  // the queue (and the open ticket) follow colleagues' changes without a reload; a tab may set its own pace
  var POLL_MS = Number(storage("frontdoor.console.poll")) || 5000;

  function queueParams() {
    var params = { q: $("f-q").value.trim(), status: $("f-status").value, type: $("f-type").value,
                   language: $("f-language").value, priority: $("f-priority").value, sort: $("f-sort").value,
                   limit: PAGE, offset: state.offset };
    var who = $("f-assignee").value;
    if (who === "mine") params.mine = "true";
    else if (who === "none") params.unassigned = "true";
    else if (who) params.assignee = who;
    if ($("f-replied").checked) params.replied = "true";
    return params;
  }

  /* A requester's e-mail attachments: downloaded with the token (fetch + blob), never opened in the console. */
  function attachmentList(number, files) {
    var box = el("div", "attachments");
    box.appendChild(el("p", "muted", t("attachments") + ":"));
    var ul = el("ul");
    files.forEach(function (a) {
      var li = el("li");
      var b = el("button", "btn btn-secondary btn-small", a.filename + " (" + Math.max(1, Math.round(a.size / 1024)) + " KB)");
      b.type = "button";
      b.setAttribute("aria-label", t("download") + ": " + a.filename);
      b.addEventListener("click", function () { downloadAttachment(number, a); });
      li.appendChild(b);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }

  function downloadAttachment(number, a) {
    var opts = { headers: { Authorization: "Bearer " + state.token }, cache: "no-store" };
    fetch("/tickets/" + encodeURIComponent(number) + "/attachments/" + a.id, opts).then(function (r) {
      if (!r.ok) { return r.json().catch(function () { return null; }).then(function (d) { fail({ status: r.status, data: d }); return null; }); }
      return r.blob();
    }, function () { fail({ status: 0 }); return null; }).then(function (blob) {
      if (!blob) return;
      var link = el("a");
      link.href = URL.createObjectURL(blob);
      link.download = a.filename;
      document.body.appendChild(link);
      link.click();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    });
  }

  /* E-mails the API could not thread: attach to a ticket the agent names, or dismiss. */
  function loadTriage() {
    return api("GET", "/inbound/triage").then(function (res) {
      var ul = $("triage-list");
      var items = res.ok ? res.data : [];
      // the same items in the same language: keep the list, and what the agent is typing in it
      var key = state.lang + ":" + items.map(function (it) { return it.id; }).join(",");
      if (key === state.triageKey) return;
      state.triageKey = key;
      clear(ul);
      $("triage").hidden = !items.length;
      items.forEach(function (it) {
        var li = el("li");
        li.appendChild(el("p", "meta", fmtDate(it.received_at) + " · " + t("emailFrom") + " " + it.sender + " · "
          + label("triageReasons", it.reason)));
        li.appendChild(el("strong", null, it.subject));
        if (it.body) li.appendChild(el("p", "pre", it.body));
        var form = el("form", "inline");
        var id = "triage-number-" + it.id;
        var lab = el("label", null, t("triageNumber"));
        lab.setAttribute("for", id);
        var input = el("input");
        input.id = id;
        input.required = true;
        input.pattern = "[Ss][Dd]-[0-9]{4}-[0-9]{6}";
        var attach = el("button", "btn btn-small", t("triageAttach"));
        attach.type = "submit";
        var dismiss = el("button", "btn btn-secondary btn-small", t("triageDismiss"));
        dismiss.type = "button";
        form.addEventListener("submit", function (ev) {
          ev.preventDefault();
          api("POST", "/inbound/triage/" + it.id + "/attach", { number: input.value.trim().toUpperCase() }).then(function (r) {
            if (!r.ok) { fail(r); return; }
            say(function () { return t("triageAttached")(r.data.number); }, "ok");
            loadQueue(true);
          });
        });
        dismiss.addEventListener("click", function () {
          api("POST", "/inbound/triage/" + it.id + "/dismiss").then(function (r) {
            if (!r.ok) { fail(r); return; }
            say(T("triageDismissed"), "ok");
            loadTriage();
          });
        });
        [lab, input, attach, dismiss].forEach(function (n) { form.appendChild(n); form.appendChild(document.createTextNode(" ")); });
        li.appendChild(form);
        ul.appendChild(li);
      });
    });
  }

  function loadQueue(quiet) {
    return api("GET", "/tickets" + qs(queueParams())).then(function (res) {
      if (!res.ok) { if (!quiet) fail(res); return; }
      state.queue = res.data;
      renderQueue();
      loadTriage();  // after the queue: a lost session is the queue's to report
      var open = state.ticket && res.data.items.filter(function (it) { return it.number === state.ticket.number; })[0];
      if (quiet && open && open.updated_at !== state.ticket.updated_at) openTicket(open.number, false, true);
    });
  }

  function loadAssignees() {
    return api("GET", "/tickets/assignees").then(function (res) {
      if (!res.ok) return;
      state.assignees = res.data;
      var sel = $("f-assignee"), keep = sel.value;
      Array.prototype.slice.call(sel.options, 3).forEach(function (o) { sel.removeChild(o); });
      res.data.forEach(function (u) {
        if (state.me && u.id === state.me.id) return;
        var o = el("option", null, u.name || u.email);
        o.value = String(u.id);
        sel.appendChild(o);
      });
      sel.value = keep;
      if (state.ticket) renderTicket();
    });
  }

  function assigneeText(id) {
    if (id == null) return t("nobody");
    if (state.me && id === state.me.id) return t("me");
    var u = (state.assignees || []).filter(function (a) { return a.id === id; })[0];
    return u ? (u.name || u.email) : "#" + id;
  }

  function markers(it, node) {
    if (it.requester_replied_at) node.appendChild(el("span", "badge badge-replied", t("markerReplied")));
    if (it.reopened_at) node.appendChild(el("span", "badge badge-reopened", t("markerReopened")));
  }

  function renderQueue() {
    var body = $("queue").querySelector("tbody");
    clear(body);
    var q = state.queue, items = q.items || [];
    $("queue-count").textContent = items.length
      ? t("ticketsShown")(state.offset + 1, state.offset + items.length, q.total) : t("noTickets");
    // each status option tells how many tickets it would show with the other filters
    Array.prototype.forEach.call($("f-status").options, function (o) {
      var name = o.value ? label("st", o.value) : t("any");
      o.textContent = o.value && q.counts ? name + " (" + (q.counts[o.value] || 0) + ")" : name;
    });
    $("page-prev").disabled = state.offset === 0;
    $("page-next").disabled = state.offset + items.length >= q.total;
    items.forEach(function (it, i) {
      var tr = el("tr");
      tr.setAttribute("data-number", it.number);
      if (it.requester_replied_at) tr.classList.add("is-replied");
      if (i === state.cursor) tr.classList.add("is-cursor");
      var tdNum = el("td");
      var open = el("a", "link-btn", it.number);
      open.href = "#ticket/" + encodeURIComponent(it.number);
      open.setAttribute("aria-label", t("openTicket") + " " + it.number);
      tdNum.appendChild(open);
      tr.appendChild(tdNum);
      var tdPrio = el("td");
      tdPrio.appendChild(el("span", "badge badge-" + it.priority, label("prio", it.priority)));
      tr.appendChild(tdPrio);
      var tdStatus = el("td", "status-cell", label("st", it.status));
      markers(it, tdStatus);
      tr.appendChild(tdStatus);
      tr.appendChild(el("td", null, label("types", it.type)));
      tr.appendChild(el("td", null, String(it.language).toUpperCase()));
      tr.appendChild(el("td", "q subject", it.subject));
      tr.appendChild(el("td", "q", it.name ? it.name + " – " + it.email : it.email));
      tr.appendChild(el("td", null, assigneeText(it.assignee_id)));
      tr.appendChild(el("td", null, fmtDate(it.updated_at)));
      body.appendChild(tr);
    });
  }

  function moveCursor(step) {
    var rows = $("queue").querySelectorAll("tbody tr");
    if (!rows.length) return;
    state.cursor = Math.max(0, Math.min(rows.length - 1, (state.cursor < 0 ? -1 : state.cursor) + step));
    Array.prototype.forEach.call(rows, function (r, i) { r.classList.toggle("is-cursor", i === state.cursor); });
    rows[state.cursor].querySelector("a").focus();
  }

  function poll() {
    window.clearTimeout(state.pollTimer);
    state.pollTimer = window.setTimeout(function () {
      if (state.view === "tickets" && state.token && document.visibilityState !== "hidden") loadQueue(true);
      if (state.token) poll();
    }, POLL_MS);
  }

  /* ---------- agents: one ticket (its own URL: #ticket/<number>) ---------- */

  function openTicket(number, focus, keepError) {
    return api("GET", "/tickets/" + encodeURIComponent(number) + "/detail").then(function (res) {
      if (!res.ok) { fail(res); if (res.status === 404) location.hash = "#queue"; return; }
      var changed = !state.ticket || state.ticket.number !== res.data.number;
      state.ticket = res.data;
      if (!keepError) setMessage($("ticket-error"), "");
      if (changed) { clear($("act-faq-hits")); $("act-faq-q").value = ""; loadCanned(res.data.language); }
      renderTicket();
      $("queue-view").hidden = true;
      $("ticket").hidden = false;
      if (focus) $("ticket-title").focus();
    });
  }

  function closeTicket() {
    state.ticket = null;
    $("ticket").hidden = true;
    $("queue-view").hidden = false;
    loadQueue();
  }

  function fact(dl, name, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", null, name));
    dl.appendChild(typeof value === "string" ? el("dd", null, value) : (function () {
      var dd = el("dd"); dd.appendChild(value); return dd;
    })());
  }

  function markdown(text) {
    var md = window.FrontdoorWidget && window.FrontdoorWidget.renderMarkdown;
    if (md) return md(text, state.lang);
    return el("p", "pre", text);  // the widget's renderer did not load: the raw text, never HTML
  }

  function autocloseText(tk) {
    if (tk.status === "closed") {
      var auto = (tk.events || []).some(function (e) { return e.kind === "autoclosed"; });
      return auto ? t("autoclosedOn")(fmtDate(tk.closed_at)) : null;
    }
    if (!tk.autoclose_at) return null;
    return t("autoclosesOn")(fmtDate(tk.autoclose_at), tk.autoclose_working_days);
  }

  function renderTicket() {
    var tk = state.ticket;
    $("ticket-title").textContent = tk.number + " – " + tk.subject;
    var mk = $("ticket-markers");
    clear(mk);
    markers(tk, mk);
    var dl = $("ticket-facts");
    clear(dl);
    fact(dl, t("status"), label("st", tk.status));
    fact(dl, t("priority"), label("prio", tk.priority));
    fact(dl, t("type"), label("types", tk.type));
    fact(dl, t("language"), String(tk.language).toUpperCase());
    fact(dl, t("channel"), label("channels", tk.channel));
    fact(dl, t("requester"), [tk.name, tk.email].filter(Boolean).join(" – "));
    fact(dl, t("organisation"), tk.organisation);
    fact(dl, t("assignee"), assigneeText(tk.assignee_id));
    fact(dl, t("created"), fmtDate(tk.created_at));
    fact(dl, t("lastActivity"), fmtDate(tk.updated_at));
    fact(dl, t("autoclose"), autocloseText(tk));
    if (tk.status === "closed") fact(dl, t("closedAt"), fmtDate(tk.closed_at));
    $("ticket-description").textContent = tk.description;
    var opening = $("ticket-attachments");
    clear(opening);
    if (tk.attachments && tk.attachments.length) opening.appendChild(attachmentList(tk.number, tk.attachments));

    var offers = $("ticket-offers");
    clear(offers);
    (tk.faq_offers || []).forEach(function (o) {
      var li = el("li", null, (o.question || o.entry_id) + " ");
      var v = o.verdict === true ? "helped" : o.verdict === false ? "notHelped" : "noVerdict";
      li.appendChild(el("span", "badge badge-verdict-" + v, label("verdicts", v)));
      offers.appendChild(li);
    });
    $("ticket-offers-block").hidden = !offers.firstChild;

    var turns = $("ticket-transcript");
    clear(turns);
    (tk.transcript || []).forEach(function (turn) {
      var bot = turn.from === "bot";
      var li = el("li", bot ? "bot" : "visitor");
      li.appendChild(el("p", "from", (bot ? t("bot") : t("visitor")) + (turn.at ? " · " + fmtDate(turn.at) : "")));
      if (turn.pressed) {
        var p = el("p", "pressed");
        p.appendChild(el("span", "badge", t("pressed")));
        p.appendChild(document.createTextNode(" " + turn.text));
        li.appendChild(p);
      } else if (bot) {
        var body = el("div", "md");
        body.appendChild(markdown(turn.text));
        li.appendChild(body);
      } else {
        li.appendChild(el("p", "pre", turn.text));
      }
      (turn.links || []).forEach(function (k) { li.appendChild(el("p", "muted", k.title + ": " + k.url)); });
      if (turn.buttons && turn.buttons.length) li.appendChild(el("p", "muted", t("buttonsShown") + ": " + turn.buttons.join(" · ")));
      turns.appendChild(li);
    });
    if (!turns.firstChild) turns.appendChild(el("li", "muted", t("noTranscript")));

    var msgs = $("ticket-messages");
    clear(msgs);
    (tk.messages || []).forEach(function (m) {
      var li = el("li", m.internal ? "internal" : m.author);
      var meta = el("p", "meta");
      if (m.internal) {
        meta.appendChild(el("span", "badge badge-internal", t("internalNote")));
        meta.appendChild(document.createTextNode(" "));
      }
      if (m.channel === "email") {
        meta.appendChild(el("span", "badge badge-email", label("channels", "email")));
        meta.appendChild(document.createTextNode(" "));
      }
      meta.appendChild(document.createTextNode(label("authors", m.author) + " · " + label("kinds", m.kind) + " · " + fmtDate(m.at)
        + (m.sender ? " · " + t("emailFrom") + " " + m.sender : "")));
      li.appendChild(meta);
      li.appendChild(el("p", "pre", m.text));
      if (m.refused_attachments) li.appendChild(el("p", "muted", t("refusedAttachments")(m.refused_attachments)));
      if (m.attachments && m.attachments.length) li.appendChild(attachmentList(tk.number, m.attachments));
      msgs.appendChild(li);
    });
    if (!msgs.firstChild) msgs.appendChild(el("li", "muted", t("noMessages")));

    var evs = $("ticket-events");
    clear(evs);
    (tk.events || []).forEach(function (e) {
      var who = e.actor_email || label("actors", e.actor);
      var move = e.from_status || e.to_status
        ? " (" + (e.from_status ? label("st", e.from_status) + " → " : "") + (e.to_status ? label("st", e.to_status) : "") + ")"
        : "";
      var to = e.data && e.data.to_assignee ? " → " + assigneeText(e.data.to_assignee) : "";
      var d = e.data || {}, detail = d.entry_id || d.previous || d.count || d.subjects;  // entry, old ticket, how many
      var entry = detail ? " · " + detail : "";
      evs.appendChild(el("li", null, fmtDate(e.at) + " · " + label("ev", e.kind) + " · " + who + move + to + entry));
    });

    var sel = $("act-assignee");
    clear(sel);
    (state.assignees || []).forEach(function (u) {
      if (u.id === tk.assignee_id) return;
      if (tk.type === "complaint" && u.role === "agent") return;  // complaints go to the service managers
      var o = el("option", null, (u.name || u.email) + (state.me && u.id === state.me.id ? " (" + t("me") + ")" : ""));
      o.value = String(u.id);
      sel.appendChild(o);
    });

    // Buttons follow the API's transition table; the API stays the judge (a stale page gets its 409).
    var s = tk.status;
    var working = s === "open" || s === "waiting_for_requester";
    $("act-claim").disabled = s !== "new";
    $("act-release").disabled = tk.assignee_id == null || s === "closed";
    $("act-reassign").disabled = s === "closed" || !sel.options.length;
    $("act-faq-draft").hidden = !(s === "resolved" || s === "closed");
    setActionDisabled("reply", !working);
    setActionDisabled("request-info", !working);
    setActionDisabled("resolve", !working);
    setActionDisabled("close", !(working || s === "resolved"));
    setActionDisabled("notes", false);
  }

  function setActionDisabled(action, disabled) {
    var b = document.querySelector('#ticket-action-form [data-action="' + action + '"]');
    if (b) b.disabled = disabled;
  }

  function post(path, body, done) {
    var number = state.ticket.number, err = $("ticket-error");
    setMessage(err, "");
    return api("POST", "/tickets/" + encodeURIComponent(number) + path, body).then(function (res) {
      if (!res.ok) {
        fail(res, err);
        if (res.status === 409) { openTicket(number, false, true); loadQueue(true); }  // the page was stale
        return;
      }
      say(function () { return number + ": " + t("done")[done]; }, "ok");
      openTicket(number, false).then(function () { loadQueue(true); });
      return res;
    });
  }

  function ticketAction(action) {
    var tk = state.ticket;
    if (!tk) return;
    var body;
    if (action !== "claim" && action !== "release") {
      var text = $("act-text").value.trim();
      if (!text && action !== "close") {
        setMessage($("ticket-error"), T("textNeeded"));
        say(T("textNeeded"), "error");
        $("act-text").focus();
        return;
      }
      body = { text: text };
    }
    post("/" + action, body, action).then(function (res) {
      if (res && body) $("act-text").value = "";
    });
  }

  function reassign(ev) {
    ev.preventDefault();
    var id = $("act-assignee").value;
    if (state.ticket && id) post("/reassign", { assignee: Number(id) }, "reassign");
  }

  function faqDraft() {
    if (!state.ticket) return;
    post("/faq-draft", undefined, "faqDraft").then(function (res) {
      if (res) say(function () { return t("draftMade")(res.data.id); }, "ok");
    });
  }

  /* The text box: canned replies and FAQ answers go in at the cursor, to be edited before sending. */
  function insertText(text) {
    var box = $("act-text"), at = box.selectionStart || 0, before = box.value.slice(0, at);
    var sep = before && !/\n$/.test(before) ? "\n\n" : "";
    box.value = before + sep + text + box.value.slice(box.selectionEnd || at);
    box.focus();
    box.selectionStart = box.selectionEnd = (before + sep + text).length;
  }

  function loadCanned(lang) {
    return api("GET", "/canned-replies" + qs({ lang: lang })).then(function (res) {
      var sel = $("act-canned");
      clear(sel);
      state.canned = res.ok ? res.data : [];
      state.canned.forEach(function (c) {
        var o = el("option", null, c.title);
        o.value = String(c.id);
        sel.appendChild(o);
      });
      if (!state.canned.length) sel.appendChild(el("option", null, t("noCanned")));
      $("act-canned-insert").disabled = !state.canned.length;
    });
  }

  function insertCanned() {
    var id = Number($("act-canned").value);
    var c = (state.canned || []).filter(function (x) { return x.id === id; })[0];
    if (c) insertText(c.text);
  }

  function findFaq() {
    var q = $("act-faq-q").value.trim(), list = $("act-faq-hits");
    if (!q || !state.ticket) return;
    api("GET", "/tickets/faq-answers" + qs({ q: q, lang: state.ticket.language })).then(function (res) {
      clear(list);
      if (!res.ok) { fail(res); return; }
      if (!res.data.length) list.appendChild(el("li", "muted", t("noFaqHits")));
      res.data.forEach(function (h) {
        var li = el("li");
        li.appendChild(el("span", null, h.question + " "));
        var b = el("button", "btn btn-secondary btn-small", t("insert"));
        b.type = "button";
        b.setAttribute("aria-label", t("insert") + ": " + h.question);
        b.addEventListener("click", function () {  // as plain text: the reply is an e-mail
          insertText(h.text + (h.url && h.text.indexOf(h.url) < 0 ? "\n\n" + h.url : ""));
        });
        li.appendChild(b);
        list.appendChild(li);
      });
    });
  }

  /* ---------- agents: keyboard shortcuts ---------- */

  var KEYS = ["/", "j", "k", "Enter", "c", "r", "Escape", "?"];

  function renderHelp() {
    var dl = $("help-keys");
    clear(dl);
    KEYS.forEach(function (k) {
      var dt = el("dt");
      dt.appendChild(el("kbd", null, k));
      dl.appendChild(dt);
      dl.appendChild(el("dd", null, t("keys")[k]));
    });
  }

  function showHelp() {
    renderHelp();
    var d = $("help");
    if (typeof d.showModal === "function") d.showModal(); else d.setAttribute("open", "");
    $("help-close").focus();
  }

  function onKey(ev) {
    if (state.view !== "tickets" || ev.ctrlKey || ev.metaKey || ev.altKey || $("help").open) return;
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") {
      if (ev.key === "Escape") ev.target.blur();
      return;
    }
    var inTicket = !!state.ticket && !$("ticket").hidden;
    var handled = true;
    switch (ev.key) {
      case "?": showHelp(); break;
      case "/": if (inTicket) location.hash = "#queue"; $("f-q").focus(); break;
      case "j": if (!inTicket) moveCursor(1); else handled = false; break;
      case "k": if (!inTicket) moveCursor(-1); else handled = false; break;
      case "Escape": if (inTicket) location.hash = "#queue"; else handled = false; break;
      case "c": if (inTicket && !$("act-claim").disabled) ticketAction("claim"); else handled = false; break;
      case "r": if (inTicket) $("act-text").focus(); else handled = false; break;
      default: handled = false;
    }
    if (handled) ev.preventDefault();
  }

  /* ---------- where the address bar points ---------- */

  function route() {
    if (location.hash === "#analytics") {  // the figures (analytics.js) show themselves when their tab is pressed
      show("analytics");
      if ($("analytics-view").hidden && !$("tab-analytics").hidden) $("tab-analytics").click();
      return;
    }
    var m = /^#ticket\/(.+)$/.exec(location.hash);
    if (m && hasRole(AGENT_ROLES)) {
      if (state.view !== "tickets") show("tickets", true);
      openTicket(decodeURIComponent(m[1]), true);
      return;
    }
    if (location.hash === "#faq" && hasRole(EDITOR_ROLES)) { show("faq"); return; }
    show(hasRole(AGENT_ROLES) ? "tickets" : "faq");
  }

  /* ---------- editors: test a question ---------- */

  function testQuestion(ev) {
    ev.preventDefault();
    var q = $("t-q").value.trim(), out = $("test-result");
    if (!q) { $("t-q").focus(); return; }
    api("GET", "/faq/test" + qs({ q: q, lang: $("t-lang").value })).then(function (res) {
      clear(out);
      if (!res.ok) { fail(res); return; }
      state.tested = res.data;
      renderTest();
    });
  }

  function renderTest() {
    var r = state.tested, out = $("test-result");
    clear(out);
    if (!r) return;
    var dl = el("dl", "facts");
    fact(dl, t("testRoute"), label("routes", r.route) + (r.see_also ? " · " + t("seeAlso") : ""));
    fact(dl, t("testNlu"), r.nlu.available
      ? (r.nlu.intent || "–") + " (" + Number(r.nlu.confidence).toFixed(2) + ")" : t("nluDown"));
    fact(dl, t("testFaq"), r.faq.searched ? label("decisions", r.faq.decision) : t("notSearched"));
    out.appendChild(dl);
    if (r.faq.hits.length) {
      var table = el("table", "grid");
      table.appendChild(el("caption", "sr", t("testHits")));
      var head = el("tr");
      [t("entryId"), t("question"), t("score")].forEach(function (h) {
        var th = el("th", null, h); th.scope = "col"; head.appendChild(th);
      });
      var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      var body = el("tbody");
      r.faq.hits.forEach(function (h, i) {
        var tr = el("tr", i === 0 ? "is-current" : null);
        tr.appendChild(el("td", null, h.id));
        tr.appendChild(el("td", "q", h.question));
        tr.appendChild(el("td", null, Number(h.score).toFixed(3)));
        body.appendChild(tr);
      });
      table.appendChild(body);
      var wrap = el("div", "table-wrap"); wrap.appendChild(table); out.appendChild(wrap);
    }
  }

  /* ---------- editors: unanswered questions grouped by meaning ---------- */

  function loadGroups() {
    return api("GET", "/faq/unanswered/groups" + qs({ lang: $("g-lang").value })).then(function (res) {
      if (!res.ok) { fail(res); return; }
      state.groups = res.data;
      renderGroups();
    });
  }

  function checkedPhrasings(li) {
    return Array.prototype.filter.call(li.querySelectorAll("input[type=checkbox]"), function (c) { return c.checked; })
      .map(function (c) { return c.value; });
  }

  function renderGroups() {
    var ol = $("groups");
    clear(ol);
    var groups = state.groups || [];
    $("groups-empty").hidden = groups.length > 0;
    groups.forEach(function (g, gi) {
      var li = el("li", "group card");
      li.appendChild(el("h3", null, g.query));
      li.appendChild(el("p", "muted", t("groupMeta")(g.conversations, String(g.lang).toUpperCase(), fmtDate(g.last_at))
        + (g.not_helpful_entries.length ? " · " + t("refused") + ": " + g.not_helpful_entries.join(", ") : "")));
      var fs = el("fieldset");
      fs.appendChild(el("legend", "sr", t("phrasings")));
      g.phrasings.forEach(function (p, pi) {
        var row = el("div", "check");
        var box = el("input");
        box.type = "checkbox"; box.checked = true; box.value = p; box.id = "g" + gi + "-" + pi;
        var lab = el("label", null, p); lab.htmlFor = box.id;
        row.appendChild(box); row.appendChild(lab); fs.appendChild(row);
      });
      li.appendChild(fs);
      var actions = el("div", "filters");
      var make = el("button", "btn btn-secondary", t("createFromThis"));
      make.type = "button";
      make.setAttribute("aria-label", t("createFromGroup") + ": " + g.query);
      make.addEventListener("click", function () {
        var picked = checkedPhrasings(li);
        newEntry({ question: picked[0] || g.query, lang: g.lang, alternatives: picked.slice(1) });
      });
      actions.appendChild(make);
      var field = el("div", "field");
      var input = el("input");
      input.type = "text"; input.id = "g" + gi + "-entry"; input.setAttribute("list", "entry-ids");
      var lab = el("label", null, t("addToEntry")); lab.htmlFor = input.id;
      field.appendChild(lab); field.appendChild(input); actions.appendChild(field);
      var add = el("button", "btn", t("addPhrasings"));
      add.type = "button";
      add.setAttribute("aria-label", t("addPhrasings") + ": " + g.query);
      add.addEventListener("click", function () { addPhrasings(input.value.trim(), checkedPhrasings(li), input); });
      actions.appendChild(add);
      li.appendChild(actions);
      ol.appendChild(li);
    });
    fillEntryIds();
  }

  function fillEntryIds() {
    var list = $("entry-ids");
    clear(list);
    ((state.entries && state.entries.items) || []).forEach(function (e) {
      var o = el("option"); o.value = e.id; o.label = e.question; list.appendChild(o);
    });
  }

  function addPhrasings(entryId, phrasings, input) {
    if (!entryId || !phrasings.length) { say(T("pickPhrasings"), "error"); input.focus(); return; }
    api("POST", "/faq/entries/" + encodeURIComponent(entryId) + "/phrasings", { phrasings: phrasings }).then(function (res) {
      if (!res.ok) { fail(res); return; }
      say(function () { return t("phrasingsAdded")(phrasings.length, entryId); }, "ok");
      loadGroups();
      loadUnanswered();
      loadEntries();
    });
  }

  /* ---------- editors: the answers that help least ---------- */

  function loadLowRated() {
    return api("GET", "/faq/low-rated").then(function (res) {
      if (!res.ok) { fail(res); return; }
      var body = $("low-rated").querySelector("tbody");
      clear(body);
      $("low-empty").hidden = res.data.length > 0;
      res.data.forEach(function (r) {
        var tr = el("tr");
        var td = el("td");
        var b = el("button", "link-btn", r.entry_id);
        b.type = "button";
        b.setAttribute("aria-label", t("editEntry") + " " + r.entry_id);
        b.addEventListener("click", function () { editEntry(r.entry_id); });
        td.appendChild(b);
        tr.appendChild(td);
        tr.appendChild(el("td", "q", r.question));
        tr.appendChild(el("td", null, Math.round(r.rate * 100) + "% (" + r.not_helpful + "/" + r.votes + ")"));
        tr.appendChild(el("td", "q", r.questions.join(" · ")));
        body.appendChild(tr);
      });
    });
  }

  /* ---------- editors: preview, the other language, history diff ---------- */

  function renderPreview() {
    var box = $("x-preview");
    clear(box);
    box.appendChild(markdown($("x-answer").value));
  }

  function renderPair() {
    var e = state.entry, box = $("editor-pair");
    var group = e ? e.group : $("x-group").value.trim();
    if (!group) { box.hidden = true; return; }
    var lang = (e ? e.lang : $("x-lang").value) === "nl" ? "fr" : "nl";
    api("GET", "/faq/entries" + qs({ group: group, lang: lang, limit: 1 })).then(function (res) {
      if (!res.ok) return;
      var other = res.data.items[0];
      state.pair = { group: group, lang: lang, entry: other || null };
      box.hidden = false;
      box.classList.toggle("is-missing", !other);
      $("pair-title").textContent = other ? t("pairTitle")(lang.toUpperCase()) : t("pairMissing")(lang.toUpperCase());
      $("pair-question").textContent = other ? other.question : "";
      clear($("pair-answer"));
      if (other) $("pair-answer").appendChild(markdown(other.answer));
      $("pair-open").textContent = other ? t("pairOpen") : t("pairCreate")(lang.toUpperCase());
    });
  }

  function openPair() {
    var p = state.pair;
    if (!p) return;
    if (p.entry) { editEntry(p.entry.id); return; }
    var base = state.entry ? state.entry.id.replace(/-(nl|fr)$/, "") : p.group;
    openEditor(null, { id: base + "-" + p.lang, lang: p.lang, group: p.group, question: "" });
    $("x-question").focus();
  }

  var DIFF_FIELDS = ["question", "answer", "alternatives", "url", "tags", "group", "status", "lang"];

  function brief(value) {
    if (value == null || value === "" || (Array.isArray(value) && !value.length)) return "–";
    var s = Array.isArray(value) ? value.join(" | ") : String(value);
    return s.length > 160 ? s.slice(0, 157) + "…" : s;
  }

  function historyDiff(h) {
    var before = h.before || {}, after = h.after || {};
    if (!h.before) return [];
    return DIFF_FIELDS.filter(function (f) { return JSON.stringify(before[f]) !== JSON.stringify(after[f]); })
      .map(function (f) { return t("fields")[f] + ": " + brief(before[f]) + " → " + brief(after[f]); });
  }

  /* ---------- editors: import and export ---------- */

  function exportFaq(format) {
    var opts = { headers: { Authorization: "Bearer " + state.token }, cache: "no-store" };
    fetch("/faq/export" + qs({ format: format }), opts).then(function (r) {
      if (!r.ok) { fail({ status: r.status, data: null }); return null; }
      return r.blob();
    }, function () { fail({ status: 0 }); return null; }).then(function (blob) {
      if (!blob) return;
      var a = el("a");
      a.href = URL.createObjectURL(blob);
      a.download = "faq." + format;
      document.body.appendChild(a);
      a.click();
      window.setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });
  }

  function importFaq(ev) {
    ev.preventDefault();
    var file = $("import-file").files[0], out = $("import-result");
    if (!file) { say(T("pickFile"), "error"); $("import-file").focus(); return; }
    var format = /\.csv$/i.test(file.name) ? "csv" : /\.ya?ml$/i.test(file.name) ? "yaml" : "jsonl";
    file.arrayBuffer().then(function (buf) {
      return fetch("/faq/import" + qs({ format: format }), {
        method: "POST", body: buf, cache: "no-store",
        headers: { Authorization: "Bearer " + state.token, "Content-Type": "application/octet-stream" }
      });
    }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (data) { return { ok: r.ok, status: r.status, data: data }; });
    }, function () { return { ok: false, status: 0, data: null }; }).then(function (res) {
      if (!res.ok) {
        var errs = (res.data && res.data.errors) || [];
        out.textContent = problem(res) + (errs.length ? " " + errs.slice(0, 5).map(function (e) {
          return "#" + (e.line || e.record || "?") + ": " + (e.detail || e.error || "");
        }).join(" · ") : "");
        fail(res);
        return;
      }
      out.textContent = t("imported")(res.data.created, res.data.updated, res.data.unchanged);
      say(function () { return t("imported")(res.data.created, res.data.updated, res.data.unchanged); }, "ok");
      loadEntries();
    });
  }

  /* ---------- agents: managing the canned replies ---------- */

  function loadCannedList() {
    return api("GET", "/canned-replies").then(function (res) {
      var ul = $("canned-list");
      clear(ul);
      if (!res.ok) return;
      res.data.forEach(function (c) {
        var li = el("li");
        li.appendChild(el("strong", null, String(c.lang).toUpperCase() + " · " + c.title));
        li.appendChild(el("p", "pre", c.text));
        var edit = el("button", "btn btn-secondary btn-small", t("edit"));
        edit.type = "button";
        edit.setAttribute("aria-label", t("edit") + ": " + c.title);
        edit.addEventListener("click", function () {
          state.cannedEdit = c.id; $("c-lang").value = c.lang; $("c-title").value = c.title; $("c-text").value = c.text;
          $("c-title").focus();
        });
        var del = el("button", "btn btn-secondary btn-small", t("remove"));
        del.type = "button";
        del.setAttribute("aria-label", t("remove") + ": " + c.title);
        del.addEventListener("click", function () {
          api("DELETE", "/canned-replies/" + c.id).then(function (r) {
            if (!r.ok) { fail(r); return; }
            say(T("cannedRemoved"), "ok");
            loadCannedList();
          });
        });
        li.appendChild(edit); li.appendChild(del);
        ul.appendChild(li);
      });
    });
  }

  function saveCanned(ev) {
    ev.preventDefault();
    var body = { lang: $("c-lang").value, title: $("c-title").value.trim(), text: $("c-text").value.trim() };
    var err = $("canned-error");
    setMessage(err, "");
    if (!body.title || !body.text) { setMessage(err, T("cannedNeeded")); $("c-title").focus(); return; }
    var req = state.cannedEdit ? api("PUT", "/canned-replies/" + state.cannedEdit, body) : api("POST", "/canned-replies", body);
    req.then(function (res) {
      if (!res.ok) { fail(res, err); return; }
      state.cannedEdit = null;
      $("c-title").value = ""; $("c-text").value = "";
      say(T("cannedSaved"), "ok");
      loadCannedList();
      if (state.ticket) loadCanned(state.ticket.language);
    });
  }

  /* ---------- editors: unanswered questions ---------- */

  function loadUnanswered() {
    var params = { lang: $("u-lang").value, limit: 200, include_handled: $("u-handled").checked ? "true" : "" };
    return api("GET", "/faq/unanswered" + qs(params)).then(function (res) {
      if (!res.ok) { fail(res); return; }
      state.unanswered = res.data;
      renderUnanswered();
    });
  }

  function renderUnanswered() {
    var body = $("unanswered").querySelector("tbody");
    clear(body);
    var items = state.unanswered || [];
    $("unanswered-empty").hidden = items.length > 0;
    items.forEach(function (it) {
      var tr = el("tr");
      var tdQ = el("td", "q query", it.query);
      tr.appendChild(tdQ);
      tr.appendChild(el("td", null, String(it.lang).toUpperCase()));
      tr.appendChild(el("td", null, String(it.count)));
      tr.appendChild(el("td", null, String(it.no_match)));
      tr.appendChild(el("td", null, String(it.reported)));
      tr.appendChild(el("td", null, String(it.not_helpful)));
      tr.appendChild(el("td", null, fmtDate(it.last_at)));
      var td = el("td");
      var b = el("button", "btn btn-secondary btn-small", t("createFromThis"));
      b.type = "button";
      b.setAttribute("aria-label", t("createFromThis") + ": " + it.query);
      b.addEventListener("click", function () { newEntry({ question: it.query, lang: it.lang }); });
      td.appendChild(b);
      /* The mark, if any: handled (listed with "show handled") or came back (failed again since). */
      if (it.handled_at) {
        var info = it.handled ? t("handledOn")(fmtDate(it.handled_at), it.handled_by) : t("cameBack")(fmtDate(it.handled_at));
        if (it.entry_id) info += " · " + t("answeredBy") + " " + it.entry_id;
        tdQ.appendChild(el("span", it.handled ? "row-note handled-note" : "row-note came-back", info));
      }
      if (it.handled) {
        tr.className = "is-handled";
        var u = el("button", "btn btn-secondary btn-small", t("unmarkHandled"));
        u.type = "button";
        u.setAttribute("aria-label", t("unmarkHandled") + ": " + it.query);
        u.addEventListener("click", function () { unmarkHandled(it); });
        td.appendChild(u);
      } else {
        var m = el("button", "btn btn-secondary btn-small", t("markHandled"));
        m.type = "button";
        m.setAttribute("aria-label", t("markHandled") + ": " + it.query);
        m.addEventListener("click", function () { markHandled(it); });
        td.appendChild(m);
      }
      tr.appendChild(td);
      body.appendChild(tr);
    });
  }

  /* Marks an unanswered question as handled (optionally answered by an entry), then reloads the list. */
  function markHandled(it, entryId, quiet) {
    var body = { query: it.query, lang: it.lang };
    if (entryId) body.entry_id = entryId;
    return api("POST", "/faq/unanswered/handled", body).then(function (res) {
      if (!res.ok) { fail(res); return; }
      if (!quiet) say(function () { return t("markedHandled")(it.query); }, "ok");
      return loadUnanswered();
    });
  }

  function unmarkHandled(it) {
    return api("DELETE", "/faq/unanswered/handled" + qs({ query: it.query, lang: it.lang })).then(function (res) {
      if (!res.ok) { fail(res); return; }
      say(function () { return t("unmarkedHandled")(it.query); }, "ok");
      return loadUnanswered();
    });
  }

  /* ---------- editors: the entries ---------- */

  var ENTRIES_PAGE = 100;

  /* The first page of entries for the filters; with more=true, the next page appended. */
  function loadEntries(more) {
    var have = more === true && state.entries ? state.entries.items : [];
    var params = { text: $("e-text").value.trim(), lang: $("e-lang").value, status: $("e-status").value,
                   limit: ENTRIES_PAGE, offset: have.length };
    return api("GET", "/faq/entries" + qs(params)).then(function (res) {
      if (!res.ok) { fail(res); return; }
      state.entries = { total: res.data.total, items: have.concat(res.data.items) };
      renderEntries();
      fillEntryIds();
    });
  }

  function renderEntries() {
    var body = $("entries").querySelector("tbody");
    clear(body);
    var items = state.entries.items || [];
    $("entries-count").textContent = items.length ? t("entriesShown")(items.length, state.entries.total) : t("noEntries");
    $("entries-more").hidden = items.length >= state.entries.total;
    items.forEach(function (it) {
      var tr = el("tr");
      tr.setAttribute("data-id", it.id);
      var tdId = el("td");
      var b = el("button", "link-btn", it.id);
      b.type = "button";
      b.setAttribute("aria-label", t("editEntry") + " " + it.id);
      b.addEventListener("click", function () { editEntry(it.id); });
      tdId.appendChild(b);
      tr.appendChild(tdId);
      tr.appendChild(el("td", null, String(it.lang).toUpperCase()));
      tr.appendChild(el("td", "entry-status", label("es", it.status)));
      tr.appendChild(el("td", "q question", it.question));
      var tdPair = el("td");
      if (it.translation) tdPair.textContent = it.translation;
      else tdPair.appendChild(el("span", "badge badge-missing", t("missing")));
      tr.appendChild(tdPair);
      tr.appendChild(el("td", null, fmtDate(it.updated_at)));
      body.appendChild(tr);
    });
  }

  /* ---------- editors: one entry ---------- */

  function slugify(text) {
    var s = String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    s = s.slice(0, 60).replace(/-+$/, "");
    return s || "entry-" + Date.now();
  }

  function fillForm(entry) {
    $("x-id").value = entry.id || "";
    $("x-lang").value = entry.lang || state.lang;
    $("x-question").value = entry.question || "";
    $("x-answer").value = entry.answer || "";
    $("x-alternatives").value = (entry.alternatives || []).join("\n");
    $("x-url").value = entry.url || "";
    $("x-tags").value = (entry.tags || []).join(", ");
    $("x-group").value = entry.group || "";
  }

  function renderEditorHead() {
    var e = state.entry;
    $("editor-title").textContent = e ? t("editEntry") + " " + e.id : t("newEntryTitle");
    $("editor-state").textContent = e ? t("stateLine")(label("es", e.status), e.updated_by, fmtDate(e.updated_at))
      : t("stateLine")(label("es", "draft"));
    $("x-id").readOnly = !!e;
    $("entry-publish").hidden = !e;
    $("entry-archive").hidden = !e;
    if (e) {
      $("entry-publish").disabled = e.status === "published";
      $("entry-archive").disabled = e.status === "archived";
    }
    renderWarnings();
    renderHistory();
  }

  function renderHistory() {
    var box = $("editor-history");
    var ol = box.querySelector("ol");
    clear(ol);
    var history = (state.entry && state.entry.history) || [];
    history.forEach(function (h) {
      var li = el("li", null, fmtDate(h.at) + " · " + label("entryActions", h.action) + " · " + h.who);
      var changes = historyDiff(h);
      changes.forEach(function (c) { li.appendChild(el("p", "diff", c)); });
      ol.appendChild(li);
    });
    box.hidden = !ol.firstChild;
  }

  function renderWarnings() {
    var box = $("editor-warnings");
    var ul = box.querySelector("ul");
    clear(ul);
    (state.warnings || []).forEach(function (w) {
      var say = t("warnCodes")[w.code];
      var text = say ? say(w.asked, w.entry_id, w.question) : w.entry_id + " – " + w.detail;
      ul.appendChild(el("li", null, text + (w.score != null ? " (" + t("score") + " " + Number(w.score).toFixed(2) + ")" : "")));
    });
    box.hidden = !ul.firstChild;
  }

  function openEditor(entry, prefill) {
    state.entry = entry;
    state.fromUnanswered = null;
    state.warnings = [];
    setMessage($("editor-error"), "");
    fillForm(entry || prefill || {});
    $("editor").hidden = false;
    renderEditorHead();
    renderPreview();
    renderPair();
  }

  function newEntry(prefill) {
    prefill = prefill || {};
    var p = { lang: prefill.lang || state.lang, question: prefill.question || "",
              alternatives: prefill.alternatives || [] };
    if (prefill.question) p.id = slugify(prefill.question) + "-" + p.lang;
    openEditor(null, p);
    // the unanswered questions this entry answers: marked handled once it is saved
    state.fromUnanswered = prefill.question
      ? { queries: [prefill.question].concat(p.alternatives), lang: p.lang } : null;
    if (prefill.question) {
      say(T("prefilled"));
      $("x-answer").focus();
    } else {
      $("x-id").focus();
    }
  }

  function editEntry(id) {
    return api("GET", "/faq/entries/" + encodeURIComponent(id)).then(function (res) {
      if (!res.ok) { fail(res); return; }
      openEditor(res.data);
      $("editor-title").focus();
    });
  }

  /* The entry again, with its history; what the editor just saw (warnings) stays. */
  function refreshEntry(id) {
    return api("GET", "/faq/entries/" + encodeURIComponent(id)).then(function (res) {
      if (!res.ok || !state.entry || state.entry.id !== id) return;
      state.entry = res.data;
      renderEditorHead();
    });
  }

  function lines(text) {
    return text.split(/\r?\n/).map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function saveEntry(ev) {
    ev.preventDefault();
    var err = $("editor-error");
    setMessage(err, "");
    var data = {
      lang: $("x-lang").value,
      question: $("x-question").value.trim(),
      answer: $("x-answer").value.trim(),
      alternatives: lines($("x-alternatives").value),
      url: $("x-url").value.trim() || null,
      tags: $("x-tags").value.split(",").map(function (s) { return s.trim(); }).filter(Boolean),
      group: $("x-group").value.trim() || null
    };
    var creating = !state.entry;
    var from = creating ? state.fromUnanswered : null;
    if (creating) data.id = $("x-id").value.trim();
    if ((creating && !data.id) || !data.question || !data.answer) {
      setMessage(err, T("required"));
      say(T("required"), "error");
      return;
    }
    var req = creating
      ? api("POST", "/faq/entries", data)
      : api("PATCH", "/faq/entries/" + encodeURIComponent(state.entry.id), data);
    req.then(function (res) {
      if (!res.ok) {
        fail(res, err);
        return;
      }
      var warnings = res.data.warnings || [];
      delete res.data.warnings;
      state.entry = res.data;
      state.warnings = warnings;
      fillForm(res.data);
      renderEditorHead();
      say(T(warnings.length ? "savedWithWarnings" : "saved"), "ok");
      refreshEntry(res.data.id);
      loadEntries();
      /* An entry made from an unanswered question answers it: mark it handled with the new id. */
      if (from) {
        state.fromUnanswered = null;
        Promise.all(from.queries.map(function (q) {
          return markHandled({ query: q, lang: from.lang }, res.data.id, true);
        })).then(loadGroups);
      } else if (creating) {
        loadUnanswered();
      }
    });
  }

  function setEntryStatus(action) {
    var e = state.entry;
    if (!e) return;
    var err = $("editor-error");
    setMessage(err, "");
    api("POST", "/faq/entries/" + encodeURIComponent(e.id) + "/" + action).then(function (res) {
      if (!res.ok) {
        fail(res, err);
        return;
      }
      state.entry = res.data;
      renderEditorHead();
      say(function () { return e.id + ": " + t(action === "publish" ? "published" : "archived"); }, "ok");
      refreshEntry(e.id);
      loadEntries();
    });
  }

  /* ---------- wiring ---------- */

  function init() {
    state.lang = initialLang();
    state.token = storage(TOKEN_KEY);
    applyLang();

    Array.prototype.forEach.call(document.querySelectorAll(".lang-btn"), function (b) {
      b.addEventListener("click", function () { setLang(b.getAttribute("data-lang")); });
    });
    $("login-form").addEventListener("submit", login);
    $("logout").addEventListener("click", logout);
    Array.prototype.forEach.call(document.querySelectorAll(".tab"), function (b) {
      b.addEventListener("click", function () {
        var view = b.getAttribute("data-view");
        var hash = view === "faq" ? "#faq" : view === "analytics" ? "#analytics" : "#queue";
        if (location.hash === hash) route(); else location.hash = hash;
      });
    });
    window.addEventListener("hashchange", function () { if (state.me) route(); });
    document.addEventListener("keydown", onKey);
    var refilter = function () { state.offset = 0; state.cursor = -1; loadQueue(); };
    $("queue-filters").addEventListener("submit", function (ev) { ev.preventDefault(); refilter(); });
    ["f-status", "f-type", "f-language", "f-priority", "f-assignee", "f-sort", "f-replied"].forEach(function (id) {
      $(id).addEventListener("change", refilter);
    });
    $("page-prev").addEventListener("click", function () { state.offset = Math.max(0, state.offset - PAGE); loadQueue(); });
    $("page-next").addEventListener("click", function () { state.offset += PAGE; loadQueue(); });
    $("help-open").addEventListener("click", showHelp);
    $("help-close").addEventListener("click", function () { $("help").close(); });
    $("act-claim").addEventListener("click", function () { ticketAction("claim"); });
    $("act-release").addEventListener("click", function () { ticketAction("release"); });
    $("act-faq-draft").addEventListener("click", faqDraft);
    $("reassign-form").addEventListener("submit", reassign);
    $("act-canned-insert").addEventListener("click", insertCanned);
    $("act-faq-find").addEventListener("click", findFaq);
    $("act-faq-q").addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); findFaq(); }
    });
    $("act-text").addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); ticketAction("reply"); }
    });
    Array.prototype.forEach.call(document.querySelectorAll("#ticket-action-form [data-action]"), function (b) {
      b.addEventListener("click", function () { ticketAction(b.getAttribute("data-action")); });
    });
    $("ticket-action-form").addEventListener("submit", function (ev) { ev.preventDefault(); });
    $("unanswered-filters").addEventListener("submit", function (ev) { ev.preventDefault(); loadUnanswered(); });
    $("test-form").addEventListener("submit", testQuestion);
    $("groups-filters").addEventListener("submit", function (ev) { ev.preventDefault(); loadGroups(); });
    $("g-lang").addEventListener("change", loadGroups);
    $("x-answer").addEventListener("input", renderPreview);
    $("pair-open").addEventListener("click", openPair);
    Array.prototype.forEach.call(document.querySelectorAll("[data-export]"), function (b) {
      b.addEventListener("click", function () { exportFaq(b.getAttribute("data-export")); });
    });
    $("import-form").addEventListener("submit", importFaq);
    $("canned-form").addEventListener("submit", saveCanned);
    $("canned-manage").addEventListener("toggle", function () { if ($("canned-manage").open) loadCannedList(); });
    $("u-lang").addEventListener("change", loadUnanswered);
    $("u-handled").addEventListener("change", loadUnanswered);
    $("entry-filters").addEventListener("submit", function (ev) { ev.preventDefault(); loadEntries(); });
    $("entry-new").addEventListener("click", function () { newEntry(); });
    $("entries-more").addEventListener("click", function () { loadEntries(true); });
    $("entry-form").addEventListener("submit", saveEntry);
    $("entry-publish").addEventListener("click", function () { setEntryStatus("publish"); });
    $("entry-archive").addEventListener("click", function () { setEntryStatus("archive"); });
    $("entry-cancel").addEventListener("click", function () {
      $("editor").hidden = true;
      state.entry = null;
      state.fromUnanswered = null;
      $("entry-new").focus();
    });

    if (state.token) loadMe(false); else showLogin();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
