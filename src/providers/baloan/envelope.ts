/** Baloan's success envelope (seed 001): message and message_code are empty strings on success. */
export const ok = <T>(data: T) => ({ status: 'ok' as const, message: '', message_code: '', data })
