import { LoopTimeoutError, pollUntil } from './portal';

describe('pollUntil', () => {
  it('returns the first answer that is not a wait, after the waits', async () => {
    let calls = 0;
    const value = await pollUntil(
      'three calls',
      async () => (++calls < 3 ? { waiting: `call ${calls}` } : { calls }),
      { timeoutMs: 5000, intervalMs: 1 },
    );
    expect(value).toEqual({ calls: 3 });
  });

  it('times out saying what it waited for and what it saw last (an answer or an error)', async () => {
    let calls = 0;
    await expect(
      pollUntil(
        'the drift',
        async () => {
          calls++;
          if (calls % 2) return { waiting: 'releasesBehind 0' };
          throw new Error('HTTP 503');
        },
        { timeoutMs: 50, intervalMs: 5 },
      ),
    ).rejects.toThrow(
      expect.objectContaining({
        constructor: LoopTimeoutError,
        message: expect.stringMatching(
          /^the drift: not within 0 s\. Last seen: (releasesBehind 0|HTTP 503)$/,
        ),
      }),
    );
    expect(calls).toBeGreaterThan(1);
  });

  it('stops at once when the backend is gone', async () => {
    const started = Date.now();
    await expect(
      pollUntil('the team overview', async () => ({ waiting: 'nothing' }), {
        timeoutMs: 60_000,
        intervalMs: 1,
        alive: () => 'the backend exited (code 1)',
      }),
    ).rejects.toThrow('the team overview: the backend exited (code 1)');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
