export * from './co-handler-task';
export * from './joint-closure';
export * from './task-deadline';
export * from './task-light';
export * from './task-routing';
export * from './task-permissions';
export * from './task-check';
export * from './task-attachments';
