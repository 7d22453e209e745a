/**
 * Baloan's data per tenant (one store) and its fixtures. Amounts are integer rials.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { Faker } from '@faker-js/faker'
import { randomToken } from '../../core/ids.js'
import { nationalIdFromDigits } from '../../core/validators.js'
import type { CredentialSource } from '../../state/slice.js'

export interface BaloanCustomer {
  national_identifier: string
  /** available credit at this store, rials; 0 means no credit */
  credit: number
  phone: string
  first_name?: string
  last_name?: string
}

export interface BaloanOtp {
  code: string
  created_at: number
  expires_at: number
  wrong_attempts: number
}

export interface BaloanTransactionToken {
  token: string
  national_identifier: string
  created_at: number
  expires_at: number
  /** when settle-confirm consumed it; kept so a second use says "already used" */
  used_at: number | null
}

export interface BaloanSettlement {
  id: number
  version: 'v1' | 'v2'
  national_identifier: string
  code: string
  total: number
  credit_after: number
  invoice: { bytes: number; sha256: string }
  data: unknown
  created_at: string
}

export interface BaloanFile {
  uuid: string
  type: 'pdf' | 'png' | 'jpg'
  bytes: number
  /** base64 of the content; only the newest uploads keep it (see MAX_STORED_FILES) */
  content: string
  created_at: number
}

export interface BaloanSettings {
  /** what check-credit answers for a customer without credit: the envelope error, or 200 with 0 */
  no_credit: 'error' | 'zero'
  otp_length: number
  otp_ttl_seconds: number
  otp_max_wrong_attempts: number
  transaction_token_ttl_seconds: number
  file_url_ttl_seconds: number
}

export interface BaloanCredentials {
  /** v1 login name (the store name) */
  username: string
  password: string
  /** v2 login name */
  store_uuid: string
  /** the `user_id` claim of the store's JWTs */
  user_id: number
  /** the store's user uuid in uploaded files' URLs (the seed's URL shows d4f2ea9d-…) */
  user_uuid: string
}

declare module '../../state/model.js' {
  interface TenantData {
    baloan: BaloanTenant
  }
  interface TenantCredentials {
    baloan: BaloanCredentials
  }
}

/** A created store: user ids from 60001 on (the state's counter), never one another store holds. */
export const createBaloanCredentials = ({ nextSeq, tenants }: CredentialSource): BaloanCredentials => {
  // a state imported without Baloan credentials has tenants that lack them until completed
  const used = new Set(tenants().map((t) => t.credentials.baloan?.user_id))
  let userId = 60000 + nextSeq()
  while (used.has(userId)) userId = 60000 + nextSeq()
  return { username: `store_${randomBytes(4).toString('hex')}`, password: randomToken(12), store_uuid: randomUUID(), user_id: userId, user_uuid: randomUUID() }
}

export interface BaloanTenant {
  settings: BaloanSettings
  customers: Record<string, BaloanCustomer>
  otps: Record<string, BaloanOtp>
  transaction_tokens: Record<string, BaloanTransactionToken>
  settlements: BaloanSettlement[]
  /** data.code -> settlement id, for refusing a repeated code */
  settled_codes: Record<string, number>
  files: Record<string, BaloanFile>
}

export interface BaloanFixtures {
  settings: BaloanSettings
  customers: BaloanCustomer[]
  generated_customers: { count: number; without_credit_every: number }
}

const MOBILE_PREFIXES = ['0912', '0935', '0919', '0901', '0990', '0936', '0915', '0921']

/** The document customers first, then generated ones; every tenant gets the same list. */
export const createBaloanTenant = (fixtures: BaloanFixtures, faker: Faker): BaloanTenant => {
  const customers: Record<string, BaloanCustomer> = {}
  for (const c of fixtures.customers) customers[c.national_identifier] = { ...c }
  const { count, without_credit_every } = fixtures.generated_customers
  for (let i = 0; i < count; i++) {
    const nid = nationalIdFromDigits(faker.string.numeric({ length: 9, allowLeadingZeros: true }))
    if (customers[nid]) continue
    const withoutCredit = without_credit_every > 0 && i % without_credit_every === without_credit_every - 1
    customers[nid] = {
      national_identifier: nid,
      credit: withoutCredit ? 0 : faker.number.int({ min: 1, max: 50 }) * 10_000_000,
      phone: faker.helpers.arrayElement(MOBILE_PREFIXES) + faker.string.numeric({ length: 7, allowLeadingZeros: true }),
      first_name: faker.person.firstName(),
      last_name: faker.person.lastName()
    }
  }
  return {
    settings: { ...fixtures.settings },
    customers,
    otps: {},
    transaction_tokens: {},
    settlements: [],
    settled_codes: {},
    files: {}
  }
}
