// An error the simulator answers with an HTTP status, written in the shape of the API asked.

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SimError';
  }
}

export const modelNotFound = (model: string): SimError => new SimError(404, `model '${model}' not found`);
