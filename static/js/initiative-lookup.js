// Suggests initiatives of the map while a member types in a field with list="initiatives".
// Progressive enhancement: without this script the server still finds the initiative by its name.
(function () {
  "use strict";
  const datalist = document.getElementById("initiatives");
  if (!datalist) return;
  let timer = null;
  document.querySelectorAll('input[list="initiatives"]').forEach((input) => {
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const query = input.value.trim();
      if (query.length < 2) return;
      timer = setTimeout(() => {
        fetch("/initiatives/recherche.json?q=" + encodeURIComponent(query))
          .then((response) => (response.ok ? response.json() : { results: [] }))
          .then((data) => {
            datalist.replaceChildren(
              ...data.results.map((initiative) => {
                const option = document.createElement("option");
                option.value = initiative.name;
                option.label = initiative.name + " — " + initiative.commune;
                return option;
              })
            );
          })
          .catch(() => {});
      }, 200);
    });
  });
})();
