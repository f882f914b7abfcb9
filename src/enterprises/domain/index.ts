export * from './credit-code';
