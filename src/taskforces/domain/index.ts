export * from './task-force-rules';
