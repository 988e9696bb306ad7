/**
 * Activities of the human-task mechanism (workflows/human-tasks.ts).
 */
import type { TaskRecord } from '../domain/task';
import type { TaskStore } from './ports';

export function createTaskActivities({ tasks }: { tasks: TaskStore }) {
  return {
    /** Projects a task into the inbox (idempotent, newest version wins). */
    async saveTask(task: TaskRecord): Promise<void> {
      await tasks.save(task);
    },
  };
}
