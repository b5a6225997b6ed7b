/**
 * Typed-array containers for the simulator's hot loop: a min-heap of departure times (busy
 * environments) and a deque of idle-since times (warm environments). No per-request objects.
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
