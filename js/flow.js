// Flows mirror Kotlin's Flow: async-iterable, subscribe(cb) → KSubscription. Values emitted while
// nobody listens are kept (bounded) and handed to the first subscriber, so nothing is lost to a
// listener attached a moment late. A StateFlow has .value and starts every subscriber with it.

// A microtask through a settled promise: the same queue and order as queueMicrotask(), without a
// call into the browser that wraps each callback (-4 % of connect's main-thread time, A/B).
export const microtask = ((settled) => (f) => { settled.then(f); })(Promise.resolve());

const subscription = (cancel) => {
  let done = false;
  return { cancel() { if (!done) { done = true; cancel(); } } };
};

// One arrival order shared by sibling flows (a channel's text and bytes): values kept while nobody
// listened are numbered as they arrive, so listeners attached one after the other (onText, then
// onBytes) still get them in the order the peer sent them. A first subscriber gets at once what
// came before any sibling's kept value; the rest is merged by number in a microtask, by which time
// the siblings subscribed in the same callback are attached too. Until then new values of these
// flows are kept as well, so none overtakes a kept one.
export class ArrivalOrder {
  constructor() {
    this._next = 0;
    this._flows = [];
    this.holding = false;
  }

  _add(flow) { this._flows.push(flow); }

  _number() { return this._next++; }

  // The first number `flow`'s siblings keep (Infinity when they keep nothing).
  _firstKeptBesides(flow) {
    let first = Infinity;
    for (const f of this._flows) if (f !== flow && f._kept.length && f._keptAt[0] < first) first = f._keptAt[0];
    return first;
  }

  _schedule() {
    if (this.holding) return;
    this.holding = true;
    microtask(() => this._flush());
  }

  // Hands what the subscribed flows keep to their subscribers, merged by arrival number. A flow
  // nobody listens to keeps its values for its own first subscriber.
  _flush() {
    for (;;) {
      const runs = [];
      for (const f of this._flows) {
        if (!f._subs.size || !f._kept.length) continue;
        runs.push({ flow: f, values: f._kept, at: f._keptAt, i: 0 });
        f._kept = [];
        f._keptAt = [];
      }
      if (!runs.length) break;
      for (;;) {
        let next = null;
        for (const r of runs) if (r.i < r.values.length && (next === null || r.at[r.i] < next.at[next.i])) next = r;
        if (next === null) break;
        const i = next.i++;
        next.flow._deliver(next.values[i], next.at[i]);
      }
    }
    this.holding = false;
  }
}

export class Flow {
  // replayLimit: values kept for the first subscriber (0 = none); onOverflow(dropped, taken) when a
  // kept value is dropped (dropped: how many since the last take) and, if any were, when the first
  // subscriber takes what was kept (taken = true). What is said about it is the core's decision.
  // order: an ArrivalOrder shared with sibling flows (a flow of its own when not given).
  // onCallbackError(err) when a subscriber throws (the other subscribers still get the value).
  constructor({ replayLimit = 0, order, onOverflow, onCallbackError } = {}) {
    this._subs = new Set();
    this._kept = [];
    this._keptAt = [];  // arrival numbers of _kept, from _order
    this._replayLimit = replayLimit;
    this._order = replayLimit > 0 ? (order ?? new ArrivalOrder()) : null;
    if (this._order) this._order._add(this);
    this._onOverflow = onOverflow;
    this._dropped = 0;
    this._onCallbackError = onCallbackError;
    this._completed = false;
    this._ends = new Set();
  }

  get hasSubscribers() { return this._subs.size > 0; }

  subscribe(cb) {
    if (typeof cb !== 'function') throw new TypeError('subscribe() takes a function');
    this._subs.add(cb);
    if (this._kept.length && this._subs.size === 1) {
      if (this._dropped > 0) {
        const dropped = this._dropped;
        this._dropped = 0;
        if (this._onOverflow) this._onOverflow(dropped, true);
      }
      // At once: what arrived before anything a sibling keeps; the rest in arrival order, soon.
      const before = this._order._firstKeptBesides(this);
      let n = 0;
      while (n < this._kept.length && this._keptAt[n] < before) n++;
      const now = this._kept.splice(0, n);
      this._keptAt.splice(0, n);
      if (this._kept.length) this._order._schedule();
      for (const v of now) this._call(cb, v);
    }
    return subscription(() => this._subs.delete(cb));
  }

