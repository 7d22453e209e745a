/**
 * Baloan's request and response shapes (seed 001, specs/baloan.md §2.4–2.5). The server
 * validates with them and the typed client takes its types from them.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import type { UploadedFile } from '../../core/files.js'

// DRF CharFields: a JSON number is accepted as its string (coercion), blank is refused.
const NationalIdentifier = Type.String({ minLength: 1, description: "Store's customer national identifier (10 digits)", examples: ['0012345678'] })
const Text = (description: string, examples?: string[]) => Type.String({ minLength: 1, description, examples })
/** A multipart file part; JSON Schema cannot say "bytes", the handler checks it. */
const FilePart = Type.Unsafe<UploadedFile>({ description: 'file part of a multipart/form-data body (binary)' })

// ---- requests ------------------------------------------------------------------------

export const TokenRequest = Type.Object({
  username: Text('v1: the store name; v2: the store UUID', ['store_name']),
  password: Text('store password', ['store_password'])
})
export const TokenRefreshRequest = Type.Object({ refresh: Text('the refresh JWT from /token/') })
export const NationalIdRequest = Type.Object({ national_identifier: NationalIdentifier })
export const ValidateCreditOtpRequest = Type.Object({
  national_identifier: NationalIdentifier,
  otp: Text('OTP code received by the user by SMS', ['11111'])
})
export const FileUploadRequest = Type.Object({ file: FilePart })
const SettleData = Text('JSON string: {"code": order code, "bill": {"total": rials}}', ['{"code":"TLC-111111", "bill":{"total":60000000}}'])
export const SettleConfirmV1Request = Type.Object({
  national_identifier: NationalIdentifier,
  otp: Text('the OTP the user received'),
  file: FilePart,
  data: SettleData
})
export const SettleConfirmV2Request = Type.Object({
  national_identifier: NationalIdentifier,
  data: SettleData,
  file: FilePart,
  token: Text('transaction token from validate-credit-otp')
})

/** The parsed `data` field of settle-confirm. */
export interface SettleData {
  code: string
  bill: { total: number; [k: string]: unknown }
  [k: string]: unknown
}

// ---- responses -----------------------------------------------------------------------

export const TokenPair = Type.Object({ refresh: Type.String(), access: Type.String() })
export const AccessToken = Type.Object({ access: Type.String() })

const Envelope = <T extends TSchema>(data: T) =>
  Type.Object({
    status: Type.Literal('ok'),
    message: Type.String(),
    message_code: Type.String(),
    data
  })

export const Empty = Type.Object({})
export const FileUploadData = Type.Object({
  uuid: Type.String({ format: 'uuid' }),
  file: Type.String({ description: 'presigned URL of the stored file, valid for an hour' })
})
export const CheckCreditV1Data = Type.Object({ national_identifier: Type.String(), amount: Type.Integer({ description: 'rials' }) })
export const CheckCreditV2Data = Type.Object({ national_identifier: Type.String(), user_credit: Type.Integer({ description: 'rials' }) })
export const ValidateCreditOtpData = Type.Object({ token: Type.String({ format: 'uuid' }) })
export const SettleConfirmV2Data = Type.Object({ user_credit: Type.Integer({ description: 'remaining credit, rials' }) })

export const FileUploadResponse = Envelope(FileUploadData)
export const CheckCreditV1Response = Envelope(CheckCreditV1Data)
export const CheckCreditV2Response = Envelope(CheckCreditV2Data)
export const EmptyResponse = Envelope(Empty)
export const ValidateCreditOtpResponse = Envelope(ValidateCreditOtpData)
export const SettleConfirmV2Response = Envelope(SettleConfirmV2Data)

export const ErrorEnvelope = Type.Object(
  {
    status: Type.Literal('error'),
    message: Type.String({ description: 'Persian, or English with Accept-Language: en' }),
    message_code: Type.String(),
    data: Type.Object({})
  },
  { description: 'business error' }
)
export const FieldErrorMap = Type.Record(Type.String(), Type.Unknown(), { description: "DRF field errors: {field: [messages]}" })
export const Detail = Type.Object({ detail: Type.String() }, { additionalProperties: true, description: 'DRF/simplejwt error' })

export type TokenRequest = Static<typeof TokenRequest>
export type TokenPair = Static<typeof TokenPair>
export type AccessToken = Static<typeof AccessToken>
export type FileUploadData = Static<typeof FileUploadData>
export type CheckCreditV1Data = Static<typeof CheckCreditV1Data>
export type CheckCreditV2Data = Static<typeof CheckCreditV2Data>
export type ValidateCreditOtpData = Static<typeof ValidateCreditOtpData>
export type SettleConfirmV2Data = Static<typeof SettleConfirmV2Data>
export type ErrorEnvelope = Static<typeof ErrorEnvelope>
export type BaloanEnvelope<T> = { status: 'ok'; message: string; message_code: string; data: T }

/** OpenAPI response map shared by the business endpoints. */
export const businessResponses = <T extends TSchema>(ok: T) => ({
  200: ok,
  400: Type.Union([ErrorEnvelope, FieldErrorMap], { description: 'business error envelope or DRF field errors' }),
  401: Detail,
  429: Detail
})
