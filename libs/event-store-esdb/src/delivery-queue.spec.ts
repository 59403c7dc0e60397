import type { GlobalPosition, RecordedEvent } from '@ledger/event-sourcing';

import { DeliveryQueue } from './delivery-queue';

const at = (n: number): GlobalPosition => ({ commit: BigInt(n), prepare: BigInt(n) });
const event = (n: number): RecordedEvent => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  streamName: 'test-1',
  revision: BigInt(n),
  position: at(n),
  type: 'Numbered',
  data: { n },
  metadata: {},
  recordedAt: new Date(0),
});

describe('DeliveryQueue checkpoints', () => {
  it('reports a checkpoint only when the consumer asks for what follows the events before it', async () => {
    const seen: string[] = [];
    const queue = new DeliveryQueue(16, (position) => seen.push(`checkpoint ${position.commit}`));
    await queue.push(event(1));
    await queue.pushCheckpoint(at(5));
    await queue.push(event(7));

    const first = await queue.take();
    seen.push(`event ${first.value!.position.commit}`);
    expect(seen).toEqual(['event 1']);
    const second = await queue.take();
    seen.push(`event ${second.value!.position.commit}`);

    expect(seen).toEqual(['event 1', 'checkpoint 5', 'event 7']);
  });

  it('keeps only the latest of checkpoints with no event between them', async () => {
    const seen: GlobalPosition[] = [];
    const queue = new DeliveryQueue(16, (position) => seen.push(position));
    await queue.pushCheckpoint(at(3));
    await queue.pushCheckpoint(at(4));
    await queue.pushCheckpoint(at(9));
    await queue.push(event(10));

    await queue.take();

    expect(seen).toEqual([at(9)]);
  });

  it('reports a checkpoint to a consumer already waiting, which goes on waiting for an event', async () => {
    const seen: GlobalPosition[] = [];
    const queue = new DeliveryQueue(16, (position) => seen.push(position));
    const waiting = queue.take();

    await queue.pushCheckpoint(at(2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([at(2)]);
    await queue.push(event(3));

    expect((await waiting).value).toEqual(event(3));
  });

  it('ignores checkpoints when nobody listens: they take no room', async () => {
    const queue = new DeliveryQueue(2);
    await queue.pushCheckpoint(at(1));
    // Resolves only while the queue holds fewer than 2 items.
    await queue.push(event(2));

    expect((await queue.take()).value).toEqual(event(2));
  });
});
