/*
 * Frontdoor console, the analytics view (GET /analytics/*, docs/analytics.md). Kept apart from console.js: it
 * reads what console.js keeps where anyone may read it (the bearer token in sessionStorage, the language on
 * <html lang>), and follows the console's own tabs and sign-in. Plain JavaScript, no build step.
 *
 * The figures' names and definitions come from the API in both languages (api/analytics/messages.py); the texts
 * below are the view's own. Nothing from the API is parsed as HTML; the charts are SVG images (data: URLs).
 */
(function () {
  "use strict";

  var TOKEN_KEY = "frontdoor.console.token";  // as console.js stores it
  var VIEWS = ["tickets", "faq"];  // the console's other views
  var SHOWN = ["deflection_rate", "conversations", "deflected", "pending", "helpfulness_rate", "no_match_rate",
               "tickets", "tickets_by_bot", "median_first_response_minutes", "autoclosed"];
  var CHARTS = ["deflection_rate", "conversations", "tickets", "no_match_rate"];
  var RATES = ["deflection_rate", "helpfulness_rate", "no_match_rate"];
  var TICKET_TYPES = ["question", "incident", "urgent_incident", "complaint", "request"];

  var TEXTS = {
    nl: {
      tab: "Cijfers", title: "Cijfers van de servicedesk", from: "Van", to: "Tot en met", period: "Per",
      day: "dag", week: "week", show: "Tonen", csv: "CSV downloaden", figures: "Kerncijfers", charts: "Verloop",
      seriesTable: "Alle cijfers per periode", ticketsTitle: "Tickets per soort en taal",
      topTitle: "Meest beantwoorde vragen", noTop: "Nog geen FAQ-antwoorden in deze periode.",
      periodCol: "Periode", typeCol: "Soort", total: "Totaal", question: "Vraag", answers: "Keer als antwoord",
      yes: "Hielp: ja", no: "Hielp: nee", none: "geen gegevens", loading: "Cijfers laden…",
      chartAlt: "Staafdiagram: ", inTable: "De waarden staan in de tabel hieronder.", failed: "De cijfers konden niet geladen worden.", lang: "Taal",
      types: { question: "Vraag", incident: "Incident", urgent_incident: "Dringend incident", complaint: "Klacht",
               request: "Aanvraag" }
    },
    fr: {
      tab: "Statistiques", title: "Statistiques du service desk", from: "Du", to: "Au (inclus)", period: "Par",
      day: "jour", week: "semaine", show: "Afficher", csv: "Télécharger le CSV", figures: "Chiffres clés",
      charts: "Évolution", seriesTable: "Tous les chiffres par période", ticketsTitle: "Tickets par type et par langue",
      topTitle: "Questions les plus souvent répondues", noTop: "Pas encore de réponses de la FAQ pour cette période.",
      periodCol: "Période", typeCol: "Type", total: "Total", question: "Question", answers: "Fois comme réponse",
      yes: "Aidé : oui", no: "Aidé : non", none: "pas de données", loading: "Chargement des chiffres…",
      chartAlt: "Diagramme en barres : ", inTable: "Les valeurs figurent dans le tableau ci-dessous.", failed: "Les chiffres n'ont pas pu être chargés.", lang: "Langue",
      types: { question: "Question", incident: "Incident", urgent_incident: "Incident urgent", complaint: "Plainte",
               request: "Demande" }
    }
  };

  var state = { data: null, open: false, allowed: false };

  function $(id) { return document.getElementById(id); }
  function lang() { return document.documentElement.lang === "fr" ? "fr" : "nl"; }
  function t(key) { return TEXTS[lang()][key]; }
  function token() {
    try { return window.sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function get(path) {
    return fetch(path, { headers: { "Authorization": "Bearer " + token() }, cache: "no-store" });
  }

  function params(extra) {
    var p = new URLSearchParams({ from: $("a-from").value, to: $("a-to").value, period: $("a-period").value });
    Object.keys(extra || {}).forEach(function (k) { p.set(k, extra[k]); });
    return p.toString();
  }

  function number(value, figure) {
    if (value === null || value === undefined) return "–";
    var locale = lang() === "fr" ? "fr-BE" : "nl-BE";
    if (RATES.indexOf(figure) >= 0) return new Intl.NumberFormat(locale, { style: "percent" }).format(value);
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  }

  function definition(figure) { return state.data.definitions[lang()][figure]; }

  function fail(res) {
    res.json().then(function (body) {
      $("analytics-error").textContent = t("failed") + " " + (body && body.detail ? body.detail + " (" + body.code + ")" : "");
    }, function () { $("analytics-error").textContent = t("failed"); });
  }

  /* ---------- rendering ---------- */

  function renderTexts() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-a-i18n]"), function (node) {
      node.textContent = t(node.getAttribute("data-a-i18n"));
    });
  }

  function renderFigures() {
    var dl = $("a-figures");
    clear(dl);
    SHOWN.forEach(function (figure) {
      var box = el("div", null, "a-figure");
      var def = definition(figure);
      var value = state.data.totals[figure];
      box.appendChild(el("dt", def.label));
      var dd = el("dd", number(value, figure), "a-value");
      if (value === null) dd.appendChild(el("span", " " + t("none"), "sr"));
      box.appendChild(dd);
      box.appendChild(el("dd", def.definition, "hint"));
      dl.appendChild(box);
    });
  }

  function renderCharts() {
    var box = $("a-charts");
    clear(box);
    CHARTS.forEach(function (figure) {
      var fig = el("figure");
      var img = el("img");
      img.alt = t("chartAlt") + definition(figure).label + ", " + state.data.from + " – " + state.data.to + ". "
        + t("inTable");
      img.width = 640;
      img.height = 260;
      fig.appendChild(img);
      box.appendChild(fig);
      get("/analytics/chart.svg?" + params({ figure: figure, lang: lang() })).then(function (res) {
        if (!res.ok) { fail(res); return; }
        return res.blob().then(function (blob) {
          var reader = new FileReader();  // a data: URL, which the CSP allows for images (blob: it does not)
          reader.onload = function () { img.src = reader.result; };
          reader.readAsDataURL(blob);
        });
      });
    });
  }

  function table(id, head, rows) {
    var tr = $(id).querySelector("thead tr"), body = $(id).querySelector("tbody");
    clear(tr);
    clear(body);
    head.forEach(function (h) { var th = el("th", h); th.scope = "col"; tr.appendChild(th); });
    rows.forEach(function (cells) {
      var row = el("tr");
      cells.forEach(function (c, i) {
        var cell = el(i === 0 ? "th" : "td", c);
        if (i === 0) cell.scope = "row";
        row.appendChild(cell);
      });
      body.appendChild(row);
    });
  }

  function renderTables() {
    var d = state.data;
    table("a-series", [t("periodCol")].concat(SHOWN.map(function (f) { return definition(f).label; })),
      d.series.map(function (s) {
        return [s.start].concat(SHOWN.map(function (f) { return number(s[f], f); }));
      }));
    var langs = Object.keys(d.totals.tickets_by_language);
    table("a-tickets", [t("typeCol"), t("total")],
      TICKET_TYPES.map(function (type) { return [t("types")[type], number(d.totals.tickets_by_type[type] || 0)]; })
        .concat(langs.map(function (l) { return [t("lang") + " " + l.toUpperCase(), number(d.totals.tickets_by_language[l])]; })));
    table("a-top", [t("question"), t("answers"), t("yes"), t("no")], d.top_questions.map(function (q) {
      return [q.question, number(q.answers), number(q.feedback_yes), number(q.feedback_no)];
    }));
    $("a-top-empty").hidden = d.top_questions.length > 0;
  }

  function render() {
    renderTexts();
    if (!state.data) return;
    renderFigures();
    renderCharts();
    renderTables();
  }

  /* ---------- loading ---------- */

  function load() {
    $("analytics-error").textContent = t("loading");
    return get("/analytics/summary?" + params()).then(function (res) {
      if (!res.ok) { fail(res); return; }
      return res.json().then(function (data) {
        state.data = data;
        $("analytics-error").textContent = "";
        render();
      });
    }, function () { $("analytics-error").textContent = t("failed"); });
  }

  function download() {
    get("/analytics/series.csv?" + params({ lang: lang() })).then(function (res) {
      if (!res.ok) { fail(res); return; }
      var name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
      return res.blob().then(function (blob) {
        var a = el("a");
        a.href = URL.createObjectURL(blob);
        a.download = name ? name[1] : "analytics.csv";
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
      });
    });
  }

  function isoDay(d) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Brussels" }).format(d);  // YYYY-MM-DD
  }

  /* ---------- following the console: its tabs, its sign-in, its language ---------- */

  function open(yes) {
    state.open = yes;
    $("analytics-view").hidden = !yes;
    var tab = $("tab-analytics");
    if (yes) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
    if (yes) load();
  }

  function signedIn() {
    if ($("app-view").hidden || !token()) {  // signed out: nothing of the figures stays on the page
      state.data = null;
      state.allowed = false;
      $("tab-analytics").hidden = true;
      open(false);
      return;
    }
    if (state.allowed) return;
    get("/auth/me").then(function (res) { return res.ok ? res.json() : null; }).then(function (me) {
      state.allowed = !!me;  // every role that can sign in to the console reads the figures
      $("tab-analytics").hidden = !state.allowed;
    });
  }

  function init() {
    var today = new Date();
    $("a-to").value = isoDay(today);
    $("a-from").value = isoDay(new Date(today.getTime() - 27 * 86400000));
    renderTexts();
    $("analytics-filters").addEventListener("submit", function (ev) { ev.preventDefault(); load(); });
    $("a-csv").addEventListener("click", download);
    $("tab-analytics").addEventListener("click", function () { open(true); });
    VIEWS.forEach(function (v) {
      $("tab-" + v).addEventListener("click", function () { open(false); });
    });
    new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
    new MutationObserver(signedIn).observe($("app-view"), { attributes: true, attributeFilter: ["hidden"] });
    signedIn();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
