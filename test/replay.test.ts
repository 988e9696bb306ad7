/**
 * Every stored history (test/histories/<workflow>/*.binpb) replays against today's workflow code.
 * A failure means a change to a shipped workflow is not deterministic: guard it with
 * `patched()` instead of re-recording.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { HISTORIES_DIR, replayDataConverter } from './support/replay-fixtures';
import { workflowBundle } from './support/temporal';

const histories = readdirSync(HISTORIES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) =>
    readdirSync(path.join(HISTORIES_DIR, dir.name))
      .filter((file) => file.endsWith('.binpb'))
      .map((file) => path.join(dir.name, file)),
  );

test('there are stored histories to replay', () => {
  expect(histories).toEqual(expect.arrayContaining([expect.stringMatching(/^contact-block\//)]));
});

test.each(histories)('%s replays deterministically', async (file) => {
  const history = temporal.api.history.v1.History.decode(readFileSync(path.join(HISTORIES_DIR, file)));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: replayDataConverter }, history, `replay:${file}`);
});
