// The server cannot be starved: requests that run queries take one of a few slots or wait in a bounded
// queue; beyond it they are answered 503 overloaded with Retry-After at once, while health and cached
// answers, which need no slot, are answered as usual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbandonedError, createWorkQueue, OverloadedError } from '../../server/work-queue.ts';
import { openSeedApp, type SeedApp } from '../server/seed-app.ts';

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('createWorkQueue', () => {
  it('runs at most `concurrency` tasks, queues `maxQueued` more in order and refuses the rest', async () => {
    const queue = createWorkQueue({ concurrency: 2, maxQueued: 1 });
    const gates = [deferred(), deferred(), deferred()];
    const order: number[] = [];
    const tasks = gates.map((gate, index) =>
      queue.run(async () => {
        order.push(index);
        await gate.promise;
        return index;
      }),
    );
    await Promise.resolve();
    expect(queue.stats()).toEqual({ running: 2, queued: 1 });
    expect(order).toEqual([0, 1]);
    const refused = queue.run(async () => 'never');
    await expect(refused).rejects.toBeInstanceOf(OverloadedError);
    await expect(refused).rejects.toMatchObject({ retryAfterS: expect.any(Number) as number });
    gates[0]?.resolve();
    expect(await tasks[0]).toBe(0);
    // The freed slot went to the queued task, not to a newcomer.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(order).toEqual([0, 1, 2]);
    expect(queue.stats()).toEqual({ running: 2, queued: 0 });
    gates[1]?.resolve();
    gates[2]?.resolve();
    expect(await Promise.all(tasks)).toEqual([0, 1, 2]);
    expect(queue.stats()).toEqual({ running: 0, queued: 0 });
  });

  it('drops a waiting task whose client has gone, without running it, and keeps the order of the rest', async () => {
    const queue = createWorkQueue({ concurrency: 1, maxQueued: 2 });
    const gate = deferred();
    const ran: string[] = [];
    const first = queue.run(async () => {
      ran.push('first');
      await gate.promise;
    });
    const client = new AbortController();
    const abandoned = queue.run(async () => void ran.push('abandoned'), client.signal);
    const last = queue.run(async () => void ran.push('last'));
    expect(queue.stats()).toEqual({ running: 1, queued: 2 });
    client.abort();
    await expect(abandoned).rejects.toBeInstanceOf(AbandonedError);
    // Its place in the queue is free again.
    expect(queue.stats()).toEqual({ running: 1, queued: 1 });
    gate.resolve();
    await Promise.all([first, last]);
    expect(ran).toEqual(['first', 'last']);
    expect(queue.stats()).toEqual({ running: 0, queued: 0 });
    // Already gone when it arrives: not even queued.
    await expect(queue.run(async () => void ran.push('late'), client.signal)).rejects.toBeInstanceOf(
      AbandonedError,
    );
    expect(ran).toEqual(['first', 'last']);
  });

  it('frees the slot of a task that fails', async () => {
    const queue = createWorkQueue({ concurrency: 1, maxQueued: 0 });
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(() => Promise.resolve('next'))).toBe('next');
  });
});

describe('a server with one query slot and no queue', () => {
  let seed: SeedApp;
  beforeAll(async () => {
    seed = await openSeedApp({ workQueue: createWorkQueue({ concurrency: 1, maxQueued: 0 }) });
  });
  afterAll(() => seed.close());

  it('answers a second concurrent query 503 overloaded with Retry-After, and health and cached answers meanwhile', async () => {
    // Cached before the load: answered from the cache without a slot.
    expect((await seed.get('/api/summary')).status).toBe(200);
    const [first, second, health, cached] = await Promise.all([
      seed.get('/api/items?q=森林'),
      seed.get('/api/items?q=林业'),
      seed.get('/api/health'),
      seed.get('/api/summary'),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(503);
    expect(second.body).toEqual({
      error: { code: 'overloaded', message: expect.stringContaining('busy') as string },
    });
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(second.headers.get('cache-control')).toBe('no-store');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', towns: 1, items: 181 });
    expect(cached.status).toBe(200);
    // The refusal was not cached: once the slot is free the same URL is answered.
    const retried = await seed.get<{ total: number }>('/api/items?q=林业');
    expect(retried.status).toBe(200);
    expect(retried.body.total).toBe((await seed.itemsMentioning('林业')).size);
  });
});
