/* The NL/FR switch: sets <html lang>, the title and the address; the chat widget follows <html lang>. */
(function () {
  /* Texts of the contact form, filled in by language (the page's other texts carry data-l). */
  var FORM = {
    nl: {
      formTitle: "Contactformulier",
      formIntro: "Eén onderwerp per aanvraag: zo kunnen wij uw vraag sneller behandelen. U ontvangt uw ticketnummer per e-mail.",
      formUrgent: "Dringend incident? Bel de Service Desk tijdens de openingsuren: {phone_nl} (NL) of {phone_fr} (FR).",
      type: "Soort aanvraag", typeQuestion: "Vraag", typeIncident: "Incident (iets werkt niet)",
      typeRequest: "Aanvraag (toegang, wijziging)", typeComplaint: "Klacht",
      subject: "Onderwerp", description: "Beschrijving",
      descriptionHint: "Wat gebeurde er, in welke toepassing, en welke foutmelding zag u? Deel geen wachtwoorden.",
      email: "E-mailadres", name: "Naam (optioneel)", organisation: "Organisatie (optioneel)", submit: "Versturen",
      sending: "Bezig met versturen…",
      required: "Vul dit veld in.", badEmail: "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.be.",
      created: "Uw ticket {number} is aangemaakt. U ontvangt een bevestiging per e-mail.",
      rejected: "Uw aanvraag kon niet worden verwerkt. Controleer de ingevulde gegevens.",
      unreachable: "Uw aanvraag kon niet worden verstuurd: de dienst is tijdelijk onbereikbaar. Probeer het later opnieuw of bel {phone_nl}."
    },
    fr: {
      formTitle: "Formulaire de contact",
      formIntro: "Un seul sujet par demande\u00a0: nous pouvons ainsi traiter votre question plus rapidement. Vous recevez votre numéro de ticket par e-mail.",
      formUrgent: "Incident urgent\u00a0? Appelez le Service Desk pendant les heures d\u2019ouverture\u00a0: {phone_fr} (FR) ou {phone_nl} (NL).",
      type: "Type de demande", typeQuestion: "Question", typeIncident: "Incident (quelque chose ne fonctionne pas)",
      typeRequest: "Demande (accès, modification)", typeComplaint: "Plainte",
      subject: "Objet", description: "Description",
      descriptionHint: "Que s\u2019est-il passé, dans quelle application, et quel message d\u2019erreur avez-vous vu\u00a0? Ne partagez pas de mots de passe.",
      email: "Adresse e-mail", name: "Nom (facultatif)", organisation: "Organisation (facultatif)", submit: "Envoyer",
      sending: "Envoi en cours…",
      required: "Veuillez remplir ce champ.", badEmail: "Veuillez indiquer une adresse e-mail valide, par exemple nom@organisation.be.",
      created: "Votre ticket {number} a été créé. Vous recevez une confirmation par e-mail.",
      rejected: "Votre demande n\u2019a pas pu être traitée. Vérifiez les données saisies.",
      unreachable: "Votre demande n\u2019a pas pu être envoyée\u00a0: le service est temporairement injoignable. Réessayez plus tard ou appelez le {phone_fr}."
    }
  };
  /* The desk's phone numbers come from the page, which the server fills from its settings (api/demo.py). */
  var root = document.documentElement.dataset;
  Object.keys(FORM).forEach(function (lang) {
    Object.keys(FORM[lang]).forEach(function (key) {
      FORM[lang][key] = FORM[lang][key].replace("{phone_nl}", root.phoneNl).replace("{phone_fr}", root.phoneFr);
    });
  });
  var titles = {
    nl: "Contact Service Desk – DG Digitale Transformatie",
    fr: "Contact Service Desk – DG Transformation digitale"
  };
  function apply(lang) {
    document.documentElement.lang = lang;
    document.title = titles[lang];
    document.querySelectorAll("[data-set-lang]").forEach(function (a) {
      a.setAttribute("aria-current", String(a.getAttribute("data-set-lang") === lang));
    });
    document.querySelectorAll("[data-i18n]").forEach(function (node) {
      node.textContent = FORM[lang][node.getAttribute("data-i18n")];
    });
    shownErrors.forEach(function (pair) { pair[0].textContent = FORM[lang][pair[1]]; });
    if (result.dataset.key) result.textContent = FORM[lang][result.dataset.key].replace("{number}", result.dataset.number || "");
  }
  function currentLang() { return document.documentElement.lang === "fr" ? "fr" : "nl"; }

  /* The contact form: one ticket per submission through POST /tickets. The Idempotency-Key lives as long
     as this filled-in form, so a retry after a network error never makes a second ticket. */
  var form = document.getElementById("ticket-form");
  var result = document.getElementById("ticket-result");
  var submit = form.querySelector("button[type=submit]");
  var shownErrors = [];
  var idempotencyKey = null;
  function newKey() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function val(id) { return document.getElementById(id).value.trim(); }
  function showResult(key, ok, number) {
    result.dataset.key = key;
    result.dataset.number = number || "";
    result.className = "form-result " + (ok ? "ok" : "fail");
    result.setAttribute("role", ok ? "status" : "alert");
    result.textContent = FORM[currentLang()][key].replace("{number}", number || "");
  }
  function validate() {
    shownErrors.forEach(function (pair) { pair[0].textContent = ""; });
    shownErrors = [];
    var first = null;
    [["t-subject", /\S/, "required"], ["t-description", /\S/, "required"],
     ["t-email", /^[^\s@]+@[^\s@]+\.[^\s@]+$/, "badEmail"]].forEach(function (rule) {
      var field = document.getElementById(rule[0]);
      var value = field.value.trim();
      var key = !value ? "required" : (rule[1].test(value) ? null : rule[2]);
      field.setAttribute("aria-invalid", String(!!key));
      if (key) {
        var err = document.getElementById(rule[0] + "-err");
        err.textContent = FORM[currentLang()][key];
        shownErrors.push([err, key]);
        first = first || field;
      }
    });
    if (first) first.focus();
    return !first;
  }
  form.addEventListener("input", function () { idempotencyKey = null; });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (submit.disabled || !validate()) return;
    idempotencyKey = idempotencyKey || newKey();
    var data = {
      type: val("t-type"), subject: val("t-subject"), description: val("t-description"),
      language: currentLang(), email: val("t-email"), name: val("t-name"),
      organisation: val("t-organisation"), channel: "web"
    };
    submit.disabled = true;
    submit.textContent = FORM[currentLang()].sending;
    fetch("tickets", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
      body: JSON.stringify(data)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) { return { res: res, body: body }; });
    }).then(function (r) {
      if (r.res.ok && r.body.number) {
        showResult("created", true, r.body.number);
        form.reset();
        idempotencyKey = null;
      } else {
        showResult(r.res.status >= 500 ? "unreachable" : "rejected", false);
      }
    }).catch(function () {
      showResult("unreachable", false);
    }).then(function () {
      submit.disabled = false;
      submit.textContent = FORM[currentLang()].submit;
      result.focus();
    });
  });
  document.querySelectorAll("[data-set-lang]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var lang = a.getAttribute("data-set-lang");
      apply(lang);
      history.replaceState(null, "", "?lang=" + lang);
    });
  });
  document.querySelector("[data-open-chat]").addEventListener("click", function () {
    if (window.FrontdoorWidget) window.FrontdoorWidget.open();
  });
  apply(document.documentElement.lang === "fr" ? "fr" : "nl");
})();
