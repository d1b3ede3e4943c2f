/** Time is a parameter: production uses the system clock, tests inject a manual one. */
export interface Clock {
  now(): Date;
  /** Runs `callback` after `ms` on this clock. Returns a cancel function. */
  setTimeout(callback: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return () => {
      clearTimeout(handle);
    };
  },
};

/** A clock that only moves when told to; timers fire in due order as it advances. */
export class ManualClock implements Clock {
  private current: number;
  private nextTimerId = 0;
  private readonly timers = new Map<number, { due: number; callback: () => void }>();

  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === "number" ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  setTimeout(callback: () => void, ms: number): () => void {
    const id = this.nextTimerId++;
    this.timers.set(id, { due: this.current + Math.max(0, ms), callback });
    return () => this.timers.delete(id);
  }

  /** Moves time forward, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let nextId: number | undefined;
      let nextDue = Infinity;
      for (const [id, timer] of this.timers) {
        if (timer.due <= target && timer.due < nextDue) {
          nextDue = timer.due;
          nextId = id;
        }
      }
      if (nextId === undefined) break;
      const timer = this.timers.get(nextId);
      this.timers.delete(nextId);
      this.current = nextDue;
      timer?.callback();
    }
    this.current = target;
  }

  set(time: Date | number): void {
    const target = typeof time === "number" ? time : time.getTime();
    this.advance(Math.max(0, target - this.current));
  }

  get pendingTimers(): number {
    return this.timers.size;
  }
}
