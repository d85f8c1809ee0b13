/** A content type told by a file's first bytes, and whether a browser may show it inline. */
export interface SniffedType {
  readonly contentType: string;
  /** Images that cannot carry script; everything else is downloaded, never rendered. */
  readonly inline: boolean;
}

interface Signature {
  readonly offset: number;
  readonly bytes: readonly number[];
  readonly type: SniffedType;
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  {
    offset: 0,
    bytes: [0x89, ...ascii('PNG\r\n\x1a\n')],
    type: { contentType: 'image/png', inline: true },
  },
  { offset: 0, bytes: [0xff, 0xd8, 0xff], type: { contentType: 'image/jpeg', inline: true } },
  { offset: 0, bytes: ascii('GIF87a'), type: { contentType: 'image/gif', inline: true } },
  { offset: 0, bytes: ascii('GIF89a'), type: { contentType: 'image/gif', inline: true } },
  { offset: 8, bytes: ascii('WEBP'), type: { contentType: 'image/webp', inline: true } },
  { offset: 0, bytes: ascii('%PDF-'), type: { contentType: 'application/pdf', inline: false } },
  // Office documents (docx, xlsx, pptx) are zip files; the name tells which.
  {
    offset: 0,
    bytes: [0x50, 0x4b, 0x03, 0x04],
    type: { contentType: 'application/zip', inline: false },
  },
  {
    offset: 0,
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    type: { contentType: 'application/x-ole-storage', inline: false },
  },
];

const OFFICE_BY_EXTENSION: Readonly<Record<string, string>> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

function matches(bytes: Uint8Array, signature: Signature): boolean {
  if (bytes.length < signature.offset + signature.bytes.length) return false;
  return signature.bytes.every((byte, i) => bytes[signature.offset + i] === byte);
}

function isUtf8Text(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  if (sample.includes(0)) return false;
  try {
    // A sample cut mid-character is still text: only the end may be an incomplete sequence.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The content type of a file from its bytes (and, for Office files, its name), never from what
 * the uploader claimed: a file named `a.png` holding HTML is served as text/plain, as an
 * attachment. SVG and HTML are plain text here, since both can carry script.
 */
export function sniffContentType(bytes: Uint8Array, fileName: string): SniffedType {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  for (const signature of SIGNATURES) {
    if (!matches(bytes, signature)) continue;
    const office = OFFICE_BY_EXTENSION[extension];
    if (office && !signature.type.inline) return { contentType: office, inline: false };
    return signature.type;
  }
  if (bytes.length > 0 && isUtf8Text(bytes)) {
    if (extension === 'csv') return { contentType: 'text/csv; charset=utf-8', inline: false };
    return { contentType: 'text/plain; charset=utf-8', inline: false };
  }
  return { contentType: 'application/octet-stream', inline: false };
}
