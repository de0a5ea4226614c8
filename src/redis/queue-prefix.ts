/** The key prefix of every BullMQ queue (retention now; notifications later): under the project's `vs:`. */
export const queuePrefix = 'vs:bull';
