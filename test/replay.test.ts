/**
 * Every stored history (test/histories/<workflow>/*.binpb) replays against today's workflow code.
 * A failure means a change to a shipped workflow is not deterministic: guard it with
 * `patched()` instead of re-recording.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import * as workflows from '../workflows';
import { HISTORIES_DIR, replayDataConverter } from './support/replay-fixtures';
import { workflowBundle } from './support/temporal';

/** Every stored history with the workflow id it ran under (histories do not carry it). */
const histories = readdirSync(HISTORIES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) => {
    const index = JSON.parse(readFileSync(path.join(HISTORIES_DIR, dir.name, 'index.json'), 'utf8')) as Record<string, string>;
    return readdirSync(path.join(HISTORIES_DIR, dir.name))
      .filter((file) => file.endsWith('.binpb'))
      .map((file) => {
        const workflowId = index[file];
        if (!workflowId) throw new Error(`${dir.name}/index.json names no workflow id for ${file}`);
        return [path.join(dir.name, file), workflowId] as const;
      });
  });

test('every workflow type the worker runs has stored histories (a new type needs them before it ships)', () => {
  const folders = new Set(histories.map(([file]) => path.dirname(file)));
  // contactBlockWorkflow → contact-block
  const types = Object.keys(workflows).map((name) => name.replace(/Workflow$/, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  expect([...folders].sort()).toEqual(types.sort());
});

test.each(histories)('%s replays deterministically', async (file, workflowId) => {
  const history = temporal.api.history.v1.History.decode(readFileSync(path.join(HISTORIES_DIR, file)));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: replayDataConverter }, history, workflowId);
});
