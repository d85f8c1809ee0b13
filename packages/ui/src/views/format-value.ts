import type { FieldDef } from '@tangram/schema';
import { localize } from '../localize.js';
import { maskValue } from './mask-value.js';

/** A record as the records API answers it, with `$expanded` names of its lookups. */
export interface RecordRow {
  readonly id: string;
  readonly version: number;
  readonly $expanded?: Readonly<Record<string, { id: string; name: string | null } | null>>;
  readonly [field: string]: unknown;
}

/** Names the formatter cannot know by itself: regions and users, looked up by the app. */
export interface ValueNames {
  readonly region?: (code: string) => string | undefined;
  readonly user?: (id: string) => string | undefined;
}

const dateOnly = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

// Making an Intl formatter costs far more than using one: a 50-row page formats hundreds of cells.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

function dateFormat(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `d|${locale}|${withTime}`;
  let format = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
    });
    formatters.set(key, format);
  }
  return format;
}

/** A date (`YYYY-MM-DD`) or datetime in the locale's short form, datetimes in local time. */
export function formatDate(value: string, locale: string, withTime: boolean): string {
  const date = dateOnly(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return dateFormat(locale, withTime).format(date);
}

/** An amount in the field's currency, per locale (`¥1,200.00`, `CN¥1,200.00`). */
export function formatCurrency(value: number, currency: string, locale: string, scale = 2) {
  return numberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: scale,
    maximumFractionDigits: scale,
  }).format(value);
}

function formatNumber(value: number, locale: string, scale?: number) {
  return numberFormat(
    locale,
    scale === undefined ? {} : { minimumFractionDigits: scale, maximumFractionDigits: scale },
  ).format(value);
}

function optionLabel(field: FieldDef, value: string, locale: string): string {
  const options =
    field.type === 'single_select' || field.type === 'multi_select' ? field.options : [];
  const option = options.find((o) => o.value === value);
  return option ? localize(option.label, locale, value) : value;
}

/**
 * A field's value as text for lists, cards and record pages: dates, numbers and currency per
 * locale, option labels, lookup names from `$expanded`, sensitive values masked; '' when empty.
 */
export function formatValue(
  field: FieldDef,
  record: RecordRow,
  locale: string,
  names: ValueNames = {},
): string {
  const value = record[field.name];
  if (value === null || value === undefined || value === '') return '';
  let text: string;
  switch (field.type) {
    case 'date':
      text = formatDate(String(value), locale, false);
      break;
    case 'datetime':
      text = formatDate(String(value), locale, true);
      break;
    case 'currency':
      text = formatCurrency(Number(value), field.currency, locale, field.scale ?? 2);
      break;
    case 'percent':
      text = `${formatNumber(Number(value), locale, field.scale)}%`;
      break;
    case 'integer':
    case 'number':
    case 'rollup':
      text = formatNumber(Number(value), locale);
      break;
    case 'formula':
      text =
        field.resultType === 'currency' && field.currency
          ? formatCurrency(Number(value), field.currency, locale, field.scale ?? 2)
          : typeof value === 'number'
            ? formatNumber(value, locale, field.scale)
            : typeof value === 'boolean'
              ? value
                ? '✓'
                : '✗'
              : String(value);
      break;
    case 'boolean':
      text = value === true ? '✓' : '✗';
      break;
    case 'single_select':
      text = optionLabel(field, String(value), locale);
      break;
    case 'multi_select':
      text = (Array.isArray(value) ? value : [value])
        .map((v) => optionLabel(field, String(v), locale))
        .join(', ');
      break;
    case 'lookup':
    case 'master_detail':
      text = record.$expanded?.[field.name]?.name ?? String(value);
      break;
    case 'user':
    case 'department':
      text = (Array.isArray(value) ? value : [value])
        .map((v) => names.user?.(String(v)) ?? String(v).slice(0, 8))
        .join(', ');
      break;
    case 'region':
      text = names.region?.(String(value)) ?? String(value);
      break;
    case 'rating':
      text = '★'.repeat(Math.max(0, Math.min(Number(value), field.max ?? 5)));
      break;
    case 'attachment':
      text = Array.isArray(value)
        ? value.map((file) => String((file as { name?: unknown }).name ?? '')).join(', ')
        : '';
      break;
    case 'rich_text':
      // Tags are dropped for a one-line display; the record page renders the sanitised HTML.
      text = String(value)
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      break;
    default:
      text = String(value);
  }
  return maskValue(field, text);
}
