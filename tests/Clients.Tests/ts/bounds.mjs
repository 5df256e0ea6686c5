// Shared by the client scripts: every wait they make is bounded.

// The promise's outcome, or a rejection naming `what` once `ms` have passed.
export function withBound(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} not done within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
