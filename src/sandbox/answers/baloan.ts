/** The answers of Baloan's simulation actions (/__sandbox/baloan/...). */
import { Type, type Static } from '@sinclair/typebox'
import type { BaloanCustomer, BaloanSettings, BaloanSettlement } from '../../providers/baloan/model.js'
import { OneOf, agrees, type Agrees } from './common.js'

export const BaloanCustomerAnswer = Type.Object(
  {
    national_identifier: Type.String({ examples: ['4311204302'] }),
    credit: Type.Integer({ description: 'available credit at this store, rial; 0: none' }),
    phone: Type.String({ examples: ['09351234567'] }),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String())
  },
  { description: 'a Baloan customer' }
)
agrees<Agrees<Static<typeof BaloanCustomerAnswer>, BaloanCustomer>>()
export const BaloanCustomersAnswer = Type.Object({ customers: Type.Array(BaloanCustomerAnswer) }, { description: "the tenant's customers" })

const Settlement = Type.Object({
  id: Type.Integer(),
  version: OneOf(['v1', 'v2']),
  national_identifier: Type.String(),
  code: Type.String({ description: 'data.code of settle-confirm' }),
  total: Type.Integer({ description: 'rial' }),
  credit_after: Type.Integer(),
  invoice: Type.Object({ bytes: Type.Integer(), sha256: Type.String() }),
  data: Type.Unknown({ description: 'the data field as sent' }),
  created_at: Type.String()
})
agrees<Agrees<Static<typeof Settlement>, BaloanSettlement>>()
export const BaloanSettlementsAnswer = Type.Object({ settlements: Type.Array(Settlement) }, { description: 'confirmed settlements' })

export const BaloanSettingsAnswer = Type.Object(
  {
    no_credit: OneOf(['error', 'zero']),
    otp_length: Type.Integer(),
    otp_ttl_seconds: Type.Integer(),
    otp_max_wrong_attempts: Type.Integer(),
    transaction_token_ttl_seconds: Type.Integer(),
    file_url_ttl_seconds: Type.Integer()
  },
  { description: "the tenant's Baloan settings, after the change" }
)
agrees<Agrees<Static<typeof BaloanSettingsAnswer>, BaloanSettings>>()
