/**
 * A client the pool hands out new is never without an 'error' listener, not even between the pool taking
 * its idle listener off and connect()'s promise letting the caller listen. A restart can put the server's
 * 57P01 ("terminating connection due to administrator command") in the same socket read as the client's
 * ReadyForQuery, so the error comes exactly then; unheard, it ends the process (seen once: a worker died
 * so under a PostgreSQL restart on a loaded machine).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type pg from 'pg';
import { tempSchemaUrl } from '../../../test/helpers/postgres.js';
import { openPostgres } from './postgres-database.js';

let pool: pg.Pool;
let drop: () => Promise<void>;
before(async () => {
  const t = tempSchemaUrl();
  drop = t.drop;
  pool = await openPostgres(t.url, 2);
});
after(async () => {
  await pool.end();
  await drop();
});

// Unheard, the error is thrown inside the pool, whose connect() then never settles: a time limit fails it.
test('an error emitted while a new client is being handed out is absorbed; the pool goes on', {
  timeout: 20_000,
}, async () => {
  // The clients the migrations used are dropped, so the next connect makes a new one.
  while (pool.totalCount > 0) (await pool.connect()).release(true);
  let emitted = false;
  pool.once('acquire', (client: pg.PoolClient) => {
    const off = client.removeListener.bind(client);
    // The pool takes its idle listener off just before handing the client out: the error comes right then.
    client.removeListener = ((event: string, fn: (...args: unknown[]) => void) => {
      const r = off(event, fn);
      if (event === 'error' && !emitted) {
        emitted = true;
        client.emit(
          'error',
          Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
        );
      }
      return r;
    }) as typeof client.removeListener;
  });
  const client = await pool.connect();
  assert.equal(emitted, true, 'the error was emitted in the gap');
  assert.equal(pool.totalCount, 1, 'the client was a new one');
  client.release(true);
  // The pool goes on: a new query gets a new connection.
  assert.deepEqual((await pool.query('SELECT 2 AS n')).rows, [{ n: 2 }]);
});
