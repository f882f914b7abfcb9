export * from './periods';
export * from './metrics';
export * from './composite-score';
export * from './group-ranking';
export type { LocalDateInput } from './local-date';
export * from './co-task-metrics';
