import type { ObjectDoc } from '@tangram/schema';
import { Form, Input, Modal } from 'antd';
import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from './error-alert';
import { machineNameFrom } from './machine-name';
import { useSaveDraft } from './use-document';

/** The dialog creating an object: its label and machine name; it starts with a name field. */
export function NewObjectDialog(props: {
  open: boolean;
  onClose: () => void;
  taken: ReadonlySet<string>;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const navigate = useNavigate();
  const save = useSaveDraft();
  const [label, setLabel] = useState('');
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const shownName = nameTouched
    ? name
    : machineNameFrom(label, `object_${props.taken.size + 1}`, props.taken);
  const create = async () => {
    const document: ObjectDoc = {
      kind: 'object',
      schemaVersion: 1,
      name: shownName,
      label: { [locale]: label },
      nameField: 'name',
      fields: [
        { name: 'name', type: 'text', label: { [locale]: t('nameFieldLabel') }, required: true },
      ],
    };
    await save.mutateAsync({ document });
    props.onClose();
    navigate(`/designer/objects/${shownName}`);
  };
  return (
    <Modal
      open={props.open}
      title={t('newObject')}
      okText={t('create')}
      onOk={() => void create().catch(() => {})}
      okButtonProps={
        {
          disabled: label.trim() === '',
          loading: save.isPending,
          'data-testid': 'create-object',
        } as never
      }
      onCancel={props.onClose}
      destroyOnHidden
    >
      <ErrorAlert error={save.error} />
      <Form layout="vertical" component="div">
        <Form.Item label={t('objectLabel')} required>
          <Input
            autoFocus
            data-testid="object-label"
            value={label}
            onChange={(event: ChangeEvent<HTMLInputElement>) => setLabel(event.target.value)}
            onPressEnter={() => label.trim() !== '' && void create().catch(() => {})}
          />
        </Form.Item>
        <Form.Item label={t('machineName')} help={t('machineNameHelp')}>
          <Input
            data-testid="object-name"
            value={shownName}
            onChange={(event: ChangeEvent<HTMLInputElement>) => {
              setNameTouched(true);
              setName(event.target.value);
            }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
