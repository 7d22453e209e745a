/**
 * آپلود فایل (seed 001): POST /api/v1/utility/file-upload/ — at most 10 MB, pdf/jpg/png
 * recognised by content. The answer's `file` is a presigned URL in the shape of Baloan's
 * ArvanCloud S3 bucket, served by the sandbox under the same URL rule and expiring an hour later
 * on the sandbox clock, like the `Expires` of the document's URL.
 */
import { createHmac, randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import { mimeOf } from '../../core/files.js'
import { publicUrl } from '../../core/urls.js'
import { BaloanError, type FieldErrors } from './errors.js'
import type { BaloanAuth } from './auth.js'
import type { Tenant } from '../../state/model.js'
import { FileUploadRequest, FileUploadResponse, businessResponses } from './schemas.js'
import { fileField, throwIfAny } from './files.js'
import { ok } from './envelope.js'

export const S3_HOST = 's3.ir-thr-at1.arvanstorage.ir'
export const S3_BUCKET = 'staging-baloan-user-uploads'
/** Newest uploads per tenant whose bytes are kept; older ones keep only their record. */
const MAX_STORED_FILES = 50

const accessKeyId = (secret: string) => createHmac('sha256', secret).update('access-key').digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5')

/** S3 signature v2 of a presigned GET, over the sandbox secret. */
export const s3Signature = (secret: string, key: string, expires: number) =>
  createHmac('sha1', secret).update(`GET\n\n\n${expires}\n/${S3_BUCKET}/${key}`).digest('base64')

export const fileUploadRoutes = (app: FastifyInstance, ctx: SandboxContext, auth: BaloanAuth) => {
  app.post(
    '/api/v1/utility/file-upload/',
    {
      onRequest: auth.requireStore,
      schema: {
        tags: ['v1'],
        summary: 'آپلود فایل',
        consumes: ['multipart/form-data'],
        body: FileUploadRequest,
        response: businessResponses(FileUploadResponse)
      }
    },
    async (req) => {
      const errors: FieldErrors = {}
      const file = fileField((req.body as Record<string, unknown>).file, errors)
      throwIfAny(errors)
      if (!file!.type) throw new BaloanError('invalid_file')
      const tenant = req.tenant as Tenant
      const stored = storeUpload(ctx, tenant, file!.data, file!.type)
      const secret = ctx.store.state.secret
      const key = `users/${tenant.credentials.baloan.user_uuid}/${stored.uuid}.${stored.type}`
      const expires = Math.floor(ctx.clock.nowSeconds() + tenant.baloan.settings.file_url_ttl_seconds)
      const query = new URLSearchParams({ AWSAccessKeyId: accessKeyId(secret), Signature: s3Signature(secret, key, expires), Expires: String(expires) })
      return ok({ uuid: stored.uuid, file: publicUrl(req, S3_HOST, `/${S3_BUCKET}/${key}?${query}`) })
    }
  )
}

const storeUpload = (ctx: SandboxContext, tenant: Tenant, data: Buffer, type: 'pdf' | 'png' | 'jpg') => {
  const files = tenant.baloan.files
  const uuid = randomUUID()
  files[uuid] = { uuid, type, bytes: data.length, content: data.toString('base64'), created_at: ctx.clock.now() }
  const withContent = Object.values(files).filter((f) => f.content !== '')
  for (let i = 0; i < withContent.length - MAX_STORED_FILES; i++) withContent[i].content = ''
  return files[uuid]
}

const s3Error = (code: string, message: string, resource: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Resource>${resource}</Resource><RequestId>tx-sandbox</RequestId></Error>`

/** The bucket: GET of a presigned URL, checked as S3 checks it. */
export const s3Routes = (app: FastifyInstance, ctx: SandboxContext) => {
  app.get(
    `/${S3_BUCKET}/users/:user/:name`,
    { schema: { hide: true } },
    async (req, reply) => {
      const { user, name } = req.params as { user: string; name: string }
      const q = req.query as Record<string, string | undefined>
      const key = `users/${user}/${name}`
      const resource = `/${S3_BUCKET}/${key}`
      reply.type('application/xml')
      if (!q.AWSAccessKeyId || !q.Signature || !q.Expires) {
        return reply.code(403).send(s3Error('AccessDenied', 'Access Denied', resource))
      }
      const expires = Number(q.Expires)
      if (!Number.isInteger(expires) || q.Signature !== s3Signature(ctx.store.state.secret, key, expires)) {
        return reply.code(403).send(s3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', resource))
      }
      if (expires < ctx.clock.nowSeconds()) return reply.code(403).send(s3Error('AccessDenied', 'Request has expired', resource))
      const uuid = name.replace(/\.[a-z]+$/, '')
      const tenant = Object.values(ctx.store.state.tenants).find((t) => t.credentials.baloan.user_uuid === user)
      const file = tenant && Object.hasOwn(tenant.baloan.files, uuid) ? tenant.baloan.files[uuid] : undefined
      if (!file || file.content === '') return reply.code(404).send(s3Error('NoSuchKey', 'The specified key does not exist.', resource))
      return reply.type(mimeOf[file.type]).send(Buffer.from(file.content, 'base64'))
    }
  )
}

export const s3Style = {
  notFound: (_req: FastifyRequest, reply: import('fastify').FastifyReply) =>
    reply.code(404).type('application/xml').send(s3Error('NoSuchKey', 'The specified key does not exist.', '/')),
  methodNotAllowed: (_req: FastifyRequest, reply: import('fastify').FastifyReply) =>
    reply.code(405).type('application/xml').send(s3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', '/')),
  error: (_err: unknown, _req: FastifyRequest, reply: import('fastify').FastifyReply) =>
    reply.code(400).type('application/xml').send(s3Error('InvalidRequest', 'Invalid Request', '/'))
}
