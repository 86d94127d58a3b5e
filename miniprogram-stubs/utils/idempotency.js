// Idempotency-Key values: one per user action, kept while the same action is retried
// (automatically on a network failure, or by the citizen tapping 提交 again with the same content).

function newKey() {
  // RFC 4122 v4 layout from Math.random: unique enough per device and action; the server scopes keys per user.
  const hex = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(Math.random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

// Holds the key of one pending action. `keyFor(payload)` returns the same key for the same payload until
// `done()` is called; a different payload means a different action (the server answers 422 if one key
// is reused for different content), so it gets a new key.
class PendingAction {
  constructor() {
    this.key = null;
    this.fingerprint = null;
  }

  keyFor(payload) {
    const fingerprint = JSON.stringify(payload === undefined ? null : payload);
    if (!this.key || fingerprint !== this.fingerprint) {
      this.key = newKey();
      this.fingerprint = fingerprint;
    }
    return this.key;
  }

  done() {
    this.key = null;
    this.fingerprint = null;
  }
}

module.exports = { newKey, PendingAction };
