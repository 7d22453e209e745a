/** Checks of uploaded files and of the settle-confirm `data` field, in DRF's words. */
import { isUploadedFile, sniffFileType, type SniffedType } from '../../core/files.js'
import { DRF, FieldValidationError, type FieldErrors, BaloanError } from './errors.js'
import type { SettleData } from './schemas.js'

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

/** The file's bytes and its type recognised by content; DRF's messages for what is not a file. */
export const fileField = (value: unknown, errors: FieldErrors): { data: Buffer; type: SniffedType | undefined } | undefined => {
  if (!isUploadedFile(value)) {
    errors.file = [value === undefined || value === '' ? DRF.noFile : DRF.notAFile]
    return undefined
  }
  if (value.data.length === 0) {
    errors.file = ['The submitted file is empty.']
    return undefined
  }
  if (value.data.length > MAX_UPLOAD_BYTES) throw new BaloanError('file_too_large')
  return { data: value.data, type: sniffFileType(value.data) }
}

const typeName = (v: unknown): string =>
  v === null ? 'NoneType' : Array.isArray(v) ? 'list' : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'dict'

/** `data` is a JSON string whose `code` and `bill.total` are required (seed 001). */
export const settleDataField = (raw: string, errors: FieldErrors): SettleData | undefined => {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    errors.data = [DRF.invalidJson]
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    errors.data = { non_field_errors: [DRF.notADict(typeName(parsed))] }
    return undefined
  }
  const obj = parsed as Record<string, unknown>
  const own: FieldErrors = {}
  const code = obj.code
  if (code === undefined || code === null) own.code = [code === null ? 'This field may not be null.' : DRF.required]
  else if (typeof code !== 'string' && typeof code !== 'number') own.code = [DRF.notString]
  else if (String(code).trim() === '') own.code = [DRF.blank]

  const bill = obj.bill
  if (bill === undefined || bill === null) own.bill = [bill === null ? 'This field may not be null.' : DRF.required]
  else if (typeof bill !== 'object' || Array.isArray(bill)) own.bill = { non_field_errors: [DRF.notADict(typeName(bill))] }
  else {
    const total = (bill as Record<string, unknown>).total
    const asNumber = typeof total === 'string' && /^\s*-?\d+\s*$/.test(total) ? Number(total) : total
    if (total === undefined || total === null) own.bill = { total: [total === null ? 'This field may not be null.' : DRF.required] }
    else if (typeof asNumber !== 'number' || !Number.isSafeInteger(asNumber)) own.bill = { total: [DRF.notInteger] }
    else if (asNumber < 1) own.bill = { total: ['Ensure this value is greater than or equal to 1.'] }
    else (bill as Record<string, unknown>).total = asNumber
  }
  if (Object.keys(own).length > 0) {
    errors.data = own
    return undefined
  }
  return { ...obj, code: String(code).trim(), bill: bill as SettleData['bill'] }
}

export const throwIfAny = (errors: FieldErrors): void => {
  if (Object.keys(errors).length > 0) throw new FieldValidationError(errors)
}
