// Suggests communes while a member types in a field with list="communes".
// Progressive enhancement: without this script the server still resolves the typed name.
(function () {
  "use strict";
  const datalist = document.getElementById("communes");
  if (!datalist) return;
  const inputs = document.querySelectorAll('input[list="communes"]');
  let timer = null;
  let controller = null;

  function suggest(query) {
    if (controller) controller.abort();
    controller = new AbortController();
    fetch("/territoires/communes/?limit=8&q=" + encodeURIComponent(query), { signal: controller.signal })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((data) => {
        datalist.replaceChildren(
          ...data.results.map((commune) => {
            const option = document.createElement("option");
            option.value = commune.name;
            option.label = commune.label + " — " + commune.postal_codes.join(", ");
            return option;
          })
        );
      })
      .catch(() => {});
  }

  inputs.forEach((input) => {
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const query = input.value.trim();
      if (query.length >= 2) timer = setTimeout(() => suggest(query), 200);
    });
  });
})();
