/**
 * The target criteria of a campaign (issue 11, section 1): a small typed rule language that a
 * process owner can read as JSON and the editor can render as German sentences. Every rule is an
 * object with a `kind`; `all`, `any` and `not` combine rules. Validated with zod when a definition
 * is saved, so a bad rule is refused with the path to it (`criteria.rules.2.min`).
 *
 * Example, the credit-card upgrade of seed 000:
 * `{ "kind": "all", "rules": [ { "kind": "owns", "products": ["mastercard-classic"] },
 *   { "kind": "not", "rule": { "kind": "owns", "products": ["mastercard-gold"] } },
 *   { "kind": "age", "min": 18 } ] }`
 *
 * Pure (no I/O), so the API and workflows may both use it.
 */
import { z } from 'zod';
import { INTEREST_CODES, type InterestCode } from './customer-profile';
import { PRODUCT_CODES, type ProductCode } from './products';

export { PRODUCT_CODES };
/** Core banking's product codes (domain/products.ts). */
export type CriterionProduct = ProductCode;

export const SEGMENTS = ['youth', 'private', 'private-premium', 'wealth', 'business'] as const;
export const FEDERAL_STATES = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const;

const topic = z.string().regex(/^[a-z0-9-]{1,40}$/, 'a topic: lowercase letters, digits or dashes');
const products = z.array(z.enum(PRODUCT_CODES)).min(1).max(12);
const days = z.number().int().min(0).max(3650);

/** A rule that holds or not for one customer at one moment. */
export type Criterion =
  | { kind: 'all'; rules: Criterion[] }
  | { kind: 'any'; rules: Criterion[] }
  | { kind: 'not'; rule: Criterion }
  | { kind: 'segment'; in: Array<(typeof SEGMENTS)[number]> }
  | { kind: 'age'; min?: number; max?: number }
  | { kind: 'federal-state'; in: Array<(typeof FEDERAL_STATES)[number]> }
  | { kind: 'branch'; in: string[] }
  /** Holds at least one of the products. */
  | { kind: 'owns'; products: CriterionProduct[] }
  /**
   * The balances of the named products added up (of all products when none is named; debts count
   * negative) are above the amount in euros. Strictly above: 5,000.00 € is not above 5,000.
   */
  | { kind: 'balance-above'; euros: number; products?: CriterionProduct[] }
  /** One of the products (any when none is named) matures between today and today + days (bank calendar days, both included). */
  | { kind: 'maturity-within'; days: number; products?: CriterionProduct[] }
  /** The last contact on the topic (any purpose, any channel) is more than the days ago (bank calendar days), or there is none. */
  | { kind: 'last-contact-older-than'; topic: string; days: number }
  /** Advertising consent on the channel is on record. */
  | { kind: 'consent'; channel: 'phone' | 'email' }
  /** The customer mentioned one of the interests in the last year (profile update, section 3), e.g. `immobilienkauf`. */
  | { kind: 'interest'; in: InterestCode[] };

/**
 * How deep rules may nest (a leaf alone is depth 1). A process owner's rules stay far below it;
 * the limit keeps a hostile or broken definition from exhausting the stack, which zod's recursive
 * parse does at a few thousand levels, well inside a 100 kB request body.
 */
export const MAX_CRITERION_DEPTH = 10;

/**
 * Amounts are whole cents: `euros * 100` must be an integer up to floating-point noise, so that
 * the evaluator compares exact cents and the editor shows what was saved.
 */
const euros = z
  .number()
  .min(0)
  .max(100_000_000)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, { message: 'at most two decimal places (whole cents)' });

/** One node of the rule tree; the children are nodes again (the depth is checked once, at the root). */
const CriterionNodeSchema: z.ZodType<Criterion> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('all'), rules: z.array(CriterionNodeSchema).min(1).max(50) }),
    z.strictObject({ kind: z.literal('any'), rules: z.array(CriterionNodeSchema).min(1).max(50) }),
    z.strictObject({ kind: z.literal('not'), rule: CriterionNodeSchema }),
    z.strictObject({ kind: z.literal('segment'), in: z.array(z.enum(SEGMENTS)).min(1) }),
    z
      .strictObject({ kind: z.literal('age'), min: z.number().int().min(0).max(130).optional(), max: z.number().int().min(0).max(130).optional() })
      .refine((rule) => rule.min !== undefined || rule.max !== undefined, { message: 'needs min, max or both', path: ['min'] })
      .refine((rule) => rule.min === undefined || rule.max === undefined || rule.min <= rule.max, { message: 'must not be above max', path: ['min'] }),
    z.strictObject({ kind: z.literal('federal-state'), in: z.array(z.enum(FEDERAL_STATES)).min(1) }),
    z.strictObject({ kind: z.literal('branch'), in: z.array(z.string().regex(/^[A-Z]-\d{2,4}$/, 'a branch id such as F-01')).min(1).max(200) }),
    z.strictObject({ kind: z.literal('owns'), products }),
    z.strictObject({ kind: z.literal('balance-above'), euros, products: products.optional() }),
    z.strictObject({ kind: z.literal('maturity-within'), days, products: products.optional() }),
    z.strictObject({ kind: z.literal('last-contact-older-than'), topic, days }),
    z.strictObject({ kind: z.literal('consent'), channel: z.enum(['phone', 'email']) }),
    z.strictObject({ kind: z.literal('interest'), in: z.array(z.enum(INTEREST_CODES)).min(1).max(INTEREST_CODES.length) }),
  ]),
);

/**
 * The path of the first node nested deeper than {@link MAX_CRITERION_DEPTH}, or undefined. Walks
 * the raw JSON with an explicit stack, not by recursion: it runs before zod has seen the input,
 * precisely to keep deep input away from recursive code.
 */
function tooDeep(input: unknown): Array<string | number> | undefined {
  // `depth` counts the rules on the way down to `node`, the node included.
  const stack: Array<{ node: unknown; path: Array<string | number>; depth: number }> = [{ node: input, path: [], depth: 1 }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { node, path, depth } = entry;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_CRITERION_DEPTH) return path;
    // Only `rules` (all, any) and `rule` (not) lead to child rules.
    const { rules, rule } = node as { rules?: unknown; rule?: unknown };
    if (Array.isArray(rules)) rules.forEach((child, index) => stack.push({ node: child, path: [...path, 'rules', index], depth: depth + 1 }));
    if (rule !== undefined) stack.push({ node: rule, path: [...path, 'rule'], depth: depth + 1 });
  }
  return undefined;
}

/**
 * The rule language's schema; recursive through `all`, `any` and `not`. Refuses a bad rule with
 * the path to it inside the rule (`rules.1.min`), and a rule nested deeper than
 * {@link MAX_CRITERION_DEPTH} with the path of the first node too deep.
 */
export const CriterionSchema: z.ZodType<Criterion> = z.preprocess((input, ctx) => {
  const path = tooDeep(input);
  if (path) ctx.addIssue({ code: 'custom', path, message: `rules nest deeper than ${MAX_CRITERION_DEPTH} levels`, input });
  return input;
}, CriterionNodeSchema);
