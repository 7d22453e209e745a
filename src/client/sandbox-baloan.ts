/** SandboxClient.baloan: Baloan's simulation actions under /__sandbox/baloan. */
import type { BaloanCustomer, BaloanSettings, BaloanSettlement } from '../providers/baloan/model.js'
import { at, enc, split, tenantOf, type Call, type TenantOption } from './sandbox-call.js'

export type { BaloanCustomer, BaloanSettings, BaloanSettlement }

export type BaloanCustomerInput = Partial<Omit<BaloanCustomer, 'national_identifier'>>

export class BaloanActions {
  constructor(private readonly call: Call) {}

  /** Sets (or creates: `phone` needed) a customer's credit (rial), phone and name. */
  setCustomer(national_identifier: string, options: BaloanCustomerInput & TenantOption): Promise<BaloanCustomer>
  /** @deprecated use `setCustomer(national_identifier, { ...body, tenant })` */
  setCustomer(national_identifier: string, body: BaloanCustomerInput, tenant: string | undefined): Promise<BaloanCustomer>
  setCustomer(national_identifier: string, options: BaloanCustomerInput & TenantOption, tenant?: string) {
    const { tenant: t, body } = split(options)
    return this.call<BaloanCustomer>('PUT', at(`/baloan/customers/${enc(national_identifier)}`, tenant ?? t), body)
  }

  customer(national_identifier: string, options?: TenantOption): Promise<BaloanCustomer>
  /** @deprecated use `customer(national_identifier, { tenant })` */
  customer(national_identifier: string, tenant: string): Promise<BaloanCustomer>
  customer(national_identifier: string, options?: TenantOption | string) {
    return this.call<BaloanCustomer>('GET', at(`/baloan/customers/${enc(national_identifier)}`, tenantOf(options).tenant))
  }

  async customers(options: TenantOption = {}): Promise<BaloanCustomer[]> {
    return (await this.call<{ customers: BaloanCustomer[] }>('GET', at('/baloan/customers', options.tenant))).customers
  }

  /** Confirmed settlements (settle-confirm), oldest first. */
  settlements(options?: TenantOption): Promise<BaloanSettlement[]>
  /** @deprecated use `settlements({ tenant })` */
  settlements(tenant: string): Promise<BaloanSettlement[]>
  async settlements(options?: TenantOption | string) {
    return (await this.call<{ settlements: BaloanSettlement[] }>('GET', at('/baloan/settlements', tenantOf(options).tenant))).settlements
  }

  /** Reads the settings, or changes the fields given and answers all of them. */
  settings(options?: Partial<BaloanSettings> & TenantOption): Promise<BaloanSettings>
  /** @deprecated use `settings({ ...patch, tenant })` */
  settings(patch: Partial<BaloanSettings>, tenant?: string): Promise<BaloanSettings>
  settings(options: Partial<BaloanSettings> & TenantOption = {}, tenant?: string) {
    const { tenant: t, body } = split(options)
    const path = at('/baloan/settings', tenant ?? t)
    return Object.keys(body).length === 0 ? this.call<BaloanSettings>('GET', path) : this.call<BaloanSettings>('PATCH', path, body)
  }
}
