/**
 * Sends claimed posts while the due-check is still claiming the rest, at most `size` at a time.
 * With a networked store each claim costs a round trip, so waiting for every claim before the
 * first send made the first server of a busy minute wait for the last one's claim; and when
 * several processes claim from the same due list, each post now goes out as soon as it is won.
 * Claiming never waits for sending: the queue only bounds how many sends run at once.
 */
export interface SendQueue<T> {
  /** Queues an item; it starts at once if fewer than `size` are running. */
  push(item: T): void;
  /** Resolves once everything pushed so far has finished. */
  drain(): Promise<void>;
}

/** `work` must not reject: a queue has nobody to report a failure to. */
export function sendQueue<T>(size: number, work: (item: T) => Promise<void>): SendQueue<T> {
  const waiting: T[] = [];
  let running = 0;
  let idle: (() => void)[] = [];

  const pump = () => {
    while (running < size && waiting.length > 0) {
      const item = waiting.shift() as T;
      running++;
      void work(item).finally(() => {
        running--;
        pump();
        if (running === 0 && waiting.length === 0) {
          for (const resolve of idle.splice(0)) resolve();
        }
      });
    }
  };

  return {
    push(item) {
      waiting.push(item);
      pump();
    },
    drain() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => {
        idle = [...idle, resolve];
      });
    },
  };
}
