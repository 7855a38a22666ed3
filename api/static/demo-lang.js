/* The demo page: pick the language before the first paint (?lang=fr, else Dutch). No inline script: the
   page runs under a strict Content-Security-Policy. */
(function () {
  var lang = new URLSearchParams(location.search).get("lang");
  if (lang === "fr" || lang === "nl") document.documentElement.lang = lang;
})();
