/*
 * Frontdoor chat widget: the Service Desk's virtual assistant on any page, with one script tag.
 *
 *   <script src="https://host/widget.js" defer></script>            (API = the script's own origin)
 *   <script src="https://host/widget.js" data-api="https://api.example" defer></script>
 *
 * Plain JavaScript, no build step. The UI lives in a shadow root so that the host page's CSS and
 * ours never leak into each other. Message text is NEVER parsed as HTML: the small Markdown renderer
 * below builds DOM nodes with createElement/textContent only, and links are limited to http(s)/mailto.
 * The message length limit is the API's (GET /chat/limits): the widget counts, warns and refuses to send, never cuts.
 * The transcript lives in sessionStorage (personal data: it disappears with the tab, survives a reload).
 * When a message cannot be sent during office hours, the error offers the desk's phone number; whether the desk is
 * open and its numbers come from the API (GET /office-hours, asked when the chat opens and again on a failure).
 */
(function () {
  "use strict";

  if (window.FrontdoorWidget) return; // embedded twice: keep the first one

  var STORAGE_KEY = "frontdoor.widget.v1";
  var REQUEST_TIMEOUT_MS = 30000;
  var DEFAULT_MESSAGE_MAX = 2000; // until GET /chat/limits answers (or if it cannot be reached)
  var COUNTER_FROM = 0.8; // the counter shows from this share of the limit on
  var ANSWER_MARGIN = 8; // px of the log kept above the start of a new answer
  var LANGS = ["nl", "fr"];

  /* Every text the visitor reads, in both languages. */
  var TEXTS = {
    nl: {
      launcher: "Chat",
      launcherLabel: "Chat met de Service Desk",
      title: "Service Desk",
      subtitle: "Virtuele assistent",
      close: "Chat sluiten",
      newConversation: "Nieuw gesprek",
      langGroup: "Taal van de chat",
      log: "Gesprek",
      inputLabel: "Uw bericht",
      placeholder: "Typ uw vraag…",
      send: "Verzenden",
      typing: "De assistent typt…",
      error: "Uw bericht kon niet worden verzonden: de dienst is tijdelijk onbereikbaar.",
      errorClient: "Uw bericht kon niet worden verwerkt. Probeer het korter of anders te formuleren.",
      retry: "Opnieuw proberen",
      callNow: "U kunt de Service Desk nu ook bellen: {phone}",
      notSent: "Niet verzonden",
      degraded: "De assistent werkt momenteel beperkt: de antwoorden komen rechtstreeks uit onze FAQ.",
      privacy: "Deel geen wachtwoorden of andere vertrouwelijke gegevens in deze chat.",
      welcome: "Goeiedag! Ik ben de virtuele assistent van de Service Desk van DG Digitale Transformatie. Stel uw vraag in het Nederlands of in het Frans.",
      you: "U",
      bot: "Assistent",
      options: "Keuzes",
      newWindow: "(opent in een nieuw venster)",
      links: "Meer informatie",
      counter: "{count} / {max}",
      counterSr: "{count} van maximaal {max} tekens",
      tooLongOne: "Uw bericht is {over} teken te lang (maximaal {max} tekens). Maak het korter of verdeel het over meerdere berichten.",
      tooLong: "Uw bericht is {over} tekens te lang (maximaal {max} tekens). Maak het korter of verdeel het over meerdere berichten."
    },
    fr: {
      launcher: "Chat",
      launcherLabel: "Chat avec le Service Desk",
      title: "Service Desk",
      subtitle: "Assistant virtuel",
      close: "Fermer le chat",
      newConversation: "Nouvelle conversation",
      langGroup: "Langue du chat",
      log: "Conversation",
      inputLabel: "Votre message",
      placeholder: "Tapez votre question…",
      send: "Envoyer",
      typing: "L\u2019assistant écrit…",
      error: "Votre message n\u2019a pas pu être envoyé\u00a0: le service est temporairement injoignable.",
      errorClient: "Votre message n\u2019a pas pu être traité. Essayez de le formuler plus brièvement ou autrement.",
      retry: "Réessayer",
      callNow: "Vous pouvez aussi appeler le Service Desk maintenant\u00a0: {phone}",
      notSent: "Non envoyé",
      degraded: "L\u2019assistant fonctionne actuellement en mode limité\u00a0: les réponses viennent directement de notre FAQ.",
      privacy: "Ne partagez pas de mots de passe ni d\u2019autres données confidentielles dans ce chat.",
      welcome: "Bonjour\u00a0! Je suis l\u2019assistant virtuel du Service Desk de la DG Transformation digitale. Posez votre question en français ou en néerlandais.",
      you: "Vous",
      bot: "Assistant",
      options: "Choix",
      newWindow: "(s\u2019ouvre dans une nouvelle fenêtre)",
      links: "Plus d\u2019informations",
      counter: "{count} / {max}",
      counterSr: "{count} caractères sur {max} autorisés",
      tooLongOne: "Votre message dépasse de {over} caractère la limite de {max} caractères. Raccourcissez-le ou envoyez-le en plusieurs messages.",
      tooLong: "Votre message dépasse de {over} caractères la limite de {max} caractères. Raccourcissez-le ou envoyez-le en plusieurs messages."
    }
  };

  /* ---------- where we come from and where the API is ---------- */

  var script = document.currentScript || (function () {
    var all = document.querySelectorAll("script[src]");
    for (var i = all.length - 1; i >= 0; i--) {
      if (/(^|\/)widget\.js(\?|#|$)/.test(all[i].getAttribute("src"))) return all[i];
    }
    return null;
  })();
  var scriptUrl = script && script.src ? new URL(script.src, document.baseURI) : new URL(document.baseURI);
  var apiBase = (function () {
    var attr = script && script.getAttribute("data-api");
    if (attr) {
      try {
        var u = new URL(attr, document.baseURI);
        if (u.protocol === "http:" || u.protocol === "https:") return u.href.replace(/\/+$/, "");
      } catch (e) { /* fall through to the script's origin */ }
    }
    return scriptUrl.origin;
  })();

  /* ---------- small helpers ---------- */

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  var ICONS = {
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    close: "M6 6l12 12M18 6L6 18",
    refresh: "M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7",
    send: "M3 20l18-8L3 4l3 8-3 8zm3-8h8"
  };
  function icon(name, filled) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]);
    if (filled) {
      path.setAttribute("fill", "currentColor");
    } else {
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "2");
      path.setAttribute("stroke-linecap", "round");
      path.setAttribute("stroke-linejoin", "round");
    }
    svg.appendChild(path);
    return svg;
  }

  function normLang(value) {
    var v = String(value || "").toLowerCase().slice(0, 2);
    return LANGS.indexOf(v) >= 0 ? v : null;
  }
  function pageLang() {
    return normLang(document.documentElement.getAttribute("lang")) || "nl";
  }

  /* ---------- safe Markdown: DOM nodes only, never innerHTML ---------- */

  /* Only absolute http(s) and mailto URLs become links; anything else (javascript:, data:, relative) stays text. */
  function safeUrl(raw) {
    try {
      var u = new URL(String(raw).trim());
      if (u.protocol === "http:" || u.protocol === "https:" || u.protocol === "mailto:") return u.href;
    } catch (e) { /* not an absolute URL */ }
    return null;
  }

  function makeLink(href, label, lang) {
    var a = el("a", "fdw-link");
    a.href = href;
    if (!/^mailto:/i.test(href)) {
      a.target = "_blank";
      a.rel = "noopener noreferrer";
    }
    if (typeof label === "string") a.textContent = label; else a.appendChild(label);
    if (a.target) a.appendChild(el("span", "fdw-sr", " " + TEXTS[lang].newWindow));
    return a;
  }

  var INLINE_RULES = [
    { type: "link", re: /\[([^\]\n]+)\]\(\s*<?([^()\s<>]+)>?\s*\)/ },
    { type: "strong", re: /\*\*(?=\S)([^\n]*?\S)\*\*/ },
    { type: "strong_", re: /(^|[^\w])__(?=[^\s_])([^\n]*?[^\s_])__(?!\w)/ },
    { type: "em", re: /\*(?=[^\s*])([^*\n]*?[^\s*])\*/ },
    { type: "em_", re: /(^|[^\w])_(?=[^\s_])([^_\n]*?[^\s_])_(?!\w)/ },
    { type: "code", re: /`([^`\n]+)`/ },
    { type: "url", re: /https?:\/\/[^\s<>"'`]+/ }
  ];

  function appendInline(parent, text, lang, noLinks) {
    var rest = text;
    while (rest) {
      var best = null;
      for (var i = 0; i < INLINE_RULES.length; i++) {
        var rule = INLINE_RULES[i];
        if (noLinks && (rule.type === "link" || rule.type === "url")) continue;
        var m = rule.re.exec(rest);
        if (!m) continue;
        // Underscore emphasis only at word edges (snake_case and window.__x stay as they are).
        var start = m.index + (rule.type === "em_" || rule.type === "strong_" ? m[1].length : 0);
        if (!best || start < best.start) best = { rule: rule, m: m, start: start };
      }
      if (!best) { parent.appendChild(document.createTextNode(rest)); return; }
      if (best.start > 0) parent.appendChild(document.createTextNode(rest.slice(0, best.start)));
      var m = best.m, end = m.index + m[0].length, node;
      switch (best.rule.type) {
        case "link":
          var href = safeUrl(m[2]);
          if (href) {
            var label = document.createDocumentFragment();
            appendInline(label, m[1], lang, true);
            node = makeLink(href, label, lang);
          } else {
            node = document.createDocumentFragment();
            appendInline(node, m[1], lang, true);
          }
          break;
        case "strong":
          node = el("strong");
          appendInline(node, m[1], lang, noLinks);
          break;
        case "em":
          node = el("em");
          appendInline(node, m[1], lang, noLinks);
          break;
        case "strong_":
          node = el("strong");
          appendInline(node, m[2], lang, noLinks);
          break;
        case "em_":
          node = el("em");
          appendInline(node, m[2], lang, noLinks);
          break;
        case "code":
          node = el("code", null, m[1]);
          break;
        case "url":
          var raw = m[0].replace(/[.,;:!?)\]]+$/, "");
          end = m.index + raw.length;
          var url = safeUrl(raw);
          node = url ? makeLink(url, raw, lang) : document.createTextNode(raw);
          break;
      }
      parent.appendChild(node);
      rest = rest.slice(end);
    }
  }

  /* Paragraphs, line breaks, bullet and numbered lists, headings as bold lines. */
  function renderMarkdown(src, lang) {
    lang = normLang(lang) || "nl";
    var frag = document.createDocumentFragment();
    var lines = String(src == null ? "" : src).replace(/\r\n?/g, "\n").split("\n");
    var para = [];
    var bullet = /^\s*[-*+•]\s+(.*)$/, numbered = /^\s*\d{1,3}[.)]\s+(.*)$/, heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
    function flush() {
      if (!para.length) return;
      var p = el("p");
      para.forEach(function (line, k) {
        if (k) p.appendChild(el("br"));
        appendInline(p, line, lang);
      });
      frag.appendChild(p);
      para = [];
    }
    for (var i = 0; i < lines.length;) {
      var line = lines[i], m;
      if (/^\s*$/.test(line)) { flush(); i++; continue; }
      var re = bullet.test(line) ? bullet : numbered.test(line) ? numbered : null;
      if (re) {
        flush();
        var list = el(re === bullet ? "ul" : "ol");
        while (i < lines.length && (m = re.exec(lines[i]))) {
          var li = el("li");
          appendInline(li, m[1], lang);
          list.appendChild(li);
          i++;
        }
        frag.appendChild(list);
        continue;
      }
      if ((m = heading.exec(line))) {
        flush();
        var hp = el("p", "fdw-heading-line"), strong = el("strong");
        appendInline(strong, m[1], lang);
        hp.appendChild(strong);
        frag.appendChild(hp);
        i++;
        continue;
      }
      para.push(line);
      i++;
    }
    flush();
    return frag;
  }

  /* ---------- state: one conversation per tab ---------- */

  function freshState(lang) {
    // sessionId: the key the server issued with its first answer (null until then); the widget never makes one up
    return { v: 1, sessionId: null, lang: lang, open: false, degraded: false, items: [] };
  }

  function loadState() {
    try {
      var raw = window.sessionStorage.getItem(STORAGE_KEY);
      var s = raw && JSON.parse(raw);
      if (s && s.v === 1 && (s.sessionId === null || typeof s.sessionId === "string") && Array.isArray(s.items)) {
        s.lang = normLang(s.lang) || pageLang();
        s.items.forEach(function (item) {
          // A reload during a request: the answer is lost, offer to send it again.
          if (item.pending) { item.pending = false; item.failed = true; }
        });
        return s;
      }
    } catch (e) { /* storage blocked or corrupt: start afresh */ }
    return freshState(pageLang());
  }

  var state = loadState();
  var busy = false;
  var lastError = null; // {key: catalogue key, retryable: bool, item: the visitor item to resend}
  var desk = null; // GET /office-hours as last answered: {open, closesAt, phones, now: its time, seenAt: ours}

  function save() {
    try { window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  /* ---------- the DOM ---------- */

  var host = el("div");
  host.id = "frontdoor-widget";
  host.style.display = "none"; // until our stylesheet has loaded
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;

  var css = el("link");
  css.rel = "stylesheet";
  css.href = new URL("widget.css", scriptUrl).href;
  function reveal() {
    host.style.display = "";
    log.scrollTop = log.scrollHeight; // the log only has a height once styled and shown
  }
  css.addEventListener("load", reveal);
  css.addEventListener("error", reveal);
  root.appendChild(css);

  var wrap = el("div", "fdw-root");
  root.appendChild(wrap);

  var launcher = el("button", "fdw-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "fdw-panel");
  launcher.appendChild(icon("chat", true));
  var launcherText = el("span", "fdw-launcher-text");
  launcher.appendChild(launcherText);
  wrap.appendChild(launcher);

  var panel = el("section", "fdw-panel");
  panel.id = "fdw-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-modal", "false");
  panel.setAttribute("aria-labelledby", "fdw-title");
  panel.setAttribute("aria-describedby", "fdw-privacy");
  panel.hidden = true;
  wrap.appendChild(panel);

  var header = el("div", "fdw-header");
  var heading = el("div", "fdw-heading");
  var title = el("h2", "fdw-title");
  title.id = "fdw-title";
  var subtitle = el("p", "fdw-subtitle");
  heading.appendChild(title);
  heading.appendChild(subtitle);
  header.appendChild(heading);

  var langGroup = el("div", "fdw-lang");
  langGroup.setAttribute("role", "group");
  var langButtons = {};
  LANGS.forEach(function (code) {
    // The name starts with what the button shows ("NL Nederlands"): speech input users say what they see.
    var b = el("button", "fdw-lang-btn", code.toUpperCase());
    b.type = "button";
    b.setAttribute("lang", code);
    b.appendChild(el("span", "fdw-sr", code === "nl" ? " Nederlands" : " Français"));
    b.addEventListener("click", function () { setLang(code); });
    langButtons[code] = b;
    langGroup.appendChild(b);
  });
  header.appendChild(langGroup);

  var newBtn = el("button", "fdw-icon-btn fdw-new");
  newBtn.type = "button";
  newBtn.appendChild(icon("refresh"));
  newBtn.addEventListener("click", function () { newConversation(); });
  header.appendChild(newBtn);

  var closeBtn = el("button", "fdw-icon-btn fdw-close");
  closeBtn.type = "button";
  closeBtn.appendChild(icon("close"));
  closeBtn.addEventListener("click", function () { close(); });
  header.appendChild(closeBtn);
  panel.appendChild(header);

  var degradedNote = el("p", "fdw-degraded");
  degradedNote.hidden = true;
  panel.appendChild(degradedNote);

  var log = el("div", "fdw-log");
  log.setAttribute("role", "region");
  log.tabIndex = 0; // a scrollable region must be reachable by keyboard
  panel.appendChild(log);

  var errorBox = el("div", "fdw-error");
  errorBox.setAttribute("role", "alert");
  errorBox.hidden = true;
  var errorBody = el("div", "fdw-error-body");
  var errorText = el("p", "fdw-error-text");
  var errorPhone = el("p", "fdw-error-phone");
  errorPhone.hidden = true;
  errorBody.appendChild(errorText);
  errorBody.appendChild(errorPhone);
  var retryBtn = el("button", "fdw-retry");
  retryBtn.type = "button";
  retryBtn.addEventListener("click", function () { retry(); });
  errorBox.appendChild(errorBody);
  errorBox.appendChild(retryBtn);
  panel.appendChild(errorBox);

  var form = el("form", "fdw-form");
  form.noValidate = true;
  var inputLabel = el("label", "fdw-sr");
  inputLabel.setAttribute("for", "fdw-input");
  var input = el("textarea", "fdw-input");
  input.id = "fdw-input";
  input.rows = 1;
  input.setAttribute("autocomplete", "off");
  var sendBtn = el("button", "fdw-send");
  sendBtn.type = "submit";
  sendBtn.appendChild(icon("send", true));
  form.appendChild(inputLabel);
  form.appendChild(input);
  form.appendChild(sendBtn);
  panel.appendChild(form);

  // Near the length limit a quiet counter; above it a message. Screen readers hear it when the state changes.
  var limitBox = el("div", "fdw-limit");
  limitBox.hidden = true;
  var limitMsg = el("p", "fdw-limit-msg");
  limitMsg.id = "fdw-limit-msg";
  var counter = el("p", "fdw-counter");
  counter.id = "fdw-counter";
  var counterText = el("span");
  counterText.setAttribute("aria-hidden", "true");
  var counterSr = el("span", "fdw-sr");
  counter.appendChild(counterText);
  counter.appendChild(counterSr);
  limitBox.appendChild(limitMsg);
  limitBox.appendChild(counter);
  panel.appendChild(limitBox);
  var limitLive = el("div", "fdw-sr fdw-limit-live");
  limitLive.setAttribute("aria-live", "polite");
  limitLive.setAttribute("aria-atomic", "true");
  panel.appendChild(limitLive);

  var privacy = el("p", "fdw-privacy");
  privacy.id = "fdw-privacy";
  panel.appendChild(privacy);

  // Announces what the assistant says; visitors' own messages are not repeated back.
  var live = el("div", "fdw-sr fdw-live");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  panel.appendChild(live);

  /* ---------- rendering ---------- */

  function t(key) { return TEXTS[state.lang][key]; }

  /* A catalogue text with its {placeholders} filled in (the result goes into textContent, never HTML). */
  function format(key, values) {
    return t(key).replace(/\{(\w+)\}/g, function (all, name) { return name in values ? String(values[name]) : all; });
  }

  function applyTexts() {
    wrap.setAttribute("lang", state.lang);
    panel.setAttribute("lang", state.lang);
    launcherText.textContent = t("launcher");
    launcher.setAttribute("aria-label", t("launcherLabel"));
    title.textContent = t("title");
    subtitle.textContent = t("subtitle");
    langGroup.setAttribute("aria-label", t("langGroup"));
    LANGS.forEach(function (code) { langButtons[code].setAttribute("aria-pressed", String(code === state.lang)); });
    newBtn.setAttribute("aria-label", t("newConversation"));
    newBtn.title = t("newConversation");
    closeBtn.setAttribute("aria-label", t("close"));
    closeBtn.title = t("close");
    degradedNote.textContent = t("degraded");
    log.setAttribute("aria-label", t("log"));
    retryBtn.textContent = t("retry");
    inputLabel.textContent = t("inputLabel");
    input.placeholder = t("placeholder");
    sendBtn.setAttribute("aria-label", t("send"));
    sendBtn.title = t("send");
    privacy.textContent = t("privacy");
    if (lastError) errorText.textContent = t(lastError.key);
    showPhone();
    updateLimit();
  }

  /* ---------- the phone, offered with an error during office hours ---------- */

  /* The desk's number in the chat's language while it is open (by the API's clock, moved on by the time since). */
  function phoneNow() {
    if (!desk || !desk.open || !(desk.closesAt > desk.now)) return null;
    var now = desk.now + (window.performance.now() - desk.seenAt);
    return now < desk.closesAt ? desk.phones[state.lang] || null : null;
  }

  function showPhone() {
    var phone = lastError ? phoneNow() : null;
    while (errorPhone.firstChild) errorPhone.removeChild(errorPhone.firstChild);
    errorPhone.hidden = !phone;
    if (!phone) return;
    var parts = t("callNow").split("{phone}");
    var a = el("a", "fdw-phone", phone);
    a.href = "tel:" + phone.replace(/[^\d+]/g, "");
    errorPhone.appendChild(document.createTextNode(parts[0]));
    errorPhone.appendChild(a);
    errorPhone.appendChild(document.createTextNode(parts[1] || ""));
  }

  /* Asks whether the desk is open now; when the API cannot be reached, what it said last still holds. */
  function loadDesk() {
    var asked = window.performance.now();
    return window.fetch(apiBase + "/office-hours?lang=" + state.lang, { headers: { "Accept": "application/json" }, credentials: "omit" })
      .then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.json();
      }).then(function (data) {
        if (!data || typeof data.open !== "boolean" || !data.phones) return;
        desk = { open: data.open, closesAt: Date.parse(data.closes_at), phones: data.phones,
                 now: Date.parse(data.now), seenAt: asked };
      }).catch(function () { /* keep what we knew */ });
  }

  function bubble(from, label) {
    var row = el("div", "fdw-msg fdw-msg-" + from);
    row.appendChild(el("span", "fdw-sr", label + ": "));
    var b = el("div", "fdw-bubble");
    row.appendChild(b);
    return { row: row, body: b };
  }

  /* The buttons of the last bot turn stay usable; older ones are history and disappear. */
  function lastTurnStart() {
    for (var i = state.items.length - 1; i >= 0; i--) if (state.items[i].from === "visitor") return i + 1;
    return 0;
  }

  function renderItem(item, index, activeFrom) {
    if (item.from === "visitor") {
      var v = bubble("visitor", t("you"));
      v.body.textContent = item.display != null ? item.display : item.text;
      if (item.failed) {
        v.row.classList.add("fdw-failed");
        v.row.appendChild(el("span", "fdw-status", t("notSent")));
      }
      return v.row;
    }
    var msg = bubble("bot", t("bot"));
    if (item.text) msg.body.appendChild(renderMarkdown(item.text, state.lang));
    if (item.links && item.links.length) {
      var ul = el("ul", "fdw-links");
      ul.setAttribute("aria-label", t("links"));
      item.links.forEach(function (link) {
        var href = safeUrl(link.url);
        var li = el("li");
        li.appendChild(href ? makeLink(href, String(link.title || link.url), state.lang) : el("span", null, String(link.title || "")));
        ul.appendChild(li);
      });
      msg.body.appendChild(ul);
    }
    if (!msg.body.childNodes.length) msg.row.hidden = true;
    if (item.buttons && item.buttons.length && index >= activeFrom) {
      var group = el("div", "fdw-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", t("options"));
      item.buttons.forEach(function (btn) {
        var b = el("button", "fdw-choice", String(btn.title || btn.payload || ""));
        b.type = "button";
        b.disabled = busy;
        b.addEventListener("click", function () {
          send(String(btn.payload || btn.title || ""), String(btn.title || btn.payload || ""));
        });
        group.appendChild(b);
      });
      msg.row.appendChild(group);
      msg.row.hidden = false;
    }
    return msg.row;
  }

  /* Shows the conversation; `answerFrom` (an index into state.items) is the start of a new answer, scrolled to
     the top of the log so that it reads from its beginning (else the log shows its end). */
  function render(answerFrom) {
    applyTexts();
    while (log.firstChild) log.removeChild(log.firstChild);
    var welcome = bubble("bot", t("bot"));
    welcome.row.classList.add("fdw-welcome");
    welcome.body.appendChild(renderMarkdown(t("welcome"), state.lang));
    log.appendChild(welcome.row);
    var activeFrom = lastTurnStart();
    var answerRow = null;
    state.items.forEach(function (item, i) {
      var row = renderItem(item, i, activeFrom);
      if (i === answerFrom) answerRow = row;
      log.appendChild(row);
    });
    if (busy) {
      var typing = el("div", "fdw-msg fdw-msg-bot fdw-typing");
      var dots = el("div", "fdw-bubble fdw-dots");
      dots.setAttribute("aria-hidden", "true");
      for (var d = 0; d < 3; d++) dots.appendChild(el("span", "fdw-dot"));
      typing.appendChild(dots);
      typing.appendChild(el("span", "fdw-sr", t("typing")));
      log.appendChild(typing);
    }
    log.setAttribute("aria-busy", String(busy));
    degradedNote.hidden = !state.degraded;
    errorBox.hidden = !lastError;
    retryBtn.hidden = !(lastError && lastError.retryable);
    sendBtn.setAttribute("aria-disabled", String(busy));
    log.scrollTop = answerRow ? answerRow.offsetTop - ANSWER_MARGIN : log.scrollHeight;
  }

  /* ---------- the length limit ---------- */

  var messageMax = DEFAULT_MESSAGE_MAX;
  var limitState = "ok"; // "ok", "near" or "over"; screen readers are told when it changes

  /* What send() would send (trimmed), counted as the API counts: code points, so an emoji is one character. */
  function messageLength() {
    return Array.from(input.value.trim()).length;
  }

  function isOverLimit() {
    return messageLength() > messageMax;
  }

  function updateLimit() {
    var count = messageLength(), over = count > messageMax;
    var next = over ? "over" : count >= COUNTER_FROM * messageMax ? "near" : "ok";
    var numbers = { count: count, max: messageMax, over: count - messageMax };
    counterText.textContent = format("counter", numbers);
    counterSr.textContent = format("counterSr", numbers);
    limitMsg.textContent = over ? format(count - messageMax === 1 ? "tooLongOne" : "tooLong", numbers) : "";
    limitMsg.hidden = !over;
    limitBox.hidden = next === "ok";
    counter.classList.toggle("fdw-counter-over", over);
    form.classList.toggle("fdw-over-limit", over);
    sendBtn.disabled = over;
    if (over) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    if (next === "ok") input.removeAttribute("aria-describedby");
    else input.setAttribute("aria-describedby", over ? "fdw-limit-msg fdw-counter" : "fdw-counter");
    var previous = limitState;
    limitState = next;
    // Not every keystroke: entering "near" or "over", and leaving "over".
    if (next !== previous && (next !== "ok" || previous === "over")) sayLimit();
  }

  function sayLimit() {
    var text = limitState === "over" ? limitMsg.textContent : counterSr.textContent;
    limitLive.textContent = "";
    window.setTimeout(function () { limitLive.textContent = text; }, 60);
  }

  /* Once at start; until it answers (or when it cannot) the default holds and typing is never blocked. */
  function loadLimits() {
    window.fetch(apiBase + "/chat/limits", { headers: { "Accept": "application/json" }, credentials: "omit" })
      .then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.json();
      }).then(function (data) {
        var max = data && data.message_max;
        if (typeof max === "number" && max > 0 && Math.floor(max) === max) {
          messageMax = max;
          updateLimit();
        }
      }).catch(function () { /* keep the default: POST /chat still refuses what is too long */ });
  }

  function announce(text) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 60);
  }

  function plainText(item) {
    var parts = [];
    if (item.text) parts.push(renderMarkdown(item.text, state.lang).textContent);
    (item.links || []).forEach(function (l) { parts.push(String(l.title || l.url || "")); });
    if (item.buttons && item.buttons.length) {
      parts.push(t("options") + ": " + item.buttons.map(function (b) { return String(b.title || b.payload || ""); }).join(", "));
    }
    return parts.join(" ");
  }

  /* ---------- talking to the API ---------- */

  function cleanMessages(list) {
    if (!Array.isArray(list)) return [];
    return list.map(function (m) {
      m = m || {};
      return {
        from: "bot",
        text: typeof m.text === "string" ? m.text : "",
        buttons: Array.isArray(m.buttons) ? m.buttons.filter(function (b) { return b && (b.title || b.payload); })
          .map(function (b) { return { title: String(b.title || ""), payload: String(b.payload || "") }; }) : [],
        links: Array.isArray(m.links) ? m.links.filter(function (l) { return l && l.url; })
          .map(function (l) { return { title: String(l.title || ""), url: String(l.url) }; }) : []
      };
    }).filter(function (m) { return m.text || m.buttons.length || m.links.length; });
  }

  function deliver(item) {
    var conversation = state; // "new conversation" during the request: its late answer is dropped
    busy = true;
    lastError = null;
    item.pending = true;
    item.failed = false;
    save();
    render();
    var controller = window.AbortController ? new AbortController() : null;
    var timer = window.setTimeout(function () { if (controller) controller.abort(); }, REQUEST_TIMEOUT_MS);
    window.fetch(apiBase + "/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(state.sessionId ? { session_id: state.sessionId, message: item.text, lang: state.lang }
                                           : { message: item.text, lang: state.lang }),
      signal: controller ? controller.signal : undefined,
      credentials: "omit"
    }).then(function (res) {
      if (!res.ok) {
        var err = new Error("HTTP " + res.status);
        err.retryable = res.status >= 500 || res.status === 408 || res.status === 429;
        throw err;
      }
      return res.json();
    }).then(function (data) {
      window.clearTimeout(timer);
      if (state !== conversation) return;
      busy = false;
      item.pending = false;
      if (data && typeof data.session_id === "string" && data.session_id) state.sessionId = data.session_id;
      if (data && normLang(data.lang)) state.lang = normLang(data.lang);
      state.degraded = !!(data && data.degraded);
      var messages = cleanMessages(data && data.messages);
      var answerFrom = state.items.length;
      Array.prototype.push.apply(state.items, messages);
      save();
      render(messages.length ? answerFrom : undefined);
      var spoken = messages.map(plainText).join(" ");
      if (spoken) announce(spoken);
    }).catch(function (err) {
      window.clearTimeout(timer);
      if (state !== conversation) return;
      busy = false;
      item.pending = false;
      item.failed = true;
      var retryable = err.retryable !== false;
      lastError = { key: retryable ? "error" : "errorClient", retryable: retryable, item: item };
      save();
      render();
      loadDesk().then(showPhone);
    });
  }

  /* Sends what the visitor typed, or a button's payload while showing its title. */
  function send(message, display) {
    message = String(message || "").trim();
    if (!message || busy) return;
    // A new message replaces any earlier failed one; that one stays visible as "not sent".
    var item = { from: "visitor", text: message };
    if (display != null && display !== message) item.display = display;
    state.items.push(item);
    deliver(item);
    input.focus();
  }

  function retry() {
    if (!lastError || !lastError.item || busy) return;
    deliver(lastError.item);
    input.focus();
  }

  /* ---------- public actions ---------- */

  function open() {
    state.open = true;
    save();
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    wrap.classList.add("fdw-is-open");
    render();
    input.focus();
    loadDesk();
  }

  function close() {
    state.open = false;
    save();
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    wrap.classList.remove("fdw-is-open");
    launcher.focus();
  }

  function setLang(code) {
    code = normLang(code);
    if (!code || code === state.lang) return;
    state.lang = code;
    save();
    render();
  }

  function newConversation() {
    state = freshState(state.lang);
    state.open = !panel.hidden;
    lastError = null;
    busy = false;
    save();
    render();
    input.value = "";
    autosize();
    updateLimit();
    input.focus();
  }

  /* ---------- keyboard and input ---------- */

  function autosize() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 120) + "px";
  }

  launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (busy) return;
    var text = input.value;
    if (!text.trim()) return;
    if (isOverLimit()) { // nothing is sent and the text stays, to be shortened
      sayLimit();
      return;
    }
    input.value = "";
    autosize();
    updateLimit();
    send(text);
  });
  input.addEventListener("keydown", function (e) {
    // Enter sends, Shift+Enter starts a new line; never while an input method is composing.
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      if (form.requestSubmit) form.requestSubmit(); else form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });
  input.addEventListener("input", function () {
    autosize();
    updateLimit();
  });
  wrap.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !panel.hidden) {
      e.stopPropagation();
      close();
    }
  });

  // The widget follows the page when the page switches language (the demo page's NL/FR switch).
  new MutationObserver(function () {
    var lang = pageLang();
    if (lang !== state.lang) setLang(lang);
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });

  function mount() {
    document.body.appendChild(host);
    loadLimits();
    render();
    if (state.open) {
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      wrap.classList.add("fdw-is-open");
      log.scrollTop = log.scrollHeight; // now that the panel has a size
      loadDesk().then(showPhone); // a failed message restored below may offer the phone
    }
    if (state.items.some(function (i) { return i.failed; })) {
      var failed = state.items.filter(function (i) { return i.failed; }).pop();
      lastError = { key: "error", retryable: true, item: failed };
      render();
    }
  }

  window.FrontdoorWidget = {
    open: open,
    close: close,
    setLang: setLang,
    newConversation: newConversation,
    renderMarkdown: renderMarkdown,
    apiBase: apiBase
  };

  // data-mount="false": only the helpers above (the console renders transcripts with renderMarkdown)
  if (!script || script.getAttribute("data-mount") !== "false") {
    if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
  }
})();
