// Query UI: YASGUI on /sparql, the example gallery, permalinks and downloads.
(function () {
  "use strict";
  const gallery = JSON.parse(document.getElementById("gallery-data").textContent);
  const defaultQuery = JSON.parse(document.getElementById("default-query").textContent);
  const endpoint = window.location.origin + "/sparql";
  if (typeof Yasgui === "undefined") { return; }

  Yasgui.Yasqe.defaults.value = defaultQuery;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    persistenceId: "unga-kg-ui",
  });

  function currentQuery() { return yasgui.getTab().getQuery(); }

  function queryUrl(format) {
    return "/sparql?" + new URLSearchParams({ query: currentQuery(), format: format }).toString();
  }

  // CONSTRUCT and DESCRIBE give a graph: their downloads are Turtle and JSON-LD, not CSV and JSON.
  function givesGraph() {
    const yasqe = yasgui.getTab().getYasqe();
    const type = yasqe && yasqe.getQueryType ? yasqe.getQueryType() : "";
    return type === "CONSTRUCT" || type === "DESCRIBE";
  }

  function refreshLinks() {
    const permalink = window.location.pathname + "?" + new URLSearchParams({ query: currentQuery() });
    const graph = givesGraph();
    const table = document.getElementById("download-csv");
    const json = document.getElementById("download-json");
    table.href = queryUrl(graph ? "ttl" : "csv");
    table.textContent = graph ? "Turtle" : "CSV";
    json.href = queryUrl(graph ? "jsonld" : "json");
    json.textContent = graph ? "JSON-LD" : "JSON";
    document.getElementById("permalink").href = permalink;
    window.history.replaceState(null, "", permalink);
  }

  yasgui.on("query", refreshLinks);
  yasgui.on("tabChange", refreshLinks);
  refreshLinks();

  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      const entry = gallery.find((q) => q.name === button.dataset.name);
      const tab = yasgui.getTab();
      tab.setQuery(entry.query);
      tab.setName(entry.title);
      refreshLinks();
    });
  });
  window.unga = { yasgui: yasgui };
})();
