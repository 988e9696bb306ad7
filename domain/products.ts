/**
 * The products Drehscheibe's processes look at (pilot table in DESIGN.md), by core banking's
 * codes: one list for the core-banking port and its adapter, the campaign criteria and the
 * care call. Pure.
 */
export const PRODUCT_CODES = [
  'current-account',
  'mastercard-classic',
  'mastercard-gold',
  'overnight-account',
  'savings-account',
  'savings-plan',
  'building-society-contract',
  'household-insurance',
  'overdraft',
  'consumer-loan',
  'mortgage',
  'securities-account',
] as const;
export type ProductCode = (typeof PRODUCT_CODES)[number];
