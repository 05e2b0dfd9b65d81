// Starts Swagger UI on the API docs page. A file of its own, not an inline script, so the
// service's Content-Security-Policy (script-src 'self') can stay strict.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-spec"),
    dom_id: "#swagger-ui",
    deepLinking: true,
  });
});
