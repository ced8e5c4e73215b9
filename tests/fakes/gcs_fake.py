#!/usr/bin/env python3
"""gcs_fake: a CONTRACT FAKE of Google Cloud Storage's JSON API and Google's OAuth token
endpoint, for tributary's tests. It is not Google's code and not an emulator: it was written
from the published references (cloud.google.com/storage/docs/json_api/v1/objects,
.../performing-resumable-uploads, .../encryption/customer-supplied-keys and
developers.google.com/identity/protocols/oauth2/service-account) and implements only what
tributary uses, strictly:

  POST /token                                   grant_type=jwt-bearer; the RS256 assertion is
                                                verified (PyJWT) against a registered public key,
                                                with iss, scope, aud and exp checked
  GET  /storage/v1/b/B/o                        objects.list: prefix, delimiter, pageToken,
                                                maxResults -> items, prefixes, nextPageToken
  GET  /storage/v1/b/B/o/NAME                   objects.get (metadata); alt=media with Range
  DELETE /storage/v1/b/B/o/NAME                 objects.delete
  POST /upload/storage/v1/b/B/o?uploadType=resumable[&ifGenerationMatch=0]  -> Location
  PUT  <session>  Content-Range: bytes a-b/* | bytes a-b/N | bytes */N   -> 308 | 200
  DELETE <session>                              cancels the upload (499)

Every storage call needs "Authorization: Bearer <token from /token>" (a read_only token may not
write), except those to an upload session's URL, which is itself the credential, as in GCS. Customer-supplied keys (x-goog-encryption-*) are checked: the SHA-256 must match the key,
and an object written with a key is read only with that key.

Test-only control routes under /_fake/: health, buckets (create), service-accounts (register a
public key), fail (answer a bucket's next N storage calls with a status), stats, grants (tokens issued
to an account, by scope), uploads (open upload sessions of a bucket).
"""

import argparse
import base64
import hashlib
import itertools
import json
import secrets
import threading
import time
from datetime import datetime, timezone

import jwt
from flask import Flask, Response, request

app = Flask(__name__)
lock = threading.Lock()

buckets = {}           # name -> {object name -> object dict}
uploads = {}           # upload_id -> session dict
accounts = {}          # client_email -> public key PEM
tokens = {}            # access token -> {"email", "scope", "expires"}
failures = []          # [{"bucket", "method", "status", "count"}]: per bucket, so tests
                       # running side by side do not take each other's failures
grants = {}            # client_email -> {"read_only": n, "read_write": n} tokens issued
stats = {"token_requests": 0, "storage_requests": 0}
generations = itertools.count(int(time.time() * 1_000_000))

SCOPES = {
    "https://www.googleapis.com/auth/devstorage.read_only": "read",
    "https://www.googleapis.com/auth/devstorage.read_write": "write",
    "https://www.googleapis.com/auth/devstorage.full_control": "write",
    "https://www.googleapis.com/auth/cloud-platform": "write",
}
GRANULE = 256 * 1024


def error(status, reason, message):
    body = {"error": {"code": status, "message": message,
                      "errors": [{"domain": "global", "reason": reason, "message": message}]}}
    return Response(json.dumps(body), status=status, mimetype="application/json")


def now_rfc3339():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def resource(bucket, name, obj):
    out = {"kind": "storage#object", "bucket": bucket, "name": name,
           "id": f"{bucket}/{name}/{obj['generation']}", "size": str(len(obj["data"])),
           "generation": str(obj["generation"]), "metageneration": "1",
           "contentType": obj["content_type"], "updated": obj["updated"],
           "timeCreated": obj["updated"],
           "md5Hash": base64.b64encode(hashlib.md5(obj["data"]).digest()).decode()}
    if obj["key_sha256"]:
        out["customerEncryption"] = {"encryptionAlgorithm": "AES256",
                                     "keySha256": obj["key_sha256"]}
    return out


# --- OAuth 2.0 token endpoint (service accounts, RFC 7523) ---------------------------------

