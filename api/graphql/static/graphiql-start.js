// GraphiQL on this server's endpoint. The query, variables and operation name live in the
// page's fragment (#query=…&variables=…&operationName=…), never sent to the server, so a query
// can be shared as a link (a GET /graphql?query=… runs the query instead of opening GraphiQL).
(function () {
  "use strict";
  var endpoint = window.location.href.split("#")[0].split("?")[0];
  var parameters = new URLSearchParams(window.location.hash.slice(1));

  function remember(name, value) {
    if (value) {
      parameters.set(name, value);
    } else {
      parameters.delete(name);
    }
    var fragment = parameters.toString();
    window.history.replaceState(null, "", fragment ? "#" + fragment : window.location.pathname);
  }

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: endpoint }),
      defaultEditorToolsVisibility: true,
      query: parameters.get("query") || undefined,
      variables: parameters.get("variables") || undefined,
      operationName: parameters.get("operationName") || undefined,
      onEditQuery: function (value) {
        remember("query", value);
      },
      onEditVariables: function (value) {
        remember("variables", value);
      },
      onEditOperationName: function (value) {
        remember("operationName", value);
      },
    })
  );
})();
