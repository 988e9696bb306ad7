/** The ceiling's activity: a durable step that does nothing (bench/support/ceiling.workflows.ts). */
export const ceilingActivities = {
  async benchStep(): Promise<void> {},
};
