/** What SandboxClient's provider actions share: the call, the `tenant` option and its query. */

export type Call = <T>(method: string, path: string, json?: unknown) => Promise<T>

export interface TenantOption {
  /** the tenant to act on (a `POST /__sandbox/tenants` id); default the fixture tenant `default` */
  tenant?: string
}

export const enc = encodeURIComponent

/** `path?tenant=...` when a tenant is given. */
export const at = (path: string, tenant?: string) => (tenant ? `${path}?tenant=${enc(tenant)}` : path)

/** The options object of a call that also accepts the deprecated trailing `tenant` string. */
export const tenantOf = (options: string | TenantOption | undefined): TenantOption => (typeof options === 'string' ? { tenant: options } : (options ?? {}))

/** An options object split into the `tenant` (query) and the body fields (undefined ones dropped). */
export const split = <O extends TenantOption>(options: O | undefined): { tenant?: string; body: Omit<O, 'tenant'> } => {
  const { tenant, ...rest } = options ?? ({} as O)
  const body = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Omit<O, 'tenant'>
  return { tenant, body }
}
