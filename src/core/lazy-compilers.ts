/**
 * Fastify compiles every route's validator (AJV) and serializer (fast-json-stringify) when the
 * server starts: with four providers on seven hosts that is most of the start-up time. These
 * factories wrap Fastify's own compilers so each schema is compiled on its route's first
 * request instead — the same code, the same behaviour, paid only for the routes a run uses.
 */
import { createRequire } from 'node:module'

// Required on first use: loading AJV and fast-json-stringify is itself a good part of start-up.
const require = createRequire(import.meta.url)
type Factory<F> = () => (externalSchemas: unknown, options: unknown) => Compile<F>

type Validate = ((data: unknown) => unknown) & { errors?: unknown }
type Compile<F> = (routeSchema: unknown) => F

const lazyValidator = (compile: Compile<Validate>, routeSchema: unknown): Validate => {
  let compiled: Validate | undefined
  const validate: Validate = (data) => {
    compiled ??= compile(routeSchema)
    const result = compiled(data)
    // Fastify reads the errors from the function it was given.
    validate.errors = compiled.errors
    return result
  }
  return validate
}

export const lazyCompilersFactory = () => {
  let buildValidator: ReturnType<Factory<Validate>> | undefined
  let buildSerializer: ReturnType<Factory<(data: unknown) => string>> | undefined
  return {
    buildValidator: (externalSchemas: unknown, options: unknown) => {
      let compile: Compile<Validate> | undefined
      return (routeSchema: unknown) =>
        lazyValidator((schema) => {
          buildValidator ??= (require('@fastify/ajv-compiler') as Factory<Validate>)()
          compile ??= buildValidator(externalSchemas, options)
          return compile(schema)
        }, routeSchema)
    },
    buildSerializer: (externalSchemas: unknown, options: unknown) => {
      let compile: Compile<(data: unknown) => string> | undefined
      return (routeSchema: unknown) => {
        let compiled: ((data: unknown) => string) | undefined
        return (data: unknown) => {
          if (!compiled) {
            buildSerializer ??= (require('@fastify/fast-json-stringify-compiler') as Factory<(data: unknown) => string>)()
            compile ??= buildSerializer(externalSchemas, options)
            compiled = compile(routeSchema)
          }
          return compiled(data)
        }
      }
    }
  }
}
