import {
  BoldOutlined,
  ItalicOutlined,
  OrderedListOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Button, Space } from 'antd';
import { type MouseEvent, useEffect, useRef } from 'react';
import type { WidgetProps } from '../widget-props.js';
import { sanitizeHtml } from './sanitize-html.js';

const COMMANDS = [
  { command: 'bold', icon: <BoldOutlined /> },
  { command: 'italic', icon: <ItalicOutlined /> },
  { command: 'insertUnorderedList', icon: <UnorderedListOutlined /> },
  { command: 'insertOrderedList', icon: <OrderedListOutlined /> },
] as const;

/** Sanitised rich text shown read-only (record pages, read-only forms). */
export function RichTextView({ html }: { readonly html: string }) {
  // The HTML passes through sanitizeHtml: only formatting tags and safe links remain.
  return (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the same line.
    <div className="tangram-rich-text" dangerouslySetInnerHTML={{ __html: sanitizeHtml(html) }} />
  );
}

/**
 * A small rich-text editor (bold, italic, lists) over contentEditable; what it reports is
 * sanitised, so a pasted script or event handler never reaches the record.
 */
export function RichTextWidget({ value, onChange, id, readOnly, invalid }: WidgetProps) {
  const editor = useRef<HTMLDivElement>(null);
  const html = typeof value === 'string' ? value : '';

  // Only write the DOM when the value changed from outside, so the caret stays while typing.
  useEffect(() => {
    const element = editor.current;
    if (element && sanitizeHtml(element.innerHTML) !== sanitizeHtml(html))
      element.innerHTML = sanitizeHtml(html);
  }, [html]);

  if (readOnly) return <RichTextView html={html} />;
  const report = () => {
    const clean = sanitizeHtml(editor.current?.innerHTML ?? '');
    onChange(clean === '' || clean === '<br>' ? null : clean);
  };
  return (
    <div style={{ border: `1px solid ${invalid ? '#ff4d4f' : '#d9d9d9'}`, borderRadius: 6 }}>
      <Space size={4} style={{ padding: 4, borderBottom: '1px solid #f0f0f0' }}>
        {COMMANDS.map(({ command, icon }) => (
          <Button
            key={command}
            size="small"
            type="text"
            icon={icon}
            aria-label={command}
            onMouseDown={(event: MouseEvent) => {
              event.preventDefault();
              document.execCommand(command);
              report();
            }}
          />
        ))}
      </Space>
      {/* biome-ignore lint/a11y/useSemanticElements: a textarea cannot hold formatted text. */}
      <div
        id={id}
        ref={editor}
        role="textbox"
        aria-multiline="true"
        tabIndex={0}
        contentEditable
        suppressContentEditableWarning
        onInput={report}
        onBlur={report}
        style={{ minHeight: 96, padding: 8, outline: 'none' }}
      />
    </div>
  );
}
