// ts-jest adapter for the @nestjs/swagger compiler plugin, so e2e specs serve the same
// OpenAPI document (DTO schemas from types and comments) as the `nest build` output.
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (tsCompiler) =>
  plugin.before({ classValidatorShim: true, introspectComments: true }, tsCompiler.program);
