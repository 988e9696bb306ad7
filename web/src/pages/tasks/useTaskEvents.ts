/**
 * The live task feed (GET /api/v1/tasks/events) for a page: connects, reconnects after a break
 * (3 s, then up to 30 s apart), and hands each change to `onChange`. `onReady` runs whenever a
 * (re)connection stands, which is when a page reloads its list so that nothing falls in between.
 */
import { useEffect, useRef, useState } from 'react';
import { apiStream, ApiError } from '../../api/client';
import type { TaskEvent } from './types';

export type FeedState = 'connecting' | 'live' | 'interrupted' | 'refused';

export function useTaskEvents(onChange: (event: TaskEvent) => void, onReady: () => void): FeedState {
  const [state, setState] = useState<FeedState>('connecting');
  const handlers = useRef({ onChange, onReady });
  useEffect(() => {
    handlers.current = { onChange, onReady };
  });
  useEffect(() => {
    const abort = new AbortController();
    let wait = 3_000;
    const run = async () => {
      while (!abort.signal.aborted) {
        try {
          await apiStream(
            '/tasks/events',
            (event) => {
              if (event.event === 'ready') {
                wait = 3_000;
                setState('live');
                handlers.current.onReady();
              } else if (event.event === 'task') {
                handlers.current.onChange(JSON.parse(event.data) as TaskEvent);
              }
            },
            abort.signal,
          );
        } catch (error) {
          if (abort.signal.aborted) return;
          // A 4xx will not get better by itself (signed out, no role): stop trying.
          if (error instanceof ApiError && error.status < 500) {
            setState('refused');
            return;
          }
        }
        if (abort.signal.aborted) return;
        setState('interrupted');
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(wait * 2, 30_000);
      }
    };
    void run();
    return () => abort.abort();
  }, []);
  return state;
}

export const FEED_STATE_TEXT: Record<FeedState, string> = {
  connecting: 'Live-Aktualisierung wird verbunden …',
  live: 'Die Liste aktualisiert sich von selbst.',
  interrupted: 'Live-Aktualisierung unterbrochen; neuer Versuch läuft. Die Liste kann veraltet sein.',
  refused: 'Keine Live-Aktualisierung möglich. Bitte die Seite neu laden.',
};
