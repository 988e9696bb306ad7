/**
 * A request the simulator refuses, with the HTTP status and the stable `code` of the gateway's
 * error body (`{ code, message }` in `openapi.yaml`).
 */
export class SimulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SimulatorError';
  }
}
