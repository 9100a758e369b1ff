// Flows mirror Kotlin's Flow: async-iterable, subscribe(cb) → KSubscription. Values emitted while
// nobody listens are kept (bounded) and handed to the first subscriber, so nothing is lost to a
// listener attached a moment late. A StateFlow has .value and starts every subscriber with it.

const subscription = (cancel) => {
  let done = false;
  return { cancel() { if (!done) { done = true; cancel(); } } };
};

export class Flow {
  // replayLimit: values kept for the first subscriber (0 = none); onOverflow(dropped, taken) when a
  // kept value is dropped (dropped: how many since the last take) and, if any were, when the first
  // subscriber takes what was kept (taken = true). What is said about it is the core's decision.
  // onCallbackError(err) when a subscriber throws (the other subscribers still get the value).
  constructor({ replayLimit = 0, onOverflow, onCallbackError } = {}) {
    this._subs = new Set();
    this._replay = [];
    this._replayLimit = replayLimit;
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
    if (this._replay.length && this._subs.size === 1) {
      const kept = this._replay;
      this._replay = [];
      if (this._dropped > 0) {
        const dropped = this._dropped;
        this._dropped = 0;
        if (this._onOverflow) this._onOverflow(dropped, true);
      }
      for (const v of kept) this._call(cb, v);
    }
    return subscription(() => this._subs.delete(cb));
  }

  _call(cb, v) {
    try { cb(v); } catch (err) {
      if (this._onCallbackError) this._onCallbackError(err);
    }
  }

  _emit(v) {
    if (this._subs.size === 0) {
      if (this._replayLimit === 0 || this._completed) return false;
      if (this._replay.length >= this._replayLimit) {
        this._replay.shift();
        this._dropped++;
        if (this._onOverflow) this._onOverflow(this._dropped, false);
      }
      this._replay.push(v);
      return true;
    }
    for (const cb of this._subs) this._call(cb, v);
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
// and which notifies subscribers when refresh() sees a change.
export class LiveStateFlow extends StateFlow {
  constructor(read, options) {
    super(0, options);
    this._read = read;
  }

  get value() { return this._read(); }

  refresh() { this._set(this._read()); }
}
