/** File types recognised by their first bytes, never by name or declared content type. */
export type SniffedType = 'pdf' | 'png' | 'jpg'

export const sniffFileType = (data: Buffer): SniffedType | undefined => {
  if (data.length >= 5 && data.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf'
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png'
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg'
  return undefined
}

export const mimeOf: Record<SniffedType, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg'
}

/** An uploaded multipart file, as providers see it after the body is flattened. */
export interface UploadedFile {
  filename: string
  mimetype: string
  data: Buffer
}

export const isUploadedFile = (v: unknown): v is UploadedFile =>
  typeof v === 'object' && v !== null && Buffer.isBuffer((v as UploadedFile).data)
