/**
 * A first-in, first-out queue read by index. Under a burst a queue holds hundreds of entries, and
 * an array's shift() moves every one of them left on each take. No discord.js here.
 */

/** Entries already taken from the front are dropped in one go once there are this many. */
const COMPACT_MIN = 1_024;

export interface Fifo<T> {
  push(item: T): void;
  /** The oldest entry, removed; undefined when empty. */
  shift(): T | undefined;
  readonly size: number;
}

export function createFifo<T>(): Fifo<T> {
  let items: T[] = [];
  let head = 0;
  return {
    push(item) {
      items.push(item);
    },
    shift() {
      if (head === items.length) return undefined;
      const item = items[head] as T;
      head += 1;
      // Drop the taken entries once they are most of the array, so a queue that never quite
      // drains does not grow without bound.
      if (head === items.length) {
        items = [];
        head = 0;
      } else if (head >= COMPACT_MIN && head * 2 >= items.length) {
        items = items.slice(head);
        head = 0;
      }
      return item;
    },
    get size() {
      return items.length - head;
    },
  };
}
