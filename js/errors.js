// KPeerError: every failure users see, with a stable string `code` (see README, "Errors").
export class KPeerError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = 'KPeerError';
    this.code = code;
  }
}

// A core error value {code, message} as a KPeerError.
export const toKPeerError = (e) => new KPeerError(e.code, e.message);
