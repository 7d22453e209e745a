/**
 * Some rules exist only because this is a sandbox: a terminal domain the fixtures registered, a
 * customer or card the sandbox does not know, a check a setting turned on. The provider's answer
 * to them stays byte for byte what the provider sends (it says nothing about the sandbox), so the
 * sandbox says it beside the answer: in an `x-sandbox-hint` response header and as the journal
 * entry's `note`, both naming the setting or control-plane route that changes it.
 */
import type { FastifyReply } from 'fastify'
import { DEFAULT_TENANT } from '../state/model.js'

export const SANDBOX_HINT_HEADER = 'x-sandbox-hint'

/**
 * A header value must be Latin-1 (Node refuses anything else) and one line: hints are English,
 * and whatever a request put into one (a host, a card number) is reduced to printable ASCII.
 */
const headerSafe = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?')

/** Tells the user, beside the provider's answer, which sandbox rule produced it and what changes it. */
export const sandboxHint = (reply: FastifyReply, text: string): void => {
  const hint = headerSafe(text)
  const earlier = reply.getHeader(SANDBOX_HINT_HEADER)
  reply.header(SANDBOX_HINT_HEADER, typeof earlier === 'string' && earlier !== '' ? `${earlier} | ${hint}` : hint)
  const info = reply.request.sandbox
  if (info) info.note = info.note ? `${info.note} | ${hint}` : hint
}

/** A control-plane route for a tenant, as a hint names it: `PATCH /__sandbox/vandar/settings?tenant=t_2`. */
export const controlRoute = (method: string, path: string, tenant: string, body?: unknown): string =>
  `${method} /__sandbox${path}${tenant === DEFAULT_TENANT ? '' : `?tenant=${encodeURIComponent(tenant)}`}${body === undefined ? '' : ' ' + JSON.stringify(body)}`
