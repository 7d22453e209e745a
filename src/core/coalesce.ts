/**
 * Answers leave together once per event-loop turn. Every write to a local socket may have to wake
 * the client's process (on a VM, an interrupt to the other core): written one at a time between
 * handlers, a client that keeps up falls asleep after each answer and is woken for the next;
 * written back to back in the check phase that follows the poll phase which read their requests,
 * one wake-up serves a run of them. The wait is one turn of the loop (the check phase runs right
 * after that turn's handlers) and nothing about an answer changes, only when its bytes reach the
 * kernel; the measurements are in docs/performance.md.
 *
 * A plugin of its own (fastify-plugin, so its hook is the root's): the sandbox registers it
 * before any other onSend hook unless `coalesceAnswers: false`, so the hooks after it (the
 * journal) run once per answer, in the check phase, with the payload that is written.
 */
import type { FastifyPluginCallback, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyReply {
    /** its answer is waiting for this turn's check phase */
    answerQueued: boolean
  }
}

type Continue = (err: null, payload: unknown) => void

const coalescing: FastifyPluginCallback = (app, _options, next) => {
  app.decorateReply('answerQueued', false)
  // flat triples (reply, continuation, payload): no object per answer
  let pending: unknown[] = []

  /** What Fastify does when writing an answer throws in a handler's turn: a 500 through the error handler. */
  const failed = (reply: FastifyReply, err: unknown) => {
    if (reply.raw.headersSent) return void reply.raw.destroy()
    reply.send(err instanceof Error ? err : new Error(String(err)))
  }

  const flush = () => {
    const list = pending
    pending = []
    for (let i = 0; i < list.length; i += 3) {
      // Once written, Fastify drops a further send itself; one that comes while this answer is
      // on its way (a later hook or the write failed, and Fastify answers the error) must pass.
      ;(list[i] as FastifyReply).answerQueued = false
      try {
        ;(list[i + 1] as Continue)(null, list[i + 2])
      } catch (err) {
        failed(list[i] as FastifyReply, err)
      }
    }
  }

  app.addHook('onSend', (_req, reply, payload, done) => {
    // Fastify drops a second `send` of one reply once the first is written; with the first still
    // queued, a handler that answered through a helper and then returned undefined would send
    // again, so the second is dropped here instead.
    if (reply.answerQueued) return
    reply.answerQueued = true
    if (pending.length === 0) setImmediate(flush)
    pending.push(reply, done, payload)
  })
  next()
}

/** Writes the answers of one event-loop turn together, in its check phase. */
export const answerCoalescing = fp(coalescing, { name: 'answer-coalescing', fastify: '5.x' })
