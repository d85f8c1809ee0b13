import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, List, message, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WidgetProps } from '../widget-props.js';
import { type UploadedFile, useWidgetServices } from '../widget-services.js';

function filesOf(value: unknown): UploadedFile[] {
  return Array.isArray(value) ? (value as UploadedFile[]) : [];
}

/**
 * Uploads files to the server one by one and keeps their references in the field; each file
 * links to its download. The field's maxFiles and maxSizeMb are checked before uploading.
 */
export function AttachmentWidget({ field, value, onChange, id, readOnly }: WidgetProps) {
  const services = useWidgetServices();
  const { t } = useTranslation('views');
  const [busy, setBusy] = useState(false);
  const files = filesOf(value);
  const maxFiles = field.type === 'attachment' ? (field.maxFiles ?? 10) : 10;
  const maxBytes =
    field.type === 'attachment' && field.maxSizeMb ? field.maxSizeMb * 1024 * 1024 : Infinity;
  return (
    <div id={id}>
      <List
        size="small"
        dataSource={files}
        locale={{ emptyText: ' ' }}
        renderItem={(file) => (
          <List.Item
            actions={
              readOnly
                ? []
                : [
                    <Button
                      key="remove"
                      type="link"
                      danger
                      onClick={() => {
                        const rest = files.filter((f) => f.id !== file.id);
                        onChange(rest.length === 0 ? null : rest);
                      }}
                    >
                      ×
                    </Button>,
                  ]
            }
          >
            <a
              href={services?.fileUrl(file.id, field.name)}
              target="_blank"
              rel="noopener noreferrer"
            >
              <PaperClipOutlined /> {file.name}
            </a>
          </List.Item>
        )}
      />
      {readOnly || !services ? null : (
        <Upload
          showUploadList={false}
          multiple
          disabled={files.length >= maxFiles}
          beforeUpload={(file) => {
            if (file.size > maxBytes) {
              void message.error(
                `${file.name}: > ${field.type === 'attachment' ? field.maxSizeMb : ''} MB`,
              );
              return Upload.LIST_IGNORE;
            }
            setBusy(true);
            services
              .uploadFile(file)
              .then((uploaded) => onChange([...filesOf(value), uploaded].slice(0, maxFiles)))
              .catch(
                (error: unknown) => void message.error(String((error as Error).message ?? error)),
              )
              .finally(() => setBusy(false));
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} style={{ minHeight: 40 }}>
            {t('upload')}
          </Button>
        </Upload>
      )}
    </div>
  );
}
