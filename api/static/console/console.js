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
      unassignedOnly: "Alleen niet toegewezen",
      mineOnly: "Alleen mijn tickets",
      refresh: "Vernieuwen",
      number: "Nummer",
      priority: "Prioriteit",
      type: "Soort",
      subject: "Onderwerp",
      assignee: "Toegewezen",
      created: "Aangemaakt",
      updated: "Gewijzigd",
      ticketsShown: function (n, total) { return n + " van " + total + " tickets"; },
      noTickets: "Geen tickets met deze filters.",
      openTicket: "Ticket openen",
      me: "mij",
      nobody: "niemand",
      language: "Taal",
      channel: "Kanaal",
      requester: "Aanvrager",
      organisation: "Organisatie",
      autoclose: "Automatisch gesloten op",
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
        resolve: "Ticket opgelost.", close: "Ticket gesloten.", notes: "Interne notitie opgeslagen."
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
        requester_message: "bericht van de aanvrager", autoclosed: "automatisch gesloten"
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
      warnCodes: { similar_question: "Gelijkaardige vraag", same_question: "Dezelfde vraag" },
      score: "score",
      prefilled: "Vraag overgenomen: vul het antwoord in en sla op.",
      required: "Vul minstens de id, de vraag en het antwoord in."
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
      unassignedOnly: "Seulement les non attribués",
      mineOnly: "Seulement mes tickets",
      refresh: "Actualiser",
      number: "Numéro",
      priority: "Priorité",
      type: "Type",
      subject: "Objet",
      assignee: "Attribué à",
      created: "Créé le",
      updated: "Modifié le",
      ticketsShown: function (n, total) { return n + " tickets sur " + total; },
      noTickets: "Aucun ticket avec ces filtres.",
      openTicket: "Ouvrir le ticket",
      me: "moi",
      nobody: "personne",
      language: "Langue",
      channel: "Canal",
      requester: "Demandeur",
      organisation: "Organisation",
      autoclose: "Fermeture automatique le",
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
        resolve: "Ticket résolu.", close: "Ticket fermé.", notes: "Note interne enregistrée."
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
        requester_message: "message du demandeur", autoclosed: "fermé automatiquement"
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
      warnCodes: { similar_question: "Question similaire", same_question: "Même question" },
      score: "score",
      prefilled: "Question reprise\u00a0: complétez la réponse et enregistrez.",
      required: "Indiquez au moins l\u2019id, la question et la réponse."
    }
  };

  /* ---------- state ---------- */

  var state = {
    lang: "nl",
    token: null,
    me: null,
    view: null,
    queue: null,
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
    if (state.unanswered) renderUnanswered();
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
    state.queue = state.ticket = state.unanswered = state.entries = state.entry = null;
    state.warnings = [];
    $("ticket").hidden = true;
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
      show(agent ? "tickets" : "faq");
      $("main").focus();
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

  function show(view) {
    state.view = view;
    $("tickets-view").hidden = view !== "tickets";
    $("faq-view").hidden = view !== "faq";
    ["tickets", "faq"].forEach(function (v) {
      var tab = $("tab-" + v);
      if (v === view) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
    });
    if (view === "tickets") loadQueue();
    if (view === "faq") { loadUnanswered(); loadEntries(); }
  }

  /* ---------- agents: the queue ---------- */

  function loadQueue() {
    var params = { status: $("f-status").value, limit: 200 };
    if ($("f-unassigned").checked) params.unassigned = "true";
    if ($("f-mine").checked) params.mine = "true";
    return api("GET", "/tickets" + qs(params)).then(function (res) {
      if (!res.ok) { fail(res); return; }
      state.queue = res.data;
      renderQueue();
    });
  }

  function assigneeText(id) {
    if (id == null) return t("nobody");
    if (state.me && id === state.me.id) return t("me");
    return "#" + id;
  }

  function renderQueue() {
    var body = $("queue").querySelector("tbody");
    clear(body);
    var items = state.queue.items || [];
    $("queue-count").textContent = items.length ? t("ticketsShown")(items.length, state.queue.total) : t("noTickets");
    items.forEach(function (it) {
      var tr = el("tr");
      tr.setAttribute("data-number", it.number);
      if (state.ticket && state.ticket.number === it.number) tr.className = "is-current";
      var tdNum = el("td");
      var open = el("button", "link-btn", it.number);
      open.type = "button";
      open.setAttribute("aria-label", t("openTicket") + " " + it.number);
      open.addEventListener("click", function () { openTicket(it.number, true); });
      tdNum.appendChild(open);
      tr.appendChild(tdNum);
      var tdPrio = el("td");
      tdPrio.appendChild(el("span", "badge badge-" + it.priority, label("prio", it.priority)));
      tr.appendChild(tdPrio);
      tr.appendChild(el("td", null, label("st", it.status)));
      tr.appendChild(el("td", null, label("types", it.type)));
      tr.appendChild(el("td", "q subject", it.subject));
      tr.appendChild(el("td", null, assigneeText(it.assignee_id)));
      tr.appendChild(el("td", null, fmtDate(it.created_at)));
      body.appendChild(tr);
    });
  }

  /* ---------- agents: one ticket ---------- */

  function openTicket(number, focus, keepError) {
    return api("GET", "/tickets/" + encodeURIComponent(number) + "/detail").then(function (res) {
      if (!res.ok) { fail(res); return; }
      state.ticket = res.data;
      if (!keepError) setMessage($("ticket-error"), "");
      renderTicket();
      if (state.queue) renderQueue();
      $("ticket").hidden = false;
      if (focus) $("ticket-title").focus();
    });
  }

  function fact(dl, name, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", null, name));
    dl.appendChild(el("dd", null, value));
  }

  function renderTicket() {
    var tk = state.ticket;
    $("ticket-title").textContent = tk.number + " – " + tk.subject;
    var dl = $("ticket-facts");
    clear(dl);
    fact(dl, t("status"), label("st", tk.status));
    fact(dl, t("priority"), label("prio", tk.priority));
    fact(dl, t("type"), label("types", tk.type));
    fact(dl, t("language"), String(tk.language).toUpperCase());
    fact(dl, t("channel"), tk.channel);
    fact(dl, t("requester"), [tk.name, tk.email].filter(Boolean).join(" – "));
    fact(dl, t("organisation"), tk.organisation);
    fact(dl, t("assignee"), assigneeText(tk.assignee_id));
    fact(dl, t("created"), fmtDate(tk.created_at));
    fact(dl, t("updated"), fmtDate(tk.updated_at));
    fact(dl, t("autoclose"), fmtDate(tk.autoclose_at));
    fact(dl, t("closedAt"), fmtDate(tk.closed_at));
    if (tk.faq_entries_offered && tk.faq_entries_offered.length) fact(dl, t("faqOffered"), tk.faq_entries_offered.join(", "));
    $("ticket-description").textContent = tk.description;

    var turns = $("ticket-transcript");
    clear(turns);
    (tk.transcript || []).forEach(function (turn) {
      var bot = turn.from === "bot";
      var li = el("li", bot ? "bot" : "visitor");
      li.appendChild(el("p", "from", (bot ? t("bot") : t("visitor")) + (turn.at ? " · " + fmtDate(turn.at) : "")));
      li.appendChild(el("p", "pre", turn.text));
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
      meta.appendChild(document.createTextNode(label("authors", m.author) + " · " + label("kinds", m.kind) + " · " + fmtDate(m.at)));
      li.appendChild(meta);
      li.appendChild(el("p", "pre", m.text));
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
      evs.appendChild(el("li", null, fmtDate(e.at) + " · " + label("ev", e.kind) + " · " + who + move));
    });

    // Buttons follow the API's transition table; the API stays the judge (a stale page gets its 409).
    var s = tk.status;
    var working = s === "open" || s === "waiting_for_requester";
    $("act-claim").disabled = s !== "new";
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

  function ticketAction(action) {
    var tk = state.ticket;
    if (!tk) return;
    var err = $("ticket-error");
    setMessage(err, "");
    var body;
    if (action !== "claim") {
      var text = $("act-text").value.trim();
      if (!text && action !== "close") {
        setMessage(err, T("textNeeded"));
        say(T("textNeeded"), "error");
        $("act-text").focus();
        return;
      }
      body = { text: text };
    }
    var number = tk.number;
    api("POST", "/tickets/" + encodeURIComponent(number) + "/" + action, body).then(function (res) {
      if (!res.ok) {
        fail(res, err);
        if (res.status === 409) { openTicket(number, false, true); loadQueue(); }  // the page was stale
        return;
      }
      if (action !== "claim") $("act-text").value = "";
      say(function () { return number + ": " + t("done")[action]; }, "ok");
      openTicket(number, false);
      loadQueue();
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
      ol.appendChild(el("li", null, fmtDate(h.at) + " · " + label("entryActions", h.action) + " · " + h.who));
    });
    box.hidden = !ol.firstChild;
  }

  function renderWarnings() {
    var box = $("editor-warnings");
    var ul = box.querySelector("ul");
    clear(ul);
    (state.warnings || []).forEach(function (w) {
      var text = label("warnCodes", w.code) + ": " + w.entry_id +
        (w.score != null ? " (" + t("score") + " " + Number(w.score).toFixed(2) + ")" : "") + " – " + w.detail;
      ul.appendChild(el("li", null, text));
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
  }

  function newEntry(prefill) {
    prefill = prefill || {};
    var p = { lang: prefill.lang || state.lang, question: prefill.question || "" };
    if (prefill.question) p.id = slugify(prefill.question);
    openEditor(null, p);
    state.fromUnanswered = prefill.question ? { query: prefill.question, lang: p.lang } : null;
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
        markHandled(from, res.data.id, true);
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
      b.addEventListener("click", function () { show(b.getAttribute("data-view")); });
    });
    $("queue-filters").addEventListener("submit", function (ev) { ev.preventDefault(); loadQueue(); });
    ["f-status", "f-unassigned", "f-mine"].forEach(function (id) { $(id).addEventListener("change", loadQueue); });
    $("act-claim").addEventListener("click", function () { ticketAction("claim"); });
    Array.prototype.forEach.call(document.querySelectorAll("#ticket-action-form [data-action]"), function (b) {
      b.addEventListener("click", function () { ticketAction(b.getAttribute("data-action")); });
    });
    $("ticket-action-form").addEventListener("submit", function (ev) { ev.preventDefault(); });
    $("unanswered-filters").addEventListener("submit", function (ev) { ev.preventDefault(); loadUnanswered(); });
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
