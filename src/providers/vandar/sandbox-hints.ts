/**
 * What the sandbox says beside Vandar's answer when a rule only the sandbox's own data decides
 * refused a request (core/hints.ts): the terminal domains and IP whitelist live in the tenant's
 * settings, and the owner of a card is what the sandbox's card registry says.
 */
import { controlRoute } from '../../core/hints.js'
import type { Tenant } from '../../state/model.js'

const list = (items: string[]) => (items.length === 0 ? 'none' : items.join(', '))

export const callbackDomainHint = (tenant: Tenant, host: string): string =>
  `callback_url's host ${host} is not a terminal domain of this tenant (callback_domains: ${list(tenant.vandar.settings.callback_domains)}); ` +
  `add it with ${controlRoute('POST', '/vandar/ipg/domains', tenant.id, { domain: host })} ` +
  `or set the list with ${controlRoute('PATCH', '/vandar/settings', tenant.id, { callback_domains: [...tenant.vandar.settings.callback_domains, host] })}`

export const ipWhitelistHint = (tenant: Tenant, ip: string): string =>
  `the request's IP ${ip} is not on this tenant's IP whitelist (allowed_ips: ${list(tenant.vandar.settings.allowed_ips)}); ` +
  `change it with ${controlRoute('PATCH', '/vandar/settings', tenant.id, { allowed_ips: [] })} (an empty list allows every IP)`

export const refererHint = (tenant: Tenant, referer: string | undefined): string => {
  let host = ''
  try {
    host = referer ? new URL(referer).hostname.replace(/^\[|\]$/g, '') : ''
  } catch {
    /* an unreadable Referer is reported as sent */
  }
  const sent = referer ? `Referer ${host || referer}` : 'no Referer'
  return (
    `the payment page needs a Referer on a terminal domain of this tenant (callback_domains: ${list(tenant.vandar.settings.callback_domains)}) and got ${sent}; ` +
    (host ? `add the domain with ${controlRoute('POST', '/vandar/ipg/domains', tenant.id, { domain: host })}, ` : 'open the page from the merchant site, ') +
    `or turn the check off with ${controlRoute('PATCH', '/vandar/settings', tenant.id, { require_referer: false })}`
  )
}

/** A national_code payment refused a card because of what the sandbox's card registry says. */
export const cardOwnerHint = (tenant: Tenant, card: string, nationalCode: string): string => {
  const owner = Object.hasOwn(tenant.vandar.cards, card) ? tenant.vandar.cards[card] : undefined
  const known = owner ? `card ${card} belongs to national code ${owner.national_code} in the sandbox's card registry` : `card ${card} is not in the sandbox's card registry`
  return `${known}, and this payment is for national code ${nationalCode}; register the card with ${controlRoute('PUT', `/vandar/cards/${card}`, tenant.id, { national_code: nationalCode })}`
}
