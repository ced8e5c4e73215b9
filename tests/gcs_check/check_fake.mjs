// Google's own Node client (@google-cloud/storage, option apiEndpoint) against gcs_fake: what
// the fake answers must satisfy the reference client, not only tributary.
//   node check_fake.mjs <work dir>
// <work dir>/input.json: {"url", "bucket", "prefix", "key_file", "csek", "ours": {"name", "file"}}
// - signs the token assertion with jws (the library Google's auth client signs with) and trades
//   it at the fake's token endpoint;
// - reads back byte-exact what tributary wrote (input "ours"), writes node.bin and node-enc.bin
//   (resumable, 256 KiB chunks, the second with the customer-supplied key) for tributary to
//   read; lists with delimiter and pages; ranged download; ifGenerationMatch=0 refused; CSEK
//   refused without the key; delete then 404.
// Prints "ok" and exits 0, or the first failure and exits 1.
import { Storage } from '@google-cloud/storage';
import { OAuth2Client } from 'google-auth-library';
import jws from 'jws';
import { readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const dir = process.argv[2];
const input = JSON.parse(readFileSync(`${dir}/input.json`, 'utf8'));
const key = JSON.parse(readFileSync(input.key_file, 'utf8'));

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
}

async function token() {
  const now = Math.floor(Date.now() / 1000);
  const assertion = jws.sign({
    header: { alg: 'RS256', typ: 'JWT', kid: key.private_key_id },
    payload: {
      iss: key.client_email, scope: 'https://www.googleapis.com/auth/devstorage.read_write',
      aud: `${input.url}/token`, iat: now, exp: now + 3600,
    },
    secret: key.private_key,
  });
  const answer = await fetch(`${input.url}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion,
    }),
  });
  check(answer.status === 200, `token endpoint answered ${answer.status}`);
  return (await answer.json()).access_token;
}

function pattern(size, seed) {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

async function upload(file, bytes, options = {}) {
  await pipeline(Readable.from([bytes]),
    file.createWriteStream({ resumable: true, chunkSize: 256 * 1024, validation: false,
                             ...options }));
}

async function main() {
  const access = await token();
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: access, expiry_date: Date.now() + 3000 * 1000 });
  const storage = new Storage({
    apiEndpoint: input.url, projectId: 'trib-test', authClient: auth,
    useAuthWithCustomEndpoint: true, retryOptions: { maxRetries: 0 },
  });
  // Seen with 8.4.0: the request that starts a resumable upload leaves the auth client's header
  // out on a custom endpoint; the client's own interceptor hook adds it.
  storage.interceptors.push({
    request: (options) => {
      options.headers = { ...(options.headers || {}), Authorization: `Bearer ${access}` };
      return options;
    },
  });
  const bucket = storage.bucket(input.bucket);
  const p = input.prefix;

  // What tributary wrote, byte for byte, with a ranged read inside it.
  const ours = readFileSync(input.ours.file);
  const [theirs] = await bucket.file(p + input.ours.name).download();
  check(Buffer.compare(theirs, ours) === 0, 'the object tributary wrote reads back the same');
  const [part] = await bucket.file(p + input.ours.name).download({ start: 5, end: 14 });
  check(Buffer.compare(part, ours.subarray(5, 15)) === 0, 'a ranged download');

  // Resumable uploads in 256 KiB chunks, plain and with a customer-supplied key.
  const plain = pattern(700 * 1024 + 3, 7);
  await upload(bucket.file(p + 'node.bin'), plain);
  writeFileSync(`${dir}/node.bin`, plain);
  const csek = Buffer.from(input.csek, 'base64');
  const sealed = pattern(300 * 1024, 11);
  await upload(bucket.file(p + 'node-enc.bin', { encryptionKey: csek }), sealed);
  writeFileSync(`${dir}/node-enc.bin`, sealed);
  const [meta] = await bucket.file(p + 'node.bin').getMetadata();
  check(Number(meta.size) === plain.length, `metadata size ${meta.size}`);
  check(/^\d+$/.test(String(meta.generation)), 'a numeric generation');
  const [back] = await bucket.file(p + 'node-enc.bin', { encryptionKey: csek }).download();
  check(Buffer.compare(back, sealed) === 0, 'CSEK round trip');
  let refused = null;
  await bucket.file(p + 'node-enc.bin').download().catch((e) => { refused = e; });
  check(refused && refused.code === 400, `a download without the key is refused (${refused?.code})`);
  check(meta.customerEncryption === undefined, 'the plain object has no customerEncryption');

  // Listing: levels with a delimiter, and pages that resume.
  const [files, , response] = await bucket.getFiles({ prefix: p, delimiter: '/', autoPaginate: false });
  const names = files.map((f) => f.name).sort();
  check(names.includes(p + 'node.bin') && names.includes(p + input.ours.name), `listed ${names}`);
  check((response.prefixes || []).includes(p + 'dir/'), `prefixes ${response.prefixes}`);
  const seen = [];
  let query = { prefix: p, maxResults: 2, autoPaginate: false };
  for (let i = 0; query && i < 20; i++) {
    const [page, next] = await bucket.getFiles(query);
    check(page.length <= 2, 'a page holds at most maxResults');
    seen.push(...page.map((f) => f.name));
    query = next;
  }
  check(new Set(seen).size === seen.length && seen.includes(p + 'dir/inner.txt'),
        `pages resume without repeats: ${seen}`);

  // ifGenerationMatch=0 on an existing name: 412.
  refused = null;
  await upload(bucket.file(p + 'node.bin'), Buffer.from('x'),
               { preconditionOpts: { ifGenerationMatch: 0 } }).catch((e) => { refused = e; });
  check(refused && refused.code === 412, `ifGenerationMatch=0 refused (${refused?.code})`);

  // Delete, then 404.
  await bucket.file(p + 'dir/inner.txt').delete();
  refused = null;
  await bucket.file(p + 'dir/inner.txt').getMetadata().catch((e) => { refused = e; });
  check(refused && refused.code === 404, `deleted object is gone (${refused?.code})`);
  console.log('ok');
}

main().catch((e) => {
  console.log(`FAILED: ${e.message}`);
  process.exit(1);
});
