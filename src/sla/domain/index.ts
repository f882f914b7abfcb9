export * from './shanghai-date';
export * from './working-calendar';
export * from './working-hours';
export * from './elapsed-time';
export * from './deadline';
export * from './overdue-working-days';
export * from './warning-light';
export * from './deadline-basis';
