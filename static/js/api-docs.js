// The API's documentation page: Swagger UI on the portal's own OpenAPI description (no inline script:
// the page is under the portal's Content-Security-Policy).
(function () {
  "use strict";
  var target = document.getElementById("swagger-ui");
  if (!target || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: target.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
