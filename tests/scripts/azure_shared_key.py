"""Creates a Blob container with a SharedKey-signed request (Microsoft's "Authorize with Shared
Key", Blob service, version 2015-02-21 and later), written from the spec with the standard library
only: with_azurite*.sh use it so the tests find their container ready. Usage:
  python3 azure_shared_key.py URL ACCOUNT CONTAINER [CA_FILE]   (the key in AZURE_TEST_KEY)
URL is the endpoint (http(s)://127.0.0.1:PORT); the account goes in the path, as emulators
want it. Exits 0 when the container exists."""
import base64
import email.utils
import hashlib
import hmac
import os
import ssl
import sys
import urllib.error
import urllib.request

url, account, container = sys.argv[1], sys.argv[2], sys.argv[3]
ca_file = sys.argv[4] if len(sys.argv) > 4 else None
key = base64.b64decode(os.environ["AZURE_TEST_KEY"])
version = "2021-08-06"
date = email.utils.formatdate(usegmt=True)
path = "/" + account + "/" + container
# Method, the 11 standard headers (Content-Length 0 counts as empty; urllib sends a
# Content-Type, so one is set and signed), the x-ms-* headers, then the resource: path-style
# URLs carry the account twice.
content_type = "application/octet-stream"
string_to_sign = "PUT\n\n\n\n\n" + content_type + "\n" * 7 + \
    f"x-ms-date:{date}\nx-ms-version:{version}\n/{account}{path}\nrestype:container"
signature = base64.b64encode(hmac.new(key, string_to_sign.encode(), hashlib.sha256).digest())
request = urllib.request.Request(
    url.rstrip("/") + path + "?restype=container", method="PUT", data=b"",
    headers={"Content-Type": content_type, "x-ms-date": date, "x-ms-version": version,
             "Authorization": f"SharedKey {account}:{signature.decode()}"})
context = ssl.create_default_context(cafile=ca_file) if ca_file else None
try:
    with urllib.request.urlopen(request, context=context) as answer:
        sys.exit(0 if answer.status == 201 else 1)
except urllib.error.HTTPError as error:
    sys.exit(0 if error.code == 409 else f"create container: HTTP {error.code}")
