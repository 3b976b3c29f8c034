// ProtectFields' ciphertext layout (docs/transforms/protect-fields.md) on Node.js's own crypto, sharing nothing
// with the transform: what a consumer in another language writes from the page alone.
// stdin:  {"keys": {"<id>": "<base64 key>"}, "open": ["<ciphertext>", ...],
//          "seal": [{"keyId": "<id>", "type": "s"|"j", "plaintext": "<text>"}, ...]}
// stdout: {"opened": [{"format", "type", "keyId", "plaintext"} or {"error"}], "sealed": ["<ciphertext>", ...]}
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const gcm = (key) => `aes-${key.length * 8}-gcm`;

function open(keys, ciphertext) {
  const raw = Buffer.from(ciphertext, 'base64');
  if (raw[0] === 2) {
    const n = raw[2];
    const header = raw.subarray(0, 3 + n);             // version, type, n, key id: the associated data
    const keyId = raw.subarray(3, 3 + n).toString('ascii');
    const iv = raw.subarray(3 + n, 15 + n);
    const tag = raw.subarray(raw.length - 16);
    const key = keys[keyId];
    if (!key) throw new Error(`no key with id ${keyId}`);
    const d = createDecipheriv(gcm(key), key, iv);
    d.setAAD(header);
    d.setAuthTag(tag);
    const plain = Buffer.concat([d.update(raw.subarray(15 + n, raw.length - 16)), d.final()]);
    return { format: 2, type: String.fromCharCode(raw[1]), keyId, plaintext: plain.toString('utf8') };
  }
  if (raw[0] === 1) {                                  // no key id, no associated data: try each key
    for (const key of Object.values(keys)) {
      try {
        const d = createDecipheriv(gcm(key), key, raw.subarray(2, 14));
        d.setAuthTag(raw.subarray(raw.length - 16));
        const plain = Buffer.concat([d.update(raw.subarray(14, raw.length - 16)), d.final()]);
        return { format: 1, type: String.fromCharCode(raw[1]), keyId: null, plaintext: plain.toString('utf8') };
      } catch (e) { /* the next key */ }
    }
    throw new Error('no key fits');
  }
  throw new Error(`unknown format ${raw[0]}`);
}

function seal(key, keyId, type, plaintext) {
  const id = Buffer.from(keyId, 'ascii');
  const header = Buffer.concat([Buffer.from([2, type.charCodeAt(0), id.length]), id]);
  const iv = randomBytes(12);
  const c = createCipheriv(gcm(key), key, iv);
  c.setAAD(header);
  const body = Buffer.concat([c.update(Buffer.from(plaintext, 'utf8')), c.final()]);
  return Buffer.concat([header, iv, body, c.getAuthTag()]).toString('base64');
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const keys = Object.fromEntries(Object.entries(input.keys).map(([id, k]) => [id, Buffer.from(k, 'base64')]));
const opened = (input.open || []).map((c) => {
  try { return open(keys, c); } catch (e) { return { error: e.message }; }
});
const sealed = (input.seal || []).map((s) => seal(keys[s.keyId], s.keyId, s.type, s.plaintext));
process.stdout.write(JSON.stringify({ opened, sealed }));
