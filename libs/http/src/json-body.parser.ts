import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest, RawServerDefault } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppError } from './app-error';
import { bodyContentCoding, contentEncodedBodyError } from './content-encoding';
import { loneSurrogateMessage, mayHoldLoneSurrogate, pathsWithLoneSurrogates } from './lone-surrogates';

/** Real bodies nest a few levels (scope.vendorFirmware.in[]); anything past this is an attack or a mistake. */
export const MAX_JSON_DEPTH = 32;

/**
 * How deep the JSON text nests, counted on the raw text before it is parsed,
 * so a 25 KB body nested 5,000 deep never becomes an object that
 * class-transformer and class-validator would walk recursively. Brackets
 * inside strings do not count.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/**
 * The API's JSON parser: Fastify's (prototype poisoning refused), plus a
 * depth limit answered with a 400, lone UTF-16 surrogates in strings and field
 * names answered with a 400 (see lone-surrogates.ts), a content-encoded body
 * answered with a 415 (see content-encoding.ts), and an empty body read as no
 * body, so an action route whose fields are all optional takes a POST without
 * one (the validation pipe then decides whether the route needed fields).
 * Every JSON body goes through it, the device acks' fast path included, so
 * these checks are made here once rather than in each route.
 */
export function installJsonBodyParser(app: NestFastifyApplication, maxDepth = MAX_JSON_DEPTH): void {
  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: fastify.initialConfig.bodyLimit }, jsonBodyParser(fastify, maxDepth));
  // JSON only: a body of any other type (text/plain, which Fastify would read as a string, a form, XML) is Fastify's 415,
  // worded "send JSON" (error-body.ts). An empty one is no body, whatever its type: an action sent as `curl -d ''` (a
  // form) keeps working, as it did while Nest's form parser read it as {}.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', (request, _reply, done) => {
    const { headers } = request;
    if (headers['content-length'] === '0' && headers['transfer-encoding'] === undefined) delete headers['content-type'];
    done();
  });
}

const NOT_UTF8 = 'the body is not valid UTF-8: send JSON encoded in UTF-8 (RFC 8259)';

/** A charset other than UTF-8 named in the Content-Type (JSON is UTF-8: RFC 8259 §8.1), or undefined. */
function otherCharset(contentType: string | undefined): string | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType ?? '')?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset) ? undefined : charset;
}

type ParseDone = (error: Error | null, body?: unknown) => void;

/** The errors of bodies the parser could not read, as opposed to a route's refusals of what it read. */
const unreadableBodies = new WeakSet<object>();

/**
 * Whether `error` says the request body could not be read: this parser's
 * refusals, or Fastify's own (FST_ERR_CTP_…: content length, body limit,
 * content type), which reach the exception filter as the `cause` of Nest's
 * HttpException. OFREP calls a 400 of this kind a PARSE_ERROR.
 */
export function isUnreadableBody(error: unknown): boolean {
  const unreadable = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return false;
    const code = (value as { code?: unknown }).code;
    return unreadableBodies.has(value) || (typeof code === 'string' && code.startsWith('FST_ERR_CTP_'));
  };
  return unreadable(error) || (typeof error === 'object' && error !== null && unreadable((error as { cause?: unknown }).cause));
}

/** The parser installJsonBodyParser installs, for a route that reads its body itself (the device acks' fast path). */
export function jsonBodyParser(fastify: FastifyInstance, maxDepth = MAX_JSON_DEPTH): (request: FastifyRequest, body: Buffer, done: ParseDone) => void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, finish) => {
    const done: ParseDone = (error, value) => {
      if (error) unreadableBodies.add(error);
      finish(error, value);
    };
    const coding = bodyContentCoding(request.headers);
    if (coding !== undefined) return done(contentEncodedBodyError(coding), undefined);
    const charset = otherCharset(request.headers['content-type']);
    if (charset !== undefined) {
      return done(
        new AppError('unsupported_media_type', `the body is declared as ${charset}: send JSON encoded in UTF-8 (charset=utf-8, or no charset)`),
        undefined,
      );
    }
    // Never decoded with replacement characters: a byte that is not UTF-8 would be stored as U+FFFD, silently.
    if (!isUtf8(body)) return done(new AppError('invalid_input', NOT_UTF8, [NOT_UTF8]), undefined);
    const text = body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    if (jsonDepthExceeds(text, maxDepth)) return done(new AppError('invalid_input', `JSON nested deeper than ${maxDepth} levels`), undefined);
    if (!mayHoldLoneSurrogate(text)) return parse(request, text, done);
    parse(request, text, (error, value) => {
      if (error) return done(error, undefined);
      const paths = pathsWithLoneSurrogates(value);
      if (paths.length === 0) return done(null, value);
      const details = paths.map(loneSurrogateMessage);
      done(new AppError('invalid_input', details.join('; '), details), undefined);
    });
  };
}
