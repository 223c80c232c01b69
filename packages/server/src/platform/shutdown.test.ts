import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../config';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
let web: string;
before(async () => {
  web = await mkdtemp(join(tmpdir(), 'congso-web-'));
  await mkdir(join(web, 'assets'));
  await writeFile(
    join(web, 'index.html'),
    '<!doctype html><title>Congso</title><script type="module" src="/assets/app-1a2b.js"></script>',
  );
  await writeFile(join(web, 'assets', 'app-1a2b.js'), 'console.log(1)');
  t = await createTestApp({ WEB_DIST: web });
});
after(async () => {
  await t?.close();
  await rm(web, { recursive: true, force: true });
});

describe('graceful shutdown', () => {
  test('the drain lasts 3 s in production and none elsewhere; a bad value stops the start', () => {
    const load = (env: Record<string, string>) =>
      loadConfig({ SIGNING_KEY_PASSPHRASE: 'test-passphrase-123', ...env }, { envFile: false });
    assert.equal(load({ NODE_ENV: 'production' }).SHUTDOWN_DRAIN_SECONDS, 3);
    assert.equal(load({ NODE_ENV: 'development' }).SHUTDOWN_DRAIN_SECONDS, 0);
    assert.equal(load({ NODE_ENV: 'production', SHUTDOWN_DRAIN_SECONDS: '0' }).SHUTDOWN_DRAIN_SECONDS, 0);
    assert.throws(() => load({ SHUTDOWN_DRAIN_SECONDS: '-1' }), ConfigError);
    assert.throws(() => load({ SHUTDOWN_DRAIN_SECONDS: 'soon' }), ConfigError);
  });

  test('while stopping: not ready, still serving, and every answer closes its connection', async () => {
    const before = await t.call('GET', '/api/v1/procedures?q=khai%20sinh');
    assert.equal(before.statusCode, 200);
    assert.notEqual(before.headers.connection, 'close');
    t.readiness.shuttingDown = true;
    try {
      const ready = await t.call('GET', '/readyz');
      assert.equal(ready.statusCode, 503);
      assert.equal(ready.json().error.code, 'SERVICE_UNAVAILABLE');
      const served = await t.call('GET', '/api/v1/procedures?q=khai%20sinh');
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers.connection, 'close');
    } finally {
      t.readiness.shuttingDown = false;
    }
    assert.equal((await t.call('GET', '/readyz')).statusCode, 200);
  });
});

describe('caching of the web app', () => {
  test('the page is never kept from an earlier build; hashed assets are', async () => {
    for (const path of ['/', '/ho-so-cua-toi']) {
      const page = await t.call('GET', path);
      assert.equal(page.statusCode, 200, path);
      assert.equal(page.headers['cache-control'], 'no-cache', path);
    }
    const asset = await t.call('GET', '/assets/app-1a2b.js');
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['cache-control']), /max-age=3600/);
  });
});
