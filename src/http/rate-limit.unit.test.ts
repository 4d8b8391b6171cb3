import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveHttpOptions } from './http-options.js';
import { TokenBuckets } from './rate-limit.js';

test('a token bucket allows a burst of its capacity, then refills at its rate', () => {
  let now = 0;
  const b = new TokenBuckets(5, 0.5, () => now); // 5 at once, one more every 2 s
  for (let i = 0; i < 5; i++) assert.equal(b.take('a'), 0);
  assert.equal(b.take('a'), 2, 'empty: wait 2 s for the next token');
  assert.equal(b.take('b'), 0, 'another client has its own bucket');
  now += 1000;
  assert.equal(b.take('a'), 1, 'half a token after 1 s: 1 s more');
  now += 1000;
  assert.equal(b.take('a'), 0);
  assert.equal(b.take('a'), 2);
  now += 60_000;
  for (let i = 0; i < 5; i++) assert.equal(b.take('a'), 0, 'refilled, but never past capacity');
  assert.ok(b.take('a') > 0);
});

test('buckets forget idle clients instead of growing without bound', () => {
  let now = 0;
  const b = new TokenBuckets(2, 1, () => now);
  for (let i = 0; i < 50_001; i++) b.take(`10.0.${i >> 8}.${i & 255}`);
  assert.ok(b.size <= 50_000, `${b.size} clients remembered`);
  now += 10_000; // every bucket is full again: all idle
  b.take('fresh');
  for (let i = 0; i < 50_000; i++) b.take(`x${i}`);
  assert.ok(b.size <= 50_000, `${b.size} clients remembered`);
});

test('HTTP limits come from flags, then the environment, then defaults; bad values are usage errors', () => {
  assert.deepEqual(resolveHttpOptions({}, {}), {
    rateLimitPerMinute: 120,
    trustProxy: false,
    requestTimeoutMs: 10_000,
    maxBodyBytes: 65_536,
    maxUploadBytes: 104_857_600,
  });
  const env = {
    DATELINE_RATE_LIMIT: 'off',
    DATELINE_TRUST_PROXY: '1',
    DATELINE_REQUEST_TIMEOUT: '2.5',
    DATELINE_MAX_UPLOAD_MB: '8',
  };
  const o = resolveHttpOptions({}, env);
  assert.deepEqual(
    [o.rateLimitPerMinute, o.trustProxy, o.requestTimeoutMs, o.maxUploadBytes],
    [0, true, 2500, 8 * 1024 * 1024],
  );
  assert.equal(resolveHttpOptions({ 'rate-limit': '30' }, env).rateLimitPerMinute, 30);
  assert.equal(resolveHttpOptions({ 'rate-limit': '0' }, {}).rateLimitPerMinute, 0);
  for (const flags of [
    { 'rate-limit': 'lots' },
    { 'request-timeout': '0' },
    { 'max-upload-mb': '-1' },
    { 'rate-limit': '' },
  ]) {
    assert.throws(
      () => resolveHttpOptions(flags, {}),
      (e: Error & { code?: string }) => e.code === 'USAGE' && /must be a number/.test(e.message),
    );
  }
});
