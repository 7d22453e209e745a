/**
 * multipart/form-data as Django's MultiPartParser and PHP's $_POST/$_FILES read it, as a plain
 * content-type parser: the body becomes `{field: 'text', file: {filename, mimetype, data}}`, a
 * repeated name keeps its last part, and every part without a filename is text (neither parses a
 * part's own Content-Type).
 *
 * Why not @fastify/multipart: it adds an async onRequest, preValidation and onResponse hook (and a
 * 'close' listener) to every request of its scope, multipart or not, which cost the JSON routes
 * about 10% of their throughput. A parser runs only for multipart requests.
 *
 * Errors keep @fastify/multipart's codes and statuses, which the provider styles map to each
 * provider's answer; busboy's own errors (a missing boundary, a truncated body) keep their message
 * as a MultipartParseError.
 */
import type { IncomingMessage } from 'node:http'
import { Busboy } from '@fastify/busboy'
import type { FastifyRequest } from 'fastify'

export interface MultipartLimits {
  fileSize: number
  files: number
  fields: number
  fieldSize: number
  parts: number
}

export interface UploadedFile {
  filename: string
  mimetype: string
  data: Buffer
}

/** A malformed multipart body: the client's fault. */
export class MultipartParseError extends Error {
  readonly statusCode = 400
  readonly code = 'SANDBOX_MULTIPART_PARSE'
}

/** The errors @fastify/multipart raised, with its codes and statuses. */
export class MultipartLimitError extends Error {
  constructor(
    readonly code: 'FST_REQ_FILE_TOO_LARGE' | 'FST_FILES_LIMIT' | 'FST_FIELDS_LIMIT' | 'FST_PARTS_LIMIT' | 'FST_PROTO_VIOLATION',
    message: string,
    readonly statusCode = 413
  ) {
    super(message)
  }
}

const protoViolation = () => new MultipartLimitError('FST_PROTO_VIOLATION', 'prototype property is not allowed as field name', 400)

export const multipartParser =
  (limits: MultipartLimits) =>
  (req: FastifyRequest, payload: IncomingMessage, done: (err: Error | null, body?: unknown) => void): void => {
    let bb: ReturnType<typeof Busboy>
    try {
      bb = new Busboy({ headers: req.headers as never, limits })
    } catch (e) {
      return done(new MultipartParseError((e as Error).message))
    }
    const body: Record<string, string | UploadedFile> = {}
    let settled = false
    let finished = false
    let openFiles = 0
    let sawData = false
    const fail = (err: Error) => {
      if (settled) return
      settled = true
      payload.unpipe(bb)
      // the rest of the body is read and dropped, so the connection stays usable for the answer
      payload.resume()
      done(err)
    }
    const end = () => {
      if (settled || !finished || openFiles > 0) return
      settled = true
      done(null, body)
    }
    bb.on('field', (name: string, value: string) => {
      if (name in Object.prototype) return fail(protoViolation())
      body[name] = value
    })
    bb.on('file', (name: string, file: NodeJS.ReadableStream & { truncated?: boolean }, filename: string | undefined, _encoding: string, mimetype: string | undefined) => {
      if (name in Object.prototype) {
        file.resume()
        return fail(protoViolation())
      }
      openFiles++
      const chunks: Buffer[] = []
      file.on('data', (chunk: Buffer) => chunks.push(chunk))
      file.on('limit', () => fail(new MultipartLimitError('FST_REQ_FILE_TOO_LARGE', 'request file too large')))
      file.on('error', (err: Error) => fail(new MultipartParseError(err.message)))
      file.on('end', () => {
        openFiles--
        if (!file.truncated) body[name] = { filename: filename ?? '', mimetype: mimetype ?? '', data: Buffer.concat(chunks) }
        end()
      })
    })
    bb.on('partsLimit', () => fail(new MultipartLimitError('FST_PARTS_LIMIT', 'reach parts limit')))
    bb.on('filesLimit', () => fail(new MultipartLimitError('FST_FILES_LIMIT', 'reach files limit')))
    bb.on('fieldsLimit', () => fail(new MultipartLimitError('FST_FIELDS_LIMIT', 'reach fields limit')))
    bb.on('error', (err: Error) => {
      // no body at all is an empty form, not a truncated one
      if (!sawData && err.message === 'Unexpected end of multipart data') {
        finished = true
        return end()
      }
      fail(new MultipartParseError(err.message))
    })
    bb.on('finish', () => {
      finished = true
      end()
    })
    payload.once('data', () => (sawData = true))
    payload.on('error', (err) => fail(new MultipartParseError(err.message)))
    payload.pipe(bb)
  }
