/**
 * Live updates: reads the case's server-sent events over fetch (so the same credentials headers go
 * with it), and calls back on every change. Reconnects after a drop; each (re)connect counts as a
 * change, so nothing written while disconnected is missed.
 */
import type { Session } from './session';

export type LinkState = 'live' | 'reconnecting' | 'gone';

export function watchCase(
  session: Session,
  caseId: string,
  onChange: () => void,
  onState: (s: LinkState) => void,
): () => void {
  let stopped = false;
  let controller: AbortController | undefined;

  const run = async (): Promise<void> => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch(`/api/tab/cases/${encodeURIComponent(caseId)}/events`, {
          headers: { ...(await session.headers()), accept: 'text/event-stream' },
          signal: controller.signal,
        });
        if (response.status === 404) {
          onState('gone');
          return;
        }
        if (!response.ok || !response.body) throw new Error(String(response.status));
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (\w+)$/m.exec(frame)?.[1];
            if (event === 'ready') onState('live');
            if (event === 'ready' || event === 'changed') onChange();
            if (event === 'gone') {
              onState('gone');
              return;
            }
          }
        }
      } catch {
        // dropped or refused: fall through to the retry
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((r) => window.setTimeout(r, 2000));
    }
  };
  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
