/**
 * Containers for the simulator's hot loop: a min-heap of departure times (busy environments), a deque
 * of idle-since times (warm environments), both typed arrays, and a FIFO of cohorts (waiting async
 * events or SQS messages counted in groups, not one object per request).
 */

/** Binary min-heap of times in a growable Float64Array. */
export class TimeHeap {
  private data = new Float64Array(64);
  size = 0;

  /** Smallest time, or Infinity when empty. */
  peek(): number {
    return this.size > 0 ? this.data[0] : Infinity;
  }

  push(time: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const d = this.data;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (d[parent] <= time) break;
      d[i] = d[parent];
      i = parent;
    }
    d[i] = time;
  }

  /** Removes and returns the smallest time. */
  pop(): number {
    const d = this.data;
    const top = d[0];
    const last = d[--this.size];
    const n = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && d[child + 1] < d[child]) child++;
      if (d[child] >= last) break;
      d[i] = d[child];
      i = child;
    }
    if (n > 0) d[i] = last;
    return top;
  }
}

/**
 * Double-ended queue of times in a growable ring buffer: warm environments are reused from the back
 * (most recently idle) and reclaimed from the front (idle longest).
 */
export class TimeDeque {
  private data = new Float64Array(64);
  private head = 0;
  size = 0;

  pushBack(time: number): void {
    if (this.size === this.data.length) this.grow();
    this.data[(this.head + this.size) & (this.data.length - 1)] = time;
    this.size++;
  }

  /** Most recently pushed time, or -Infinity when empty. */
  back(): number {
    return this.size > 0 ? this.data[(this.head + this.size - 1) & (this.data.length - 1)] : -Infinity;
  }

  popBack(): number {
    this.size--;
    return this.data[(this.head + this.size) & (this.data.length - 1)];
  }

  /** Drops every time below `before` from the front; returns how many were dropped. */
  dropFrontBelow(before: number): number {
    let dropped = 0;
    while (this.size > 0 && this.data[this.head] < before) {
      this.head = (this.head + 1) & (this.data.length - 1);
      this.size--;
      dropped++;
    }
    return dropped;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  private grow(): void {
    const bigger = new Float64Array(this.data.length * 2);
    for (let i = 0; i < this.size; i++) bigger[i] = this.data[(this.head + i) & (this.data.length - 1)];
    this.data = bigger;
    this.head = 0;
  }
}

/** A group of async events waiting for a retry, or SQS messages in a queue. */
export interface Cohort {
  count: number;
  /** When the first attempt arrived (async) or the message was sent (SQS). */
  readonly firstAt: number;
  /** Throttle retries so far (async) or receives so far (SQS). */
  readonly attempt: number;
  /** Function-error retries so far (async). */
  readonly errorRetries: number;
  /** When the messages became visible (SQS batching window). */
  readonly visibleAt: number;
}

/** A FIFO of cohorts with a moving head (no O(n) shifts). */
export class CohortQueue {
  items: Cohort[] = [];
  head = 0;
  count = 0;
  push(c: Cohort): void {
    this.items.push(c);
    this.count += c.count;
  }
  first(): Cohort | undefined {
    return this.items[this.head];
  }
  dropFirst(): void {
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
