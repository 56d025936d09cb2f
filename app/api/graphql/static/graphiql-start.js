// Starts GraphiQL against this service's /graphql. Everything it needs is served by the service
// itself, so it works with no internet access. Paste an access token into the Headers tab.
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var fetcher = GraphiQL.createFetcher({ url: window.location.origin + "/graphql" });
  var headers = JSON.stringify({ Authorization: "Bearer <paste an access token>" }, null, 2);
  var query = [
    "# Getting it right — TOGETHER — for every child: GraphQL.",
    "# Put an access token in the Headers tab below (see /docs for how to get one).",
    "query MyCaseload {",
    "  myCaseload(first: 10) {",
    "    nodes { id stage urgency child { givenName familyName } }",
    "  }",
    "}",
    "",
  ].join("\n");
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: query,
      defaultHeaders: headers,
      defaultEditorToolsVisibility: "headers",
      shouldPersistHeaders: false,
    })
  );
})();
