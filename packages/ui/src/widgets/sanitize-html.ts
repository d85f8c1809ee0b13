import DOMPurify from 'dompurify';

/** The tags and attributes rich text keeps; everything else (script, style, on*, iframes) goes. */
const ALLOWED_TAGS = [
  'p',
  'br',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'ul',
  'ol',
  'li',
  'a',
  'h3',
  'h4',
  'blockquote',
  'code',
  'pre',
  'span',
  'div',
];
const ALLOWED_ATTR = ['href', 'title'];

/**
 * Rich text made safe to store and to show: only basic formatting tags, links only to http(s)
 * and mailto, opened in a new tab without opener.
 */
export function sanitizeHtml(html: string): string {
  const clean = DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
    RETURN_TRUSTED_TYPE: false,
  });
  return String(clean);
}