  _call(cb, v) {
    try { cb(v); } catch (err) {
      if (this._onCallbackError) this._onCallbackError(err);
    }
  }

  _emit(v) {
    if (this._subs.size === 0 || (this._order !== null && this._order.holding)) return this._keep(v, -1);
    for (const cb of this._subs) this._call(cb, v);
    return true;
  }

  // A kept value's turn (ArrivalOrder._flush): to the subscribers, or kept again if they left.
  _deliver(v, at) {
    if (this._subs.size === 0) { this._keep(v, at); return; }
    for (const cb of this._subs) this._call(cb, v);
  }

  // Keeps v (numbered `at`, or the next number when -1); bounded only while nobody listens.
  _keep(v, at) {
    if (this._subs.size === 0) {
      if (this._replayLimit === 0 || this._completed) return false;
      if (this._kept.length >= this._replayLimit) {
        this._kept.shift();
        this._keptAt.shift();
        this._dropped++;
        if (this._onOverflow) this._onOverflow(this._dropped, false);
      }
    }
    this._kept.push(v);
    this._keptAt.push(at < 0 ? this._order._number() : at);
    return true;
  }

  // No more values: running for-await loops end after what they have queued.
  _complete() {
    if (this._completed) return;
    this._completed = true;
    for (const end of this._ends) end();
    this._ends.clear();
  }

  [Symbol.asyncIterator]() {
    const queue = [];
    let head = 0;
    let wake = null;
    let finished = this._completed;
    const sub = this.subscribe((v) => {
      if (wake) { const w = wake; wake = null; w({ value: v, done: false }); } else queue.push(v);
    });
    const end = () => {
      finished = true;
      sub.cancel();
      if (wake) { const w = wake; wake = null; w({ value: undefined, done: true }); }
    };
    this._ends.add(end);
    return {
      next: () => {
        if (head < queue.length) {
          const value = queue[head++];
          if (head > 1024 && head * 2 > queue.length) { queue.splice(0, head); head = 0; }
          return Promise.resolve({ value, done: false });
        }
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => { wake = resolve; });
      },
      // break / return in for-await: unsubscribe.
      return: () => { this._ends.delete(end); end(); return Promise.resolve({ value: undefined, done: true }); },
      [Symbol.asyncIterator]() { return this; },
    };
  }
}

export class StateFlow extends Flow {
  constructor(initial, options) {
    super(options);
    this._value = initial;
  }

  get value() { return this._value; }

  subscribe(cb) {
    const sub = super.subscribe(cb);
    this._call(cb, this.value);
    return sub;
  }

  _set(v) {
    if (Object.is(v, this._value)) return;
    this._value = v;
    this._emit(v);
  }
}

// A state flow whose .value is read live from the source (e.g. the browser's bufferedAmount),
// and which notifies subscribers when refresh() or _set() sees a change. onWatch(true) when the
// first subscriber comes, onWatch(false) when the last one leaves (the core then follows the source).
export class LiveStateFlow extends StateFlow {
  constructor(read, options = {}) {
    super(0, options);
    this._read = read;
    this._onWatch = options.onWatch;
  }

  get value() { return this._read(); }

  refresh() { this._set(this._read()); }

  subscribe(cb) {
    const first = !this.hasSubscribers;
    // The first subscriber is handed the value read now: changes count from it. (Later ones get a
    // live read too, but the others have not seen it: no reset then.)
    if (first) this._value = this._read();
    const sub = super.subscribe(cb);
    if (first && this.hasSubscribers && this._onWatch) this._onWatch(true);
    return subscription(() => {
      sub.cancel();
      if (!this.hasSubscribers && this._onWatch) this._onWatch(false);
    });
  }
}
