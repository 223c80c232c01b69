import { CongsoError, errorCatalog, type FieldIssue, fieldIssueOf, isCongsoError } from '@congso/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/** The one shape of every error the API returns. */
export function errorBody(error: CongsoError) {
  return {
    error: {
      code: error.code,
      message: error.messages,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}

/** Maps anything thrown in a request to a CongsoError; unknown errors become INTERNAL (and are logged). */
export function toCongsoError(error: unknown): CongsoError {
  if (isCongsoError(error)) return error;
  const e = error as FastifyError & { validation?: unknown; validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    // Each zod issue (fastify-type-provider-zod keeps its code as `keyword` and its other fields as `params`)
    // as core maps it: the code and message of core's field rules, or zod's code with a generic message.
    const details: FieldIssue[] = e.validation.map((v) => {
      const issue = { ...v.params, code: v.keyword, message: v.message ?? 'invalid', path: [] } as z.core.$ZodIssue;
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return { ...fieldIssueOf(issue), path: [e.validationContext, path].filter(Boolean).join('.') };
    });
    return new CongsoError('VALIDATION_FAILED', { details });
  }
  if (e.validation) return new CongsoError('VALIDATION_FAILED', { details: e.validation });
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new CongsoError('UNSUPPORTED_MEDIA_TYPE');
      return new CongsoError('MALFORMED_REQUEST');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new CongsoError('PAYLOAD_TOO_LARGE');
    default:
      break;
  }
  // Postgres input errors that slipped past validation (bad uuid, string too long for an index, …).
  const pgCode = databaseErrorCode(error);
  if (typeof pgCode === 'string' && /^22/.test(pgCode)) return new CongsoError('VALIDATION_FAILED');
  // Contention and a database going away are not the caller's fault and pass: ask to retry.
  if (
    pgCode === '40P01' ||
    pgCode === '40001' ||
    pgCode === '55P03' ||
    pgCode === '53300' || // too many connections
    /^57P0/.test(pgCode ?? '') || // shut down, crashed, starting up
    /^08/.test(pgCode ?? '') ||
    isDatabaseUnreachable(error)
  ) {
    return new CongsoError('SERVICE_UNAVAILABLE', { details: { retry: true } });
  }
  if (pgCode === '23505') return new CongsoError('ALREADY_EXISTS');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new CongsoError(e.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : 'MALFORMED_REQUEST');
  }
  return new CongsoError('INTERNAL');
}

/**
 * The database went away or cannot be reached (a restart, a network cut): the socket's error codes and the
 * drivers' messages, looking through the wrappers (Drizzle's "Failed query" keeps the driver's error as cause).
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)$/.test(code)) {
      return true;
    }
    const message = (current as { message?: unknown }).message;
    if (
      typeof message === 'string' &&
      /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|connect ECONNREFUSED|Client was closed and is not queryable/i.test(
        message,
      )
    ) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The SQLSTATE of a database error, looking through the wrappers that drivers and Drizzle add. */
export function databaseErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Fastify's own refusals before a route is found (a URL whose percent-encoding does not decode, a path
 * parameter past its length), in the one shape: without it they are Fastify's JSON, echoing the URL.
 * Passed as the `frameworkErrors` option of the instance.
 */
export function frameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const congso = toCongsoError(error);
  reply.status(congso.status).send(errorBody(congso));
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const congso = toCongsoError(error);
    if (congso.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
    else if (congso.status >= 500) request.log.warn({ err: error }, congso.code);
    // Any refusal that says when to come back (sign-in throttling, limits) says it in the standard header too.
    const retryAfter = (congso.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (typeof retryAfter === 'number' && retryAfter > 0) reply.header('retry-after', String(Math.ceil(retryAfter)));
    reply.status(congso.status).send(errorBody(congso));
  });
}

export { errorCatalog };
