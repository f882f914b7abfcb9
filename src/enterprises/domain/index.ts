export * from './credit-code';
export * from './enterprise-vocabulary';
export * from './enterprise-permissions';