@app.post("/token")
def token():
    with lock:
        stats["token_requests"] += 1
    if request.form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
        return {"error": "unsupported_grant_type",
                "error_description": "Invalid grant_type"}, 400
    assertion = request.form.get("assertion", "")
    try:
        header = jwt.get_unverified_header(assertion)
        unverified = jwt.decode(assertion, options={"verify_signature": False})
    except jwt.PyJWTError:
        return {"error": "invalid_grant", "error_description": "Invalid JWT."}, 400
    if header.get("alg") != "RS256":
        return {"error": "invalid_grant", "error_description": "Invalid JWT: alg"}, 400
    with lock:
        public_key = accounts.get(unverified.get("iss"))
    if public_key is None:
        return {"error": "invalid_grant", "error_description": "Invalid grant: account not found"}, 400
    audience = request.base_url
    try:
        claims = jwt.decode(assertion, public_key, algorithms=["RS256"], audience=audience,
                            options={"require": ["iss", "aud", "exp", "iat", "scope"]})
    except jwt.InvalidSignatureError:
        return {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}, 400
    except jwt.ExpiredSignatureError:
        return {"error": "invalid_grant",
                "error_description": "Invalid JWT: Token must be a short-lived token"}, 400
    except jwt.InvalidAudienceError:
        return {"error": "invalid_grant", "error_description": "Invalid JWT: aud"}, 400
    except jwt.PyJWTError as e:
        return {"error": "invalid_grant", "error_description": f"Invalid JWT: {type(e).__name__}"}, 400
    if claims["exp"] - claims["iat"] > 3600 or claims["iat"] > time.time() + 300:
        return {"error": "invalid_grant",
                "error_description": "Invalid JWT: Token must be a short-lived token"}, 400
    scopes = [s for s in str(claims["scope"]).split() if s in SCOPES]
    if not scopes:
        return {"error": "invalid_scope", "error_description": "Invalid OAuth scope"}, 400
    access = "ya29.fake-" + secrets.token_urlsafe(24)
    write = any(SCOPES[s] == "write" for s in scopes)
    with lock:
        tokens[access] = {"email": claims["iss"], "expires": time.time() + 3599, "write": write}
        granted = grants.setdefault(claims["iss"], {"read_only": 0, "read_write": 0})
        granted["read_write" if write else "read_only"] += 1
    return {"access_token": access, "expires_in": 3599, "token_type": "Bearer"}


# --- storage: authentication, injected failures, customer-supplied keys ----------------------

def injected_failure():
    bucket = request.view_args.get("bucket") if request.view_args else None
    with lock:
        stats["storage_requests"] += 1
        for failure in failures:
            if failure["count"] > 0 and failure["bucket"] == bucket and \
                    failure["method"] in ("*", request.method):
                failure["count"] -= 1
                return error(failure["status"], "backendError", "injected failure")
    return None


def authorize(write):
    """None when the caller may go on, else the error answer."""
    failed = injected_failure()
    if failed:
        return failed
    auth = request.headers.get("Authorization", "")
    if not auth.startswith("Bearer "):
        return error(401, "required", "Anonymous caller does not have storage access.")
    with lock:
        grant = tokens.get(auth[len("Bearer "):])
    if grant is None or grant["expires"] < time.time():
        return error(401, "authError", "Invalid Credentials")
    if write and not grant["write"]:
        return error(403, "insufficientPermissions",
                     "Provided scope(s) are not authorized: read_only")
    return None


def csek():
    """(key_sha256 or None, error answer or None) from the x-goog-encryption-* headers."""
    algorithm = request.headers.get("x-goog-encryption-algorithm")
    key = request.headers.get("x-goog-encryption-key")
    digest = request.headers.get("x-goog-encryption-key-sha256")
    if algorithm is None and key is None and digest is None:
        return None, None
    if algorithm != "AES256" or key is None or digest is None:
        return None, error(400, "customerEncryptionAlgorithmIsInvalid",
                           "Missing an encryption algorithm, key or key hash header.")
    try:
        raw = base64.b64decode(key, validate=True)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        return None, error(400, "customerEncryptionKeyFormatIsInvalid",
                           "Invalid encryption key: it must be 256 bits, base64.")
    if base64.b64encode(hashlib.sha256(raw).digest()).decode() != digest:
        return None, error(400, "customerEncryptionKeySha256IsInvalid",
                           "The provided encryption key hash does not match the key.")
    return digest, None


def check_key(obj, given, media):
    if obj["key_sha256"] and given is None:
        if not media:
            return None  # metadata of an encrypted object may be read without its key
        return error(400, "resourceIsEncryptedWithCustomerEncryptionKey",
                     "The target object is encrypted by a customer-supplied encryption key.")
    if obj["key_sha256"] and given != obj["key_sha256"]:
        return error(400, "customerEncryptionKeyIsIncorrect",
                     "The provided encryption key is incorrect.")
    if not obj["key_sha256"] and given is not None and media:
        return error(400, "resourceNotEncryptedWithCustomerEncryptionKey",
                     "The target object is not encrypted by a customer-supplied encryption key.")
    return None


def bucket_or_error(name):
    with lock:
        objects = buckets.get(name)
    if objects is None:
        return None, error(404, "notFound", "The specified bucket does not exist.")
    return objects, None


# --- objects.list, objects.get, objects.delete -----------------------------------------------

