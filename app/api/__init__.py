"""The shells: REST now, GraphQL later. They translate and call the service layer, nothing more."""
