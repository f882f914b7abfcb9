/**
 * The error statuses the API answers and what each means for a client. Every operation's
 * documented errors come from here, all with the one body (ErrorBody).
 */
export const ERROR_RESPONSES = {
  400: { name: 'BadRequest', description: 'The request is invalid (parameters or body); `details` names each field' },
  401: { name: 'Unauthenticated', description: 'No valid access token (missing, expired or revoked)' },
  403: { name: 'Forbidden', description: 'Authenticated, but your role may not do this' },
  404: { name: 'NotFound', description: 'No such resource, or it is outside your reach' },
  409: { name: 'Conflict', description: 'Not possible in the current state, a duplicate, or a stale version sent in the body' },
  412: { name: 'PreconditionFailed', description: 'The If-Match version is stale: someone changed the resource since you read it' },
  413: { name: 'PayloadTooLarge', description: 'The body or file is larger than allowed' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not in a content type this operation accepts' },
  422: { name: 'Unprocessable', description: 'Well-formed, but the content cannot be processed (e.g. a file with bad rows)' },
  428: { name: 'PreconditionRequired', description: 'The action needs the version you saw: send If-Match (or `version` in the body)' },
  429: { name: 'TooManyRequests', description: 'Too many requests or sign-in attempts; retry after the time in Retry-After' },
} as const;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;