@app.get("/storage/v1/b/<bucket>/o")
def list_objects(bucket):
    denied = authorize(write=False)
    if denied:
        return denied
    objects, missing = bucket_or_error(bucket)
    if missing:
        return missing
    prefix = request.args.get("prefix", "")
    delimiter = request.args.get("delimiter", "")
    try:
        max_results = min(int(request.args.get("maxResults", "1000")), 1000)
    except ValueError:
        return error(400, "invalid", "Invalid maxResults")
    if max_results < 1:
        return error(400, "invalid", "Invalid maxResults")
    after = ""
    if request.args.get("pageToken"):
        try:
            after = base64.urlsafe_b64decode(request.args["pageToken"]).decode()
        except ValueError:
            return error(400, "invalid", "Invalid pageToken")
    with lock:
        names = sorted(n for n in objects if n.startswith(prefix))
        entries = []  # (sort key, kind, value), prefixes once each
        seen = set()
        for name in names:
            rest = name[len(prefix):]
            if delimiter and delimiter in rest:
                level = prefix + rest[:rest.index(delimiter) + len(delimiter)]
                if level not in seen:
                    seen.add(level)
                    entries.append((level, "prefix", level))
            else:
                entries.append((name, "item", resource(bucket, name, objects[name])))
    # The token is the last entry answered; a prefix entry stands for every name below it.
    entries = sorted((e for e in entries if e[0] > after), key=lambda e: e[0])
    page, more = entries[:max_results], len(entries) > max_results
    body = {"kind": "storage#objects"}
    items = [e[2] for e in page if e[1] == "item"]
    prefixes = [e[2] for e in page if e[1] == "prefix"]
    if items:
        body["items"] = items
    if prefixes:
        body["prefixes"] = prefixes
    if more:
        body["nextPageToken"] = base64.urlsafe_b64encode(page[-1][0].encode()).decode()
    return body


def parse_range(header, size):
    """(first, last) or None for a header this fake does not take; 'unsatisfiable' past the end."""
    if not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[len("bytes="):].partition("-")
    if not first.isdigit() or (last and not last.isdigit()):
        return None
    first = int(first)
    last = int(last) if last else size - 1
    if first >= size:
        return "unsatisfiable"
    return first, min(last, size - 1)


@app.get("/storage/v1/b/<bucket>/o/<path:name>")
def get_object(bucket, name):
    denied = authorize(write=False)
    if denied:
        return denied
    objects, missing = bucket_or_error(bucket)
    if missing:
        return missing
    given, bad = csek()
    if bad:
        return bad
    with lock:
        obj = objects.get(name)
    if obj is None:
        return error(404, "notFound", f"No such object: {bucket}/{name}")
    media = request.args.get("alt") == "media"
    wrong = check_key(obj, given, media)
    if wrong:
        return wrong
    if not media:
        return resource(bucket, name, obj)
    data = obj["data"]
    headers = {"x-goog-generation": str(obj["generation"])}
    if "Range" not in request.headers:
        return Response(data, status=200, headers=headers, mimetype=obj["content_type"])
    bounds = parse_range(request.headers["Range"], len(data))
    if bounds == "unsatisfiable":
        return Response(b"", status=416, headers={"Content-Range": f"bytes */{len(data)}"})
    if bounds is None:
        return Response(data, status=200, headers=headers, mimetype=obj["content_type"])
    first, last = bounds
    headers["Content-Range"] = f"bytes {first}-{last}/{len(data)}"
    return Response(data[first:last + 1], status=206, headers=headers,
                    mimetype=obj["content_type"])


@app.delete("/storage/v1/b/<bucket>/o/<path:name>")
def delete_object(bucket, name):
    denied = authorize(write=True)
    if denied:
        return denied
    objects, missing = bucket_or_error(bucket)
    if missing:
        return missing
    with lock:
        if objects.pop(name, None) is None:
            return error(404, "notFound", f"No such object: {bucket}/{name}")
    return Response(b"", status=204)


# --- resumable uploads ------------------------------------------------------------------------

@app.post("/upload/storage/v1/b/<bucket>/o")
def start_upload(bucket):
    denied = authorize(write=True)
    if denied:
        return denied
    if request.args.get("uploadType") != "resumable":
        return error(400, "invalid", "This fake takes uploadType=resumable only.")
    objects, missing = bucket_or_error(bucket)
    if missing:
        return missing
    given, bad = csek()
    if bad:
        return bad
    metadata = request.get_json(silent=True) or {}
    name = request.args.get("name") or metadata.get("name")
    if not name:
        return error(400, "required", "Required object name")
    match = request.args.get("ifGenerationMatch")
    with lock:
        if match == "0" and name in objects:
            return error(412, "conditionNotMet", "At least one of the pre-conditions you "
                                                 "specified did not hold.")
        upload_id = secrets.token_urlsafe(18)
        uploads[upload_id] = {
            "bucket": bucket, "name": name, "match": match, "key_sha256": given, "data": b"",
            "content_type": request.headers.get("X-Upload-Content-Type")
            or metadata.get("contentType") or "application/octet-stream"}
    location = (f"{request.host_url}upload/storage/v1/b/{bucket}/o"
                f"?uploadType=resumable&upload_id={upload_id}")
    return Response(b"", status=200, headers={"Location": location})


