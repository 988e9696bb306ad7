/**
 * Target criteria as German sentences for the editor, e.g. for the seed's credit-card upgrade
 * "alle der folgenden: besitzt Mastercard Classic; besitzt nicht Mastercard Gold; Alter ab 18".
 *
 * A port of the server's `describeCriterion` (domain/campaign-criteria.ts): the web app is a pure
 * REST client and may not import it. Porting it, rather than asking a new server endpoint, keeps
 * the rendering live while the process owner types (no request per keystroke, no half-typed JSON
 * sent anywhere) and needs no change to the API; the API stays the one judge of whether a rule
 * is valid (400 naming its path). Unlike the server's version this one reads untrusted JSON:
 * whatever it cannot read it names instead of failing.
 */
import { FEDERAL_STATES, productLabel, SEGMENTS } from './labels';

type Rule = Record<string, unknown>;

const CHANNELS: Record<string, string> = { phone: 'Telefon', email: 'E-Mail' };

const isRule = (value: unknown): value is Rule => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const numberOr = (value: unknown, fallback: string): string => (typeof value === 'number' ? String(value) : fallback);

/** The rule as one German sentence; nested `all`/`any` inside a list in parentheses. */
export function describeCriterion(rule: unknown): string {
  if (!isRule(rule)) return `keine Regel (${JSON.stringify(rule)})`;
  switch (rule.kind) {
    case 'all':
      return `alle der folgenden: ${listed(rule.rules)}`;
    case 'any':
      return `mindestens eine der folgenden: ${listed(rule.rules)}`;
    case 'not':
      return describeNegated(rule.rule);
    case 'segment':
      return `Segment ${orList(strings(rule.in).map((segment) => SEGMENTS[segment] ?? segment))}`;
    case 'age':
      return `Alter ${ageRange(rule)}`;
    case 'federal-state':
      return `Bundesland ${orList(strings(rule.in).map(stateTitle))}`;
    case 'branch':
      return `Filiale ${orList(strings(rule.in))}`;
    case 'owns':
      return `besitzt ${orList(strings(rule.products).map(productLabel))}`;
    case 'balance-above':
      return `${balanceLabel(rule.products)} über ${typeof rule.euros === 'number' ? formatEuros(Math.round(rule.euros * 100)) : '?'}`;
    case 'maturity-within':
      return `${Array.isArray(rule.products) ? orList(strings(rule.products).map(productLabel)) : 'ein Produkt'} wird ${within(rule.days)} fällig`;
    case 'last-contact-older-than':
      return `letzter Kontakt zum Thema ${String(rule.topic ?? '?')} mehr als ${rule.days === 1 ? '1 Tag' : `${numberOr(rule.days, '?')} Tage`} her (oder noch keiner)`;
    case 'consent':
      return `Werbeeinwilligung für ${CHANNELS[String(rule.channel)] ?? String(rule.channel)} liegt vor`;
    case 'interest':
      return `hat Interesse genannt: ${orList(strings(rule.in))}`;
    default:
      return `unbekannte Regel „${String(rule.kind ?? 'ohne kind')}“`;
  }
}

/**
 * The criteria typed into the editor, read out: the sentence, or why the text is no rule yet.
 * `list`: the text is a list of rules (the exclusions), each read out on its own.
 */
export function readRules(text: string, list: boolean): { ok: true; value: unknown; sentences: string[] } | { ok: false; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `Kein gültiges JSON: ${(error as Error).message}` };
  }
  if (list) {
    if (!Array.isArray(value)) return { ok: false, problem: 'Die Ausschlüsse sind eine Liste von Regeln in eckigen Klammern: [ … ].' };
    return { ok: true, value, sentences: value.map(describeCriterion) };
  }
  if (!isRule(value)) return { ok: false, problem: 'Die Zielkriterien sind eine Regel in geschweiften Klammern: { "kind": … }.' };
  return { ok: true, value, sentences: [describeCriterion(value)] };
}

function listed(rules: unknown): string {
  if (!Array.isArray(rules)) return '(keine Regeln)';
  return rules.map((rule) => (isRule(rule) && (rule.kind === 'all' || rule.kind === 'any') ? `(${describeCriterion(rule)})` : describeCriterion(rule))).join('; ');
}

/** A `not` read the way people say it ("besitzt nicht Mastercard Gold", "Segment nicht Geschäftskunde"). */
function describeNegated(rule: unknown): string {
  if (!isRule(rule)) return `nicht (${describeCriterion(rule)})`;
  switch (rule.kind) {
    case 'owns': {
      const products = strings(rule.products);
      return products.length === 1 ? `besitzt nicht ${productLabel(products[0]!)}` : `besitzt keines der Produkte ${products.map(productLabel).join(', ')}`;
    }
    case 'segment':
      return `Segment nicht ${orList(strings(rule.in).map((segment) => SEGMENTS[segment] ?? segment))}`;
    case 'federal-state':
      return `Bundesland nicht ${orList(strings(rule.in).map(stateTitle))}`;
    case 'branch':
      return `Filiale nicht ${orList(strings(rule.in))}`;
    case 'consent':
      return `keine Werbeeinwilligung für ${CHANNELS[String(rule.channel)] ?? String(rule.channel)}`;
    case 'interest':
      return `hat keines der Interessen genannt: ${strings(rule.in).join(', ')}`;
    case 'all':
      return `nicht alle der folgenden: ${listed(rule.rules)}`;
    case 'any':
      return `keine der folgenden: ${listed(rule.rules)}`;
    default:
      return `nicht (${describeCriterion(rule)})`;
  }
}

function ageRange({ min, max }: Rule): string {
  if (min !== undefined && max !== undefined) return `${numberOr(min, '?')} bis ${numberOr(max, '?')}`;
  if (min !== undefined) return `ab ${numberOr(min, '?')}`;
  if (max !== undefined) return `bis ${numberOr(max, '?')}`;
  return 'ohne Grenzen (min oder max fehlt)';
}

function balanceLabel(products: unknown): string {
  if (!Array.isArray(products)) return 'Gesamtsaldo aller Produkte';
  const names = strings(products).map(productLabel);
  return names.length === 1 ? `Saldo ${names[0]}` : `Saldo ${andList(names)} zusammen`;
}

function within(days: unknown): string {
  if (days === 0) return 'heute';
  return `innerhalb von ${days === 1 ? '1 Tag' : `${numberOr(days, '?')} Tagen`}`;
}

function stateTitle(code: string): string {
  return FEDERAL_STATES[code] ?? code;
}

function joinLast(items: readonly string[], word: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}
const orList = (items: readonly string[]) => joinLast(items, 'oder');
const andList = (items: readonly string[]) => joinLast(items, 'und');

/** German money: "12.345,67 €", whole euros without cents ("5.000 €"). */
function formatEuros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const rest = abs % 100;
  return `${sign}${euros}${rest === 0 ? '' : `,${String(rest).padStart(2, '0')}`} €`;
}
