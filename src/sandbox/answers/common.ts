/**
 * The control plane's answers as TypeBox schemas: the `response` of every simulation action, so
 * the control-plane OpenAPI document shows them. The control plane serializes answers as built
 * (routes.ts); these schemas document them, the clients' return types agree with them (checked
 * at compile time below each schema), and the client tests check live answers against them.
 */
import { Type, type SchemaOptions, type TSchema } from '@sinclair/typebox'

/** A control-plane refusal: `error` is a stable code, `message` says what to do. */
export const Problem = Type.Object(
  {
    error: Type.String({ examples: ['tenant_not_found'] }),
    message: Type.String({ examples: ['no tenant "t_x"'] }),
    hint: Type.Optional(Type.String({ description: 'what to change in the sandbox, where the refusal is a sandbox rule' }))
  },
  { description: 'a refusal: a stable `error` code and a sentence' }
)

export const Nullable = <T extends TSchema>(schema: T, options: SchemaOptions = {}) => Type.Union([schema, Type.Null()], options)

/** One of a few strings, or null (null in the enum too, so OpenAPI's `nullable` validates). */
export const NullableOneOf = <const T extends string[]>(values: [...T], options: SchemaOptions = {}) =>
  Type.Unsafe<T[number] | null>({ ...options, type: 'string', nullable: true, enum: [...values, null] })

/** One of a few strings. */
export const OneOf = <const T extends string[]>(values: [...T], options: SchemaOptions = {}) => Type.Unsafe<T[number]>({ ...options, type: 'string', enum: values })

/** The `response` of a route: its success answer under each success status, and the refusals it can give. */
export const answers = (ok: TSchema, status: number | number[] = 200, refusals: number[] = []): Record<number, TSchema> => ({
  ...Object.fromEntries([status].flat().map((code) => [code, ok])),
  ...Object.fromEntries(refusals.map((code) => [code, Problem]))
})

/** Compile-time agreement of a schema's type and the type the code builds (each accepts the other). */
export type Agrees<S, M> = [S] extends [M] ? ([M] extends [S] ? true : false) : false
export const agrees = <T extends true>(): T | undefined => undefined

/** The redirect a hosted page would send the payer's browser to when the visit ends. */
export const RedirectUrl = (description: string) => Nullable(Type.String(), { description })