def session_or_error():
    with lock:
        session = uploads.get(request.args.get("upload_id", ""))
    if session is None:
        return None, error(404, "notFound", "No such upload session.")
    return session, None


# The session URL is the upload's credential, as in GCS: its requests need no bearer token.
@app.put("/upload/storage/v1/b/<bucket>/o")
def upload_chunk(bucket):
    failed = injected_failure()
    if failed:
        return failed
    session, missing = session_or_error()
    if missing:
        return missing
    given, bad = csek()
    if bad:
        return bad
    if given is not None and given != session["key_sha256"]:
        return error(400, "customerEncryptionKeyIsIncorrect",
                     "The provided encryption key does not match the upload's.")
    content_range = request.headers.get("Content-Range", "")
    body = request.get_data()
    if not content_range.startswith("bytes "):
        return error(400, "invalid", "Missing Content-Range")
    span, _, total = content_range[len("bytes "):].partition("/")
    with lock:
        held = len(session["data"])
        if span == "*":
            first = held
            if body:
                return error(400, "invalid", "Content-Range bytes */N takes no body")
        else:
            first_text, _, last_text = span.partition("-")
            if not first_text.isdigit() or not last_text.isdigit():
                return error(400, "invalid", "Invalid Content-Range")
            first, last = int(first_text), int(last_text)
            if last - first + 1 != len(body):
                return error(400, "invalid", "Content-Range does not match the body's length")
            if first > held:
                return error(400, "invalid", "Chunk starts past the bytes held")
            body = body[held - first:]  # a resent chunk: keep only what is new
        final = total != "*"
        if not final and (len(session["data"]) + len(body)) % GRANULE != 0:
            return error(400, "invalid", "Chunks other than the last must be multiples of 256 KiB")
        session["data"] += body
        if not final:
            return Response(b"", status=308,
                            headers={"Range": f"bytes=0-{len(session['data']) - 1}"})
        if not total.isdigit() or int(total) != len(session["data"]):
            return error(400, "invalid", "The upload's total size does not match the bytes sent")
        objects = buckets.get(session["bucket"])
        uploads.pop(request.args["upload_id"], None)
        if objects is None:
            return error(404, "notFound", "The specified bucket does not exist.")
        if session["match"] == "0" and session["name"] in objects:
            return error(412, "conditionNotMet", "At least one of the pre-conditions you "
                                                 "specified did not hold.")
        obj = {"data": session["data"], "generation": next(generations),
               "updated": now_rfc3339(), "content_type": session["content_type"],
               "key_sha256": session["key_sha256"]}
        objects[session["name"]] = obj
        return resource(session["bucket"], session["name"], obj)


@app.delete("/upload/storage/v1/b/<bucket>/o")
def cancel_upload(bucket):
    failed = injected_failure()
    if failed:
        return failed
    with lock:
        if uploads.pop(request.args.get("upload_id", ""), None) is None:
            return error(404, "notFound", "No such upload session.")
    return Response(b"", status=499)


# --- test-only control ------------------------------------------------------------------------

@app.get("/_fake/health")
def health():
    return {"ok": True}


@app.post("/_fake/buckets")
def create_bucket():
    name = request.get_json()["name"]
    with lock:
        buckets.setdefault(name, {})
    return {"name": name}


@app.post("/_fake/service-accounts")
def register_account():
    body = request.get_json()
    with lock:
        accounts[body["client_email"]] = body["public_key"]
    return {"client_email": body["client_email"]}


@app.post("/_fake/fail")
def inject_failure():
    body = request.get_json()
    with lock:
        failures.append({"bucket": body["bucket"], "method": body.get("method", "*"),
                         "status": int(body["status"]), "count": int(body.get("count", 1))})
    return {"ok": True}


@app.get("/_fake/stats")
def get_stats():
    with lock:
        return dict(stats, open_uploads=len(uploads))


@app.get("/_fake/grants")
def get_grants():
    with lock:
        return grants.get(request.args.get("client_email", ""), {"read_only": 0, "read_write": 0})


@app.get("/_fake/uploads")
def list_uploads():
    bucket = request.args.get("bucket", "")
    with lock:
        return {"names": sorted(s["name"] for s in uploads.values() if s["bucket"] == bucket)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app.run(host="127.0.0.1", port=args.port, threaded=True)
