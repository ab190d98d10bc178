// Tells GOV.UK Frontend's styles that JavaScript is on, before the page paints (from its template.njk).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
