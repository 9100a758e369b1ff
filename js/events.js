// The event-emitter style (on/off) over the same flows the other two styles use.
export class EventHub {
  // sources: { name: flow-like with subscribe(cb) }
  constructor(sources) {
    this._sources = sources;
    this._subs = new Map(); // name → Map(cb → [subscriptions])
  }

  on(name, cb) {
    const source = this._sources[name];
    if (!source) throw new TypeError(`unknown event '${name}'; expected one of: ${Object.keys(this._sources).join(', ')}`);
    const sub = source.subscribe(cb);
    let byCb = this._subs.get(name);
    if (!byCb) this._subs.set(name, (byCb = new Map()));
    const list = byCb.get(cb) || [];
    list.push(sub);
    byCb.set(cb, list);
    return {
      cancel: () => {
        sub.cancel();
        const l = byCb.get(cb);
        if (!l) return;
        const i = l.indexOf(sub);
        if (i >= 0) l.splice(i, 1);
        if (!l.length) byCb.delete(cb);
      },
    };
  }

  // Removes the most recent registration of cb for name, like EventTarget/EventEmitter.
  off(name, cb) {
    const list = this._subs.get(name)?.get(cb);
    if (!list?.length) return;
    list.pop().cancel();
    if (!list.length) this._subs.get(name).delete(cb);
  }
}
