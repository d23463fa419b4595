// Makes the server exit when the process that started it is gone. `npm start` runs the server under npm;
// when npm is killed with SIGKILL it cannot pass the signal on, and the server would live on as an orphan
// still holding the port. An orphan is re-parented (to init or a subreaper), so its parent id changes:
// checking that once a second is enough, and costs nothing measurable.

export interface ParentWatch {
  stop(): void;
}

export function watchParent(onGone: () => void, intervalMs = 1_000): ParentWatch {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  // The watch alone must not keep a server that is shutting down alive.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
