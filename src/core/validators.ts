/**
 * Iranian identifiers. The checks come from @persian-tools/persian-tools; the generators only
 * exist because fixtures must be deterministic (faker with a fixed seed), which the library's
 * Math.random-based generator is not.
 */
import {
  verifyIranianNationalId,
  isPhoneNumberValid,
  isShebaValid,
  verifyCardNumber,
  digitsEnToFa,
  digitsFaToEn,
  digitsArToEn,
  addCommas
} from '@persian-tools/persian-tools'

export const isNationalIdFormat = (value: string): boolean => /^\d{10}$/.test(value)

/** Format (10 digits) and the mod-11 check digit. */
export const isValidNationalId = (value: string): boolean =>
  isNationalIdFormat(value) && verifyIranianNationalId(value) === true

export const isValidMobile = (value: string): boolean => /^09\d{9}$/.test(value) && isPhoneNumberValid(value)

export const isValidIban = (value: string): boolean => isShebaValid(value)

export const isValidCardNumber = (value: string): boolean => /^\d{16}$/.test(value) && verifyCardNumber(Number(value)) === true

/** Completes nine digits with the national-id check digit. */
export const nationalIdFromDigits = (nine: string): string => {
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i)
  const r = sum % 11
  return nine + String(r < 2 ? r : 11 - r)
}

/** Persian and Arabic-Indic digits to ASCII, as Iranian APIs accept both. */
export const toEnglishDigits = (value: string): string => digitsArToEn(digitsFaToEn(value))

export const toPersianDigits = (value: string | number): string => digitsEnToFa(String(value))

export const groupThousands = (value: number): string => String(addCommas(value))
