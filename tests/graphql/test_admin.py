"""Administration through GraphQL: clients, signing keys, professionals' roles and access, the
deadline policy; only an administrator may, and no client secret is ever kept for a replay."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from authlib.integrations.base_client import OAuthError
from fastapi import FastAPI
from gql.transport.exceptions import TransportQueryError

from app.persistence.tables.idempotency import IdempotencyRecord
from app.persistence.tables.oauth import OAuthSigningKey
from tests.auth.conftest import TOKEN_URL, oauth_client
from tests.conftest import Db
from tests.factories import SYSTEM_KEY, Api
from tests.graphql.conftest import GraphQL

pytestmark = pytest.mark.db

CLIENT_FIELDS = "clientId name kind organisationId tokenEndpointAuthMethod scopes active revokedAt"
CREATE_CLIENT = f"""mutation($input: NewClientInput!) {{
  createClient(input: $input) {{
    client {{ {CLIENT_FIELDS} clientSecret }}
    userErrors {{ field code message }}
  }}
}}"""
ROTATE_SECRET = """mutation($client: String!) {
  rotateClientSecret(clientId: $client) {
    secret { clientId clientSecret }
    userErrors { field code message }
  }
}"""
SET_KEYS = f"""mutation($client: String!, $input: ClientKeysInput!) {{
  setClientKeys(clientId: $client, input: $input) {{
    client {{ {CLIENT_FIELDS} jwks }}
    userErrors {{ field code message }}
  }}
}}"""
REVOKE = f"""mutation($client: String!) {{
  revokeClient(clientId: $client) {{
    client {{ {CLIENT_FIELDS} }}
    userErrors {{ field code message }}
  }}
}}"""
ROTATE_KEY = """mutation {
  rotateSigningKey { signingKey { kid status } userErrors { code message } }
}"""
RETIRE_KEY = """mutation($kid: String!, $force: Boolean!) {
  retireSigningKey(kid: $kid, force: $force) {
    signingKey { kid status retiredAt }
    userErrors { code message }
  }
}"""
PROFESSIONAL = "professional { databaseId roles active version }"
SET_ROLES = f"""mutation($id: ID!, $v: Int!, $input: SetRolesInput!) {{
  setProfessionalRoles(id: $id, expectedVersion: $v, input: $input) {{
    {PROFESSIONAL} userErrors {{ field code message }}
  }}
}}"""
DEACTIVATE = f"""mutation($id: ID!, $v: Int!) {{
  deactivateProfessional(id: $id, expectedVersion: $v) {{
    {PROFESSIONAL} userErrors {{ field code message }}
  }}
}}"""
ACTIVATE = f"""mutation($id: ID!, $v: Int!) {{
  activateProfessional(id: $id, expectedVersion: $v) {{
    {PROFESSIONAL} userErrors {{ field code message }}
  }}
}}"""
CHANGE_RULE = """mutation($kind: DeadlineKind!, $urgency: Urgency!, $input: RuleChangeInput!) {
  changeDeadlineRule(kind: $kind, urgency: $urgency, input: $input) {
    deadlineRule { kind urgency amount unit legalBasis }
    userErrors { field code message }
  }
}"""
CREATE_ORGANISATION = """mutation($input: NewOrganisationInput!) {
  createOrganisation(input: $input) { organisation { databaseId } userErrors { code } }
}"""


def _system(api: Api, client_id: str = "sime-calarasi") -> dict[str, Any]:
    return {
        "clientId": client_id,
        "name": "SIME — registrul școlar Călărași",
        "kind": "SYSTEM",
        "organisationId": api.world.org("school"),
    }


async def _token(app: FastAPI, client_id: str, secret: str) -> str:
    async with oauth_client(app, client_id, secret) as oauth:
        token = await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials")
    return str(token["access_token"])


async def _post(api: Api, who: str, document: str, key: str, **variables: Any) -> httpx.Response:
    """One GraphQL request over plain HTTP, with an Idempotency-Key."""
    return await api.client.post(
        "/graphql",
        json={"query": document, "variables": variables},
        headers=api.headers(who, **{"Idempotency-Key": key}),
    )


async def _professional(api: Api, who: str) -> dict[str, Any]:
    return dict(await api.ok("GET", f"/api/v1/professionals/{api.world.person(who)}"))


async def test_an_administrator_reads_clients_and_signing_keys_as_rest_shows_them(
    api: Api, graphql: GraphQL
) -> None:
    found = await graphql(
        "admin",
        f"{{ clients {{ {CLIENT_FIELDS} }} signingKeys {{ kid alg status }} }}",
    )
    rest = await api.ok("GET", "/api/v1/admin/clients", "admin")
    assert [c["clientId"] for c in found["clients"]] == [c["client_id"] for c in rest]
    assert [c["scopes"] for c in found["clients"]] == [c["scopes"] for c in rest]
    assert "school-registry" in [c["clientId"] for c in found["clients"]]
    keys = await api.ok("GET", "/api/v1/admin/signing-keys", "admin")
    assert [(k["kid"], k["status"]) for k in found["signingKeys"]] == [
        (k["kid"], k["status"]) for k in keys
    ]
    one = await graphql(
        "admin", "query($c: String!) { client(clientId: $c) { clientId kind } }", c="clinic-records"
    )
    assert one["client"] == {"clientId": "clinic-records", "kind": "system"}


async def test_a_registered_system_gets_its_secret_once_and_it_works(
    api: Api, app: FastAPI, graphql: GraphQL
) -> None:
    payload = (await graphql("admin", CREATE_CLIENT, input=_system(api)))["createClient"]
    assert payload["userErrors"] == []
    client = payload["client"]
    assert client["tokenEndpointAuthMethod"] == "client_secret_basic"
    assert client["clientSecret"]
    token = await _token(app, "sime-calarasi", client["clientSecret"])
    r = await api.client.get("/api/v1/children", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text

    rotated = (await graphql("admin", ROTATE_SECRET, client="sime-calarasi"))["rotateClientSecret"]
    assert rotated["userErrors"] == []
    assert rotated["secret"]["clientId"] == "sime-calarasi"
    assert rotated["secret"]["clientSecret"] not in (None, client["clientSecret"])
    with pytest.raises(OAuthError):
        await _token(app, "sime-calarasi", client["clientSecret"])
    assert await _token(app, "sime-calarasi", rotated["secret"]["clientSecret"])

    again = (await graphql("admin", CREATE_CLIENT, input=_system(api)))["createClient"]
    assert again["client"] is None
    assert [e["code"] for e in again["userErrors"]] == ["conflict"]
    public = {**_system(api, "app"), "kind": "PUBLIC", "organisationId": None}
    bad = (await graphql("admin", CREATE_CLIENT, input=public))["createClient"]
    assert bad["client"] is None
    assert [e["code"] for e in bad["userErrors"]] == ["validation-error"]


async def test_an_answer_with_a_client_secret_is_never_kept_for_a_replay(api: Api, db: Db) -> None:
    # The control: a GraphQL mutation with an Idempotency-Key is replayed.
    key = str(uuid.uuid4())
    organisation = {"name": "Gimnaziul Hîrjauca", "kind": "SCHOOL", "territoryCode": "calarasi"}
    first = await _post(api, "admin", CREATE_ORGANISATION, key, input=organisation)
    again = await _post(api, "admin", CREATE_ORGANISATION, key, input=organisation)
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json() == first.json()
    kept = await db.rows(IdempotencyRecord)
    assert [r.key for r in kept] == [key]

    key = str(uuid.uuid4())
    created = await _post(api, "admin", CREATE_CLIENT, key, input=_system(api))
    secret = created.json()["data"]["createClient"]["client"]["clientSecret"]
    assert secret
    assert [r.key for r in await db.rows(IdempotencyRecord)] == [kept[0].key]
    again = await _post(api, "admin", CREATE_CLIENT, key, input=_system(api))
    assert "idempotent-replayed" not in again.headers
    assert secret not in again.text
    assert [e["code"] for e in again.json()["data"]["createClient"]["userErrors"]] == [
        "conflict"
    ], "the request ran again instead of being answered from a store"

    key = str(uuid.uuid4())
    secrets = []
    for _ in range(2):
        r = await _post(api, "admin", ROTATE_SECRET, key, client="sime-calarasi")
        assert "idempotent-replayed" not in r.headers
        secrets.append(r.json()["data"]["rotateClientSecret"]["secret"]["clientSecret"])
    assert secrets[0] != secrets[1]
    stored = await db.rows(IdempotencyRecord)
    assert [r.key for r in stored] == [kept[0].key]
    assert not any(s.encode() in (r.response_body or b"") for r in stored for s in secrets)


async def test_keys_replace_a_secret_and_a_revoked_client_is_inactive(
    api: Api, graphql: GraphQL
) -> None:
    await graphql("admin", CREATE_CLIENT, input=_system(api))
    keys = {"jwks": {"keys": [SYSTEM_KEY.as_dict(private=False)]}}
    done = (await graphql("admin", SET_KEYS, client="sime-calarasi", input=keys))["setClientKeys"]
    assert done["userErrors"] == []
    assert done["client"]["tokenEndpointAuthMethod"] == "private_key_jwt"
    assert done["client"]["jwks"]["keys"][0]["kid"] == "test-systems"
    rotated = (await graphql("admin", ROTATE_SECRET, client="sime-calarasi"))["rotateClientSecret"]
    assert rotated["secret"] is None
    assert [e["code"] for e in rotated["userErrors"]] == ["conflict"]

    private = {"jwks": {"keys": [SYSTEM_KEY.as_dict(private=True)]}}
    refused = (await graphql("admin", SET_KEYS, client="sime-calarasi", input=private))[
        "setClientKeys"
    ]
    assert [e["field"] for e in refused["userErrors"]] == [["input", "jwks"]]
    both = {**keys, "jwksUri": "https://sime.md/jwks"}
    refused = (await graphql("admin", SET_KEYS, client="sime-calarasi", input=both))[
        "setClientKeys"
    ]
    assert [e["code"] for e in refused["userErrors"]] == ["validation-error"]

    revoked = (await graphql("admin", REVOKE, client="sime-calarasi"))["revokeClient"]
    assert revoked["client"]["active"] is False
    assert revoked["client"]["revokedAt"]
    rest = await api.ok("GET", "/api/v1/admin/clients/sime-calarasi", "admin")
    assert rest["active"] is False
    missing = (await graphql("admin", REVOKE, client="nobody"))["revokeClient"]
    assert [e["code"] for e in missing["userErrors"]] == ["not-found"]


async def test_signing_keys_rotate_and_retire(api: Api, graphql: GraphQL, db: Db) -> None:
    before = await api.ok("GET", "/api/v1/admin/signing-keys", "admin")
    [old] = [k["kid"] for k in before if k["status"] == "active"]
    new = (await graphql("admin", ROTATE_KEY))["rotateSigningKey"]["signingKey"]
    assert new["status"] == "active"
    assert new["kid"] != old
    active = (await graphql("admin", RETIRE_KEY, kid=new["kid"], force=False))["retireSigningKey"]
    assert active["signingKey"] is None
    assert [e["code"] for e in active["userErrors"]] == ["conflict"]
    young = (await graphql("admin", RETIRE_KEY, kid=old, force=False))["retireSigningKey"]
    assert [e["code"] for e in young["userErrors"]] == ["conflict"]
    forced = (await graphql("admin", RETIRE_KEY, kid=old, force=True))["retireSigningKey"]
    assert forced["userErrors"] == []
    assert forced["signingKey"]["status"] == "retired"
    # Every test token was signed with the old key, and forcing it out refused them all.
    assert (await api.call("GET", "/api/v1/admin/signing-keys", "admin")).status_code == 401
    after = {k.kid: k.status for k in await db.rows(OAuthSigningKey)}
    assert after == {old: "retired", new["kid"]: "active"}


async def test_roles_and_access_of_a_professional(api: Api, graphql: GraphQL) -> None:
    teacher = await _professional(api, "teacher")
    roles = {"roles": ["TEACHER"]}
    done = (await graphql("admin", SET_ROLES, id=teacher["id"], v=teacher["version"], input=roles))[
        "setProfessionalRoles"
    ]
    assert done["userErrors"] == []
    assert done["professional"]["roles"] == ["teacher"]
    assert (await _professional(api, "teacher"))["roles"] == ["teacher"]

    stale = (
        await graphql("admin", SET_ROLES, id=teacher["id"], v=teacher["version"], input=roles)
    )["setProfessionalRoles"]
    assert [(e["code"], e["field"]) for e in stale["userErrors"]] == [("version-mismatch", None)]
    empty = {"roles": []}
    version = done["professional"]["version"]
    none = (await graphql("admin", SET_ROLES, id=teacher["id"], v=version, input=empty))[
        "setProfessionalRoles"
    ]
    assert [e["field"] for e in none["userErrors"]] == [["input", "roles"]]

    admin = await _professional(api, "admin")
    own = (
        await graphql(
            "admin", SET_ROLES, id=admin["id"], v=admin["version"], input={"roles": ["SUPERVISOR"]}
        )
    )["setProfessionalRoles"]
    assert [e["code"] for e in own["userErrors"]] == ["conflict"]

    off = (await graphql("admin", DEACTIVATE, id=teacher["id"], v=version))[
        "deactivateProfessional"
    ]
    assert off["professional"]["active"] is False
    r = await api.call("GET", "/api/v1/professionals/me", "teacher")
    assert r.status_code == 401
    on = (await graphql("admin", ACTIVATE, id=teacher["id"], v=off["professional"]["version"]))[
        "activateProfessional"
    ]
    assert on["professional"]["active"] is True
    assert (await api.call("GET", "/api/v1/professionals/me", "teacher")).status_code == 200


async def test_a_deadline_rule_changes_when_the_law_does(api: Api, graphql: GraphQL) -> None:
    change = {"amount": 2, "unit": "WORKING_DAYS", "legalBasis": "GD 143/2018 as amended"}
    done = (
        await graphql(
            "admin", CHANGE_RULE, kind="REFERRAL_RESPONSE", urgency="PRIORITY", input=change
        )
    )["changeDeadlineRule"]
    assert done["userErrors"] == []
    assert done["deadlineRule"] == {
        "kind": "referral.response",
        "urgency": "priority",
        "amount": 2,
        "unit": "working_days",
        "legalBasis": "GD 143/2018 as amended",
    }
    rest = await api.ok("GET", "/api/v1/deadline-policy")
    [rule] = [r for r in rest if (r["kind"], r["urgency"]) == ("referral.response", "priority")]
    assert (rule["amount"], rule["unit"]) == (2, "working_days")

    zero = {**change, "amount": 0}
    refused = (
        await graphql(
            "admin", CHANGE_RULE, kind="REFERRAL_RESPONSE", urgency="PRIORITY", input=zero
        )
    )["changeDeadlineRule"]
    assert refused["deadlineRule"] is None
    assert [e["field"] for e in refused["userErrors"]] == [["input", "amount"]]


ADMIN_ONLY = [
    ("createClient", CREATE_CLIENT, {"input": {"name": "X app", "kind": "SYSTEM"}}),
    ("rotateClientSecret", ROTATE_SECRET, {"client": "school-registry"}),
    ("setClientKeys", SET_KEYS, {"client": "school-registry", "input": {"jwksUri": "https://x"}}),
    ("revokeClient", REVOKE, {"client": "school-registry"}),
    ("rotateSigningKey", ROTATE_KEY, {}),
    ("retireSigningKey", RETIRE_KEY, {"kid": "k", "force": True}),
    (
        "changeDeadlineRule",
        CHANGE_RULE,
        {
            "kind": "CASE_PLANNING",
            "urgency": "ROUTINE",
            "input": {"amount": 1, "unit": "DAYS", "legalBasis": "none"},
        },
    ),
    ("clients", "{ clients { clientId } }", {}),
    ("signingKeys", "{ signingKeys { kid } }", {}),
    ("client", '{ client(clientId: "school-registry") { clientId } }', {}),
]


@pytest.mark.parametrize(
    ("field", "document", "variables"), ADMIN_ONLY, ids=[a[0] for a in ADMIN_ONLY]
)
async def test_administration_is_refused_to_anyone_but_an_administrator(
    api: Api, graphql: GraphQL, field: str, document: str, variables: dict[str, Any]
) -> None:
    for who in ("teacher", "supervisor", "dpo", "school_registry"):
        with pytest.raises(TransportQueryError) as refused:
            await graphql(who, document, **variables)
        [error] = refused.value.errors or []
        assert error["extensions"]["code"] == "forbidden", who
        assert error["path"] == [field]
    clients = await api.ok("GET", "/api/v1/admin/clients", "admin")
    assert all(c["active"] for c in clients), "nothing was revoked"


async def test_roles_and_access_are_refused_to_anyone_but_an_administrator(
    api: Api, graphql: GraphQL
) -> None:
    teacher = await _professional(api, "teacher")
    for document, variables in [
        (SET_ROLES, {"input": {"roles": ["SUPERVISOR"]}}),
        (DEACTIVATE, {}),
        (ACTIVATE, {}),
    ]:
        for who in ("supervisor", "teacher"):
            with pytest.raises(TransportQueryError) as refused:
                await graphql(who, document, id=teacher["id"], v=teacher["version"], **variables)
            [error] = refused.value.errors or []
            assert error["extensions"]["code"] == "forbidden"
    assert await _professional(api, "teacher") == teacher
