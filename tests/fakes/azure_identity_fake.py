"""CONTRACT FAKE (not Microsoft's service): the two Azure identity endpoints tributary asks for
storage tokens, written from Microsoft's public REST references, for tests only.

  POST /<tenant>/oauth2/v2.0/token   Microsoft identity platform, OAuth 2.0 client credentials
       (form: grant_type=client_credentials, client_id, client_secret, scope) -> {"token_type",
       "expires_in", "ext_expires_in", "access_token"}; errors as {"error", "error_description"
       ("AADSTS...: ..."), "error_codes", ...} with 400/401.
  GET  /metadata/identity/oauth2/token?api-version=2018-02-01&resource=...[&client_id=...]
       Azure Instance Metadata Service (managed identities); header "Metadata: true" required
       -> {"access_token", "expires_in", "expires_on", "not_before", "resource", "token_type",
       "client_id"} with numbers as strings, as IMDS sends them.
  GET  /_fake/requests               fake only: how many tokens each endpoint has minted.

Tokens are JWTs (HS256, a key made at start) with the claims Azurite's --oauth basic checks:
aud https://storage.azure.com, iss https://sts.windows.net/<tenant>/, iat/nbf/exp.
Configured by the environment: FAKE_TENANT, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET (the one service
principal), FAKE_MI_CLIENT_ID (the one user-assigned managed identity), FAKE_TOKEN_SECONDS.
Usage: python3 azure_identity_fake.py PORT
"""
import base64
import hashlib
import hmac
import json
import os
import secrets
import sys
import time
import uuid

from flask import Flask, jsonify, request

TENANT = os.environ["FAKE_TENANT"]
CLIENT_ID = os.environ["FAKE_CLIENT_ID"]
CLIENT_SECRET = os.environ["FAKE_CLIENT_SECRET"]
MI_CLIENT_ID = os.environ["FAKE_MI_CLIENT_ID"]
TOKEN_SECONDS = int(os.environ.get("FAKE_TOKEN_SECONDS", "3599"))
SIGNING_KEY = secrets.token_bytes(32)
STORAGE = "https://storage.azure.com"

app = Flask(__name__)
minted = {"ad": 0, "imds": 0}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(claims: dict) -> str:
    head = b64url(json.dumps({"typ": "JWT", "alg": "HS256"}).encode())
    body = b64url(json.dumps(claims).encode())
    mac = hmac.new(SIGNING_KEY, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(mac)}"


def storage_token(app_id: str, now: int) -> str:
    return jwt({"aud": STORAGE, "iss": f"https://sts.windows.net/{TENANT}/", "iat": now,
                "nbf": now, "exp": now + TOKEN_SECONDS, "appid": app_id, "tid": TENANT,
                "oid": str(uuid.uuid5(uuid.NAMESPACE_URL, app_id)), "sub": app_id, "ver": "1.0"})


def aad_error(status: int, error: str, code: int, text: str):
    return jsonify({"error": error, "error_description": f"AADSTS{code}: {text}",
                    "error_codes": [code], "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ"),
                    "trace_id": str(uuid.uuid4()), "correlation_id": str(uuid.uuid4())}), status


@app.post("/<tenant>/oauth2/v2.0/token")
def client_credentials(tenant):
    if tenant != TENANT:
        return aad_error(400, "invalid_request", 90002, f"Tenant '{tenant}' not found.")
    if not request.content_type or not request.content_type.startswith(
            "application/x-www-form-urlencoded"):
        return aad_error(400, "invalid_request", 900144,
                         "The request body must contain the following parameter: 'grant_type'.")
    form = request.form
    for name in ("grant_type", "client_id", "scope"):
        if not form.get(name):
            return aad_error(400, "invalid_request", 900144,
                             f"The request body must contain the following parameter: '{name}'.")
    if form["grant_type"] != "client_credentials":
        return aad_error(400, "unsupported_grant_type", 70003,
                         "The app requested an unsupported grant type.")
    if form["client_id"] != CLIENT_ID:
        return aad_error(400, "unauthorized_client", 700016,
                         f"Application with identifier '{form['client_id']}' was not found in "
                         f"the directory '{tenant}'.")
    if not form.get("client_secret"):
        return aad_error(401, "invalid_client", 7000216,
                         "'client_assertion', 'client_secret' or 'request' is required for the "
                         "'client_credentials' grant type.")
    if not hmac.compare_digest(form["client_secret"], CLIENT_SECRET):
        return aad_error(401, "invalid_client", 7000215,
                         "Invalid client secret provided. Ensure the secret being sent in the "
                         f"request is the client secret value, not the client secret ID, for a "
                         f"secret added to app '{CLIENT_ID}'.")
    if form["scope"] != STORAGE + "/.default":
        return aad_error(400, "invalid_scope", 1002012,
                         f"The provided value for scope {form['scope']} is not valid.")
    minted["ad"] += 1
    return jsonify({"token_type": "Bearer", "expires_in": TOKEN_SECONDS,
                    "ext_expires_in": TOKEN_SECONDS,
                    "access_token": storage_token(CLIENT_ID, int(time.time()))})


@app.get("/metadata/identity/oauth2/token")
def managed_identity():
    if request.headers.get("Metadata") != "true":
        return jsonify({"error": "invalid_request",
                        "error_description": "Required metadata header not specified"}), 400
    if request.headers.get("X-Forwarded-For"):  # IMDS refuses anything that came via a proxy
        return jsonify({"error": "invalid_request",
                        "error_description": "Request came through a proxy"}), 400
    if request.args.get("api-version") != "2018-02-01":
        return jsonify({"error": "invalid_request",
                        "error_description": "Invalid or missing api-version"}), 400
    resource = request.args.get("resource", "")
    if not resource:
        return jsonify({"error": "invalid_request",
                        "error_description": "Required query variable 'resource' is missing"}), 400
    if resource.rstrip("/") != STORAGE:
        return jsonify({"error": "invalid_resource",
                        "error_description": f"AADSTS500011: The resource principal named "
                                             f"{resource} was not found in the tenant"}), 400
    client_id = request.args.get("client_id", MI_CLIENT_ID)
    if client_id != MI_CLIENT_ID:
        return jsonify({"error": "invalid_request",
                        "error_description": "Identity not found"}), 400
    minted["imds"] += 1
    now = int(time.time())
    return jsonify({"access_token": storage_token(client_id, now), "refresh_token": "",
                    "expires_in": str(TOKEN_SECONDS), "expires_on": str(now + TOKEN_SECONDS),
                    "not_before": str(now), "resource": resource, "token_type": "Bearer",
                    "client_id": client_id})


@app.get("/_fake/requests")
def counts():
    return jsonify(minted)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), threaded=True)
