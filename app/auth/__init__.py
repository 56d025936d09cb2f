"""The authorization server (OAuth 2.0 / OpenID Connect) and the bearer-token check the API uses.

`scopes` is the vocabulary, `keys` the signing key set, `tokens` issues access tokens, `bearer`
verifies them for the resource server; `server` and `app.api.oauth` are the token, revocation,
introspection and discovery endpoints built on Authlib.
"""
