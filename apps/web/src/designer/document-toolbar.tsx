import { App, Button, Input, Popover, Space, Tag } from 'antd';
import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiFetch } from '../api/http';
import { apiErrorMessage } from './api-error-message';
import { HistoryDrawer } from './history-drawer';
import { useInvalidateMetadata, usePublish } from './use-document';

/** A document's state and actions: publish (at once, or with a message), discard the draft, history, raw JSON. */
export function DocumentToolbar(props: {
  readonly kind: string;
  readonly name: string;
  readonly revision: number;
  readonly hasDraft: boolean;
  readonly publishedVersion: number | null;
  /** Other documents published together with this one (e.g. a form's object with a draft). */
  readonly alsoPublish?: readonly { kind: string; name: string }[];
  /** Called before publishing, e.g. to save unsaved edits as the draft. */
  readonly beforePublish?: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const publish = usePublish();
  const invalidate = useInvalidateMetadata();
  const [history, setHistory] = useState(false);
  const [note, setNote] = useState('');
  const [open, setOpen] = useState(false);
  const doPublish = async () => {
    try {
      await props.beforePublish?.();
      const result = await publish.mutateAsync({
        documents: [{ kind: props.kind, name: props.name }, ...(props.alsoPublish ?? [])],
        message: note,
      });
      setOpen(false);
      setNote('');
      message.success(
        t('published', {
          versions: result.published.map((p) => `${p.name} v${p.version}`).join(', '),
        }),
      );
    } catch (caught) {
      modal.error({ title: t('publishFailed'), content: apiErrorMessage(caught), width: 640 });
    }
  };
  const discard = async () => {
    try {
      await apiFetch('DELETE', `/api/v1/metadata/${props.kind}/${props.name}/draft`, undefined, {
        'if-match': `"${props.revision}"`,
      });
      await invalidate();
    } catch (caught) {
      modal.error({ title: t('discardFailed'), content: apiErrorMessage(caught) });
    }
  };
  return (
    <Space wrap>
      {props.publishedVersion ? (
        <Tag color="green">v{props.publishedVersion}</Tag>
      ) : (
        <Tag>{t('neverPublished')}</Tag>
      )}
      {props.hasDraft ? (
        <Tag color="orange" data-testid="draft-tag">
          {t('draft')}
        </Tag>
      ) : null}
      <Button
        type="primary"
        data-testid="publish-now"
        loading={publish.isPending}
        onClick={() => void doPublish()}
      >
        {t('publish')}
      </Button>
      <Popover
        open={open}
        onOpenChange={setOpen}
        trigger="click"
        content={
          <Space direction="vertical">
            <Input
              placeholder={t('publishMessage')}
              value={note}
              data-testid="publish-message"
              onChange={(event: ChangeEvent<HTMLInputElement>) => setNote(event.target.value)}
              onPressEnter={() => void doPublish()}
            />
            <Button
              type="primary"
              block
              loading={publish.isPending}
              data-testid="confirm-publish"
              onClick={() => void doPublish()}
            >
              {t('publish')}
            </Button>
          </Space>
        }
      >
        <Button data-testid="publish">{t('publishWithNote')}</Button>
      </Popover>
      {props.hasDraft && props.publishedVersion ? (
        <Button onClick={() => void discard()} data-testid="discard-draft">
          {t('discardDraft')}
        </Button>
      ) : null}
      {props.publishedVersion ? (
        <Button onClick={() => setHistory(true)} data-testid="open-history">
          {t('history')}
        </Button>
      ) : null}
      <Link to={`/designer/raw/${props.kind}/${props.name}`}>
        <Button data-testid="open-raw">{t('rawJson')}</Button>
      </Link>
      {history ? (
        <HistoryDrawer
          kind={props.kind}
          name={props.name}
          revision={props.revision}
          onClose={() => setHistory(false)}
        />
      ) : null}
    </Space>
  );
}
